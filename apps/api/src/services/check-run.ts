/**
 * Runs a workspace's saved checks against a model (the workspace itself, or a draft of it) and records a CheckRun
 * with the model version it ran on. Triggers: on demand (`manual`, `cli`), after an import (`import`), after every
 * modelling write (`mutation`; `draft` on a draft — in the background, coalesced, see check-run-scheduler.ts), after
 * a draft apply (`mutation`), and when a draft's `checkRun` is read (`draft`). `mutation`/`draft` runs are recorded
 * at most once per (workspace, model version, set of checks).
 *
 * Each check is decided exactly by the engine's `checkFlowRange` (check-range.ts) over its whole range, with the
 * engine's re-verified counterexample and its deciding rule. The API only resolves VM names to ARM ids.
 */
import { createHash } from 'node:crypto';
import type { CheckRun, SavedCheck, Workspace } from '@flowverify/db';
import type { FlowQueryInput, NetworkInput } from '../engine';
import { toWindow, type Connection, type PageArgs } from '../paging';
import { decodeKeysetCursor, keysetAfter, keysetConnection } from './audit';
import { parseEndpoint, type CheckEndpoint } from './check-definitions';
import { checkRunSchedulerFor } from './check-run-scheduler';
import {
  checkRangeExactly,
  toEngineEndpoint,
  type DecidedFlow,
  type EngineFlowRangeCheckResult,
} from './check-range';
import type { ServiceDeps } from './deps';
import { getCompiledWorkspace } from './verify-flows';
import type { CompiledWorkspace } from './verifier-cache';
import { requireWorkspace } from './workspaces';

export type CheckRunTrigger = 'manual' | 'import' | 'mutation' | 'draft' | 'cli';

/** A flow in VerifyFlowInput's shape (GraphQL enums), for the dashboard to open in IP flow verify. */
export interface FlowExample {
  workspace: string;
  targetResourceId: string;
  targetNicResourceId: string | null;
  direction: 'INBOUND' | 'OUTBOUND';
  protocol: 'TCP' | 'UDP';
  localIpAddress: string;
  localPort: string;
  remoteIpAddress: string;
  remotePort: string;
}

export interface CheckResult {
  checkId: string;
  name: string;
  passed: boolean;
  expected: 'ALLOW' | 'DENY';
  evaluatedFlows: number;
  message: string | null;
  counterexample: FlowExample | null;
  /**
   * The verdict, deciding rule and flow of the result: on a failure the counterexample's; on a pass a representative
   * flow of the range (the engine's `example`). Null when the check could not run (or, for a pass, when
   * its range holds no flow). Runs recorded before this field existed have none.
   */
  actual: 'ALLOW' | 'DENY' | null;
  decidingRuleName: string | null;
  decidingRuleId: string | null;
  decidingFlow?: FlowExample | null;
  /** `exact`: the engine's checkFlowRange decided the whole range. */
  method: string;
  /** Flows covered by an exact check (a decimal string: ranges can exceed 2^53). */
  flowsChecked?: string | null;
}

interface VmSide {
  vmId: string;
  name: string;
  ip: string;
}

type Side = { vm: VmSide } | { address: string };

/** sha256 of the checks' ids and versions: which set of checks a run evaluated. */
export function digestChecks(checks: readonly Pick<SavedCheck, 'id' | 'version'>[]): string {
  const parts = checks.map((c) => `${c.id}:${c.version}`).sort();
  return createHash('sha256').update(parts.join(',')).digest('hex');
}

const SLICE_MS = 8;

/**
 * Every check against one compiled model. Yields to the event loop every few milliseconds so that a background run
 * (after a write) does not hold up the requests being served meanwhile.
 */
async function evaluateChecks(
  compiled: CompiledWorkspace,
  workspace: string,
  checks: readonly SavedCheck[],
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let sliceStart = performance.now();
  for (const check of checks) {
    results.push(evaluateCheck(compiled, workspace, check));
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return results;
}

const runData = (
  workspaceId: string,
  trigger: CheckRunTrigger,
  compiled: CompiledWorkspace,
  checksDigest: string,
  results: CheckResult[],
  actorName: string | null,
) => {
  const passed = results.filter((r) => r.passed).length;
  return {
    workspaceId,
    trigger,
    passed,
    failed: results.length - passed,
    results: results as unknown as object,
    modelVersion: compiled.version,
    checksDigest,
    actorName,
  };
};

const actorOf = (deps: ServiceDeps) => deps.caller?.userName ?? null;

/**
 * Runs the saved checks that apply to `workspace` against the model of `target` (default: `workspace` itself) and
 * records the run under `target`: a new one for MANUAL, CLI and IMPORT; for MUTATION and DRAFT the one recorded for
 * that version, if any. The checks that apply to a draft (`<base>~<draft>`) are its base's (`ownerOf`), so
 * `runSavedChecks(workspace: "default~d")` runs default's checks against the draft's model; the run is recorded
 * under the draft, like `Draft.checkRun`'s DRAFT runs, and the base's run history is left alone.
 */
export async function runSavedChecks(
  deps: ServiceDeps,
  input: { workspace?: string | null; trigger?: CheckRunTrigger; target?: string | null },
): Promise<CheckRun> {
  const addressed = await requireWorkspace(deps, input.workspace);
  const owner = await ownerOf(deps, addressed);
  const target = input.target ? await requireWorkspace(deps, input.target) : addressed;
  const trigger = input.trigger ?? 'manual';
  if (AUTOMATIC.has(trigger)) return recordAutomaticRun(deps, { owner, target, trigger });
  const checks = await listChecksOf(deps, owner.id);
  const compiled = await getCompiledWorkspace(deps, target.name);
  const results = await evaluateChecks(compiled, target.name, checks);
  return deps.prisma.checkRun.create({
    data: runData(target.id, trigger, compiled, digestChecks(checks), results, actorOf(deps)),
  });
}

/** Runs recorded at most once per (workspace, model version, set of checks): a unique index in the database. */
const AUTOMATIC = new Set<CheckRunTrigger>(['mutation', 'draft']);

const listChecksOf = (deps: ServiceDeps, ownerId: string) =>
  deps.prisma.savedCheck.findMany({ where: { workspaceId: ownerId }, orderBy: { name: 'asc' } });

/**
 * The run of `owner`'s checks on `target`'s model at `compiled` (default: its current version), recorded once:
 * the recorded run for that version and set of checks when there is one, else evaluated and recorded (a concurrent
 * recorder of the same run wins the unique index; its row is returned).
 */
async function recordAutomaticRun(
  deps: ServiceDeps,
  input: {
    owner: Pick<Workspace, 'id'>;
    target: Pick<Workspace, 'id' | 'name'>;
    trigger: CheckRunTrigger;
    compiled?: CompiledWorkspace;
    checks?: SavedCheck[];
  },
): Promise<CheckRun> {
  const { target, trigger } = input;
  const checks = input.checks ?? (await listChecksOf(deps, input.owner.id));
  const checksDigest = digestChecks(checks);
  const compiled = input.compiled ?? (await getCompiledWorkspace(deps, target.name));
  const key = { workspaceId: target.id, modelVersion: compiled.version, checksDigest, trigger };
  const recorded = await deps.prisma.checkRun.findFirst({ where: key });
  if (recorded) return recorded;
  const results = await evaluateChecks(compiled, target.name, checks);
  const [created] = await deps.prisma.checkRun.createManyAndReturn({
    data: [runData(target.id, trigger, compiled, checksDigest, results, actorOf(deps))],
    skipDuplicates: true,
  });
  return created ?? deps.prisma.checkRun.findFirstOrThrow({ where: key });
}

/** The workspace whose saved checks apply to `ws`: its base for a draft, else itself. */
export async function ownerOf(deps: ServiceDeps, ws: Workspace): Promise<Workspace> {
  if (ws.kind !== 'draft' || !ws.baseWorkspaceId) return ws;
  return deps.prisma.workspace.findUniqueOrThrow({ where: { id: ws.baseWorkspaceId } });
}

/** The same, but only when the workspace has saved checks (import and apply hooks). */
export async function runSavedChecksIfAny(
  deps: ServiceDeps,
  workspaceId: string,
  trigger: CheckRunTrigger,
): Promise<CheckRun | null> {
  const ws = await deps.prisma.workspace.findUnique({ where: { id: workspaceId } });
  if (!ws) return null;
  const owner = await ownerOf(deps, ws);
  if ((await deps.prisma.savedCheck.count({ where: { workspaceId: owner.id } })) === 0) return null;
  return runSavedChecks(deps, { workspace: owner.name, target: ws.name, trigger });
}

/**
 * `Draft.checkRun`: the base's checks on the draft's current model. Reading has no effect beyond recording that
 * run once: the run recorded for this draft version and set of checks (by a write to the draft, or an earlier read)
 * is returned as it is; only the first read of a version nobody ran yet evaluates and records it. Null when the base
 * has no saved checks.
 */
export async function getDraftCheckRun(deps: ServiceDeps, draft: Workspace): Promise<CheckRun | null> {
  const owner = await ownerOf(deps, draft);
  const checks = await listChecksOf(deps, owner.id);
  if (checks.length === 0) return null;
  return recordAutomaticRun(deps, { owner, target: draft, trigger: 'draft', checks });
}

/**
 * After a committed modelling write (writeWorkspace): queue a run of the saved checks on `compiled` (the model at the
 * committed version), coalesced per workspace (check-run-scheduler.ts). Returns at once; never throws.
 */
export function scheduleCheckRunAfterWrite(deps: ServiceDeps, compiled: CompiledWorkspace): void {
  queueCheckRun(deps, compiled.workspaceId, compiled.version, async () => compiled);
}

/**
 * After a saved check was created, changed or deleted: queue a run of the workspace's (new) set of checks on its
 * current model version, like after a write (a run of that version already pending picks the new set up).
 */
export function scheduleCheckRun(deps: ServiceDeps, workspace: Pick<Workspace, 'id' | 'version'>): void {
  queueCheckRun(deps, workspace.id, workspace.version, (background) =>
    background.cache.get(workspace.id, workspace.version),
  );
}

/** Hands a run of `version`'s model to the workspace's scheduler, with deps that outlive the request. */
function queueCheckRun(
  deps: ServiceDeps,
  workspaceId: string,
  version: number,
  model: (background: ServiceDeps) => Promise<CompiledWorkspace>,
): void {
  const background: ServiceDeps = {
    prisma: deps.prisma,
    cache: deps.cache,
    logger: deps.logger,
    caller: deps.caller ?? null,
  };
  checkRunSchedulerFor(deps.prisma).schedule({
    workspaceId,
    version,
    logger: deps.logger,
    run: async () => {
      await runChecksAfterWrite(background, await model(background));
    },
  });
}

/** The scheduled run: skipped when superseded (a newer version committed) or when there are no checks. */
export async function runChecksAfterWrite(
  deps: ServiceDeps,
  compiled: CompiledWorkspace,
): Promise<CheckRun | null> {
  const ws = await deps.prisma.workspace.findUnique({ where: { id: compiled.workspaceId } });
  // Deleted, or a newer write (maybe in another API process) committed: that write's run covers it.
  if (!ws || ws.version !== compiled.version) return null;
  const owner = await ownerOf(deps, ws);
  const checks = await listChecksOf(deps, owner.id);
  if (checks.length === 0) return null;
  const trigger = ws.kind === 'draft' ? 'draft' : 'mutation';
  return recordAutomaticRun(deps, { owner, target: ws, trigger, compiled, checks });
}

export async function listCheckRuns(
  deps: ServiceDeps,
  workspace: string | null | undefined,
  page: PageArgs,
): Promise<Connection<CheckRun>> {
  const ws = await requireWorkspace(deps, workspace);
  // Newest first, paged by keyset in the database (runs are recorded after every write, results and all): the
  // next page continues after the last run read, however many runs were recorded meanwhile.
  const take = toWindow({ first: page.first }, 20).take;
  const position = decodeKeysetCursor(page.after);
  const after = keysetAfter(position);
  const where = { workspaceId: ws.id };
  const [runs, total] = await Promise.all([
    deps.prisma.checkRun.findMany({
      where: after ? { AND: [where, after] } : where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: 'skip' in position ? position.skip : 0,
      take: take + 1,
    }),
    deps.prisma.checkRun.count({ where }),
  ]);
  return keysetConnection(runs, take, position, total);
}

/** VMs by lower-cased ARM id and by lower-cased name, with the primary NIC's primary private IP. */
function indexVms(input: NetworkInput): {
  byId: Map<string, VmSide>;
  byName: Map<string, VmSide[]>;
  all: VmSide[];
} {
  const nics = new Map(input.networkInterfaces.map((n) => [n.id.toLowerCase(), n]));
  const all: VmSide[] = [];
  for (const vm of input.virtualMachines) {
    const ref = vm.networkInterfaces.find((n) => n.primary) ?? vm.networkInterfaces[0];
    const nic = ref ? nics.get(ref.id.toLowerCase()) : undefined;
    const config = nic?.ipConfigurations.find((c) => c.primary) ?? nic?.ipConfigurations[0];
    if (!config?.privateIPAddress) continue;
    all.push({ vmId: vm.id, name: vm.name, ip: config.privateIPAddress });
  }
  const byId = new Map(all.map((v) => [v.vmId.toLowerCase(), v]));
  const byName = new Map<string, VmSide[]>();
  for (const v of all) byName.set(v.name.toLowerCase(), [...(byName.get(v.name.toLowerCase()) ?? []), v]);
  return { byId, byName, all };
}

function resolveSide(endpoint: CheckEndpoint, vms: ReturnType<typeof indexVms>): Side[] | string {
  switch (endpoint.kind) {
    case 'anyVm':
      return vms.all.map((vm) => ({ vm }));
    case 'address':
      return [{ address: endpoint.label }];
    case 'vm': {
      const byId = endpoint.ref.startsWith('/') ? vms.byId.get(endpoint.ref.toLowerCase()) : undefined;
      if (byId) return [{ vm: byId }];
      const named = vms.byName.get(endpoint.ref.toLowerCase()) ?? [];
      if (named.length === 1) return [{ vm: named[0]! }];
      if (named.length > 1)
        return `VM name '${endpoint.ref}' is not unique in the workspace; use its ARM id.`;
      return `VM '${endpoint.ref}' does not exist in the workspace (or has no private IP).`;
    }
  }
}

/** One check against one compiled model. Never throws: problems become a failed result with a message. */
export function evaluateCheck(
  compiled: CompiledWorkspace,
  workspace: string,
  check: SavedCheck,
): CheckResult {
  const expected = check.expected === 'Allow' ? 'ALLOW' : 'DENY';
  const result: CheckResult = {
    checkId: check.id,
    name: check.name,
    passed: false,
    expected,
    evaluatedFlows: 0,
    message: null,
    counterexample: null,
    actual: null,
    decidingRuleName: null,
    decidingRuleId: null,
    decidingFlow: null,
    method: 'exact',
  };
  const source = parseEndpoint(check.source);
  const destination = parseEndpoint(check.destination);
  if (!source || !destination) return { ...result, message: 'The check has an unparseable side.' };
  const vms = indexVms(compiled.snapshot.input);
  const sources = resolveSide(source, vms);
  const destinations = resolveSide(destination, vms);
  if (typeof sources === 'string') return { ...result, message: `source: ${sources}` };
  if (typeof destinations === 'string') return { ...result, message: `destination: ${destinations}` };
  const vmIdOf = (sides: Side[]) => (sides.length === 1 && 'vm' in sides[0]! ? sides[0].vm.vmId : undefined);
  const rangeCheck = {
    source: toEngineEndpoint(source, vmIdOf(sources)),
    destination: toEngineEndpoint(destination, vmIdOf(destinations)),
    protocol: check.protocol as 'TCP' | 'UDP' | 'Any',
    sourcePorts: check.sourcePorts,
    destinationPorts: check.destinationPorts,
    expected: check.expected as 'Allow' | 'Deny',
  };
  const exact = checkRangeExactly(compiled.network, rangeCheck);
  // A pass names its deciding rule too: the rule that decided the range's representative flow (`example`).
  return exactResult(result, exact, workspace, exact.status === 'pass' ? (exact.example ?? null) : null);
}

/**
 * The engine's exact answer as a CheckResult. `flowsChecked`/`evaluatedFlows` count the flows of the range, which
 * the engine counts only when it decided the whole range (a pass); a failure stops at the first counterexample, so
 * there (and on an error) they are null and 0.
 */
function exactResult(
  base: CheckResult,
  exact: EngineFlowRangeCheckResult,
  workspace: string,
  representative: DecidedFlow | null,
): CheckResult {
  const flowsChecked = exact.flowsChecked ?? null;
  const result: CheckResult = {
    ...base,
    method: 'exact',
    flowsChecked,
    evaluatedFlows: flowsChecked === null ? 0 : Math.min(Number(flowsChecked), 2_147_483_647),
  };
  if (exact.status === 'error') {
    return {
      ...result,
      message: exact.error ? `${exact.error.code}: ${exact.error.message}` : 'The check failed.',
    };
  }
  if (exact.status === 'pass') {
    return { ...result, passed: true, ...(representative ? decision(representative, workspace) : {}) };
  }
  const c = exact.counterexample;
  if (!c) return { ...result, message: 'A flow in the range does not have the expected verdict.' };
  const decided = decision(c, workspace);
  const flow = decided.decidingFlow;
  const path =
    flow.direction === 'INBOUND'
      ? `${flow.remoteIpAddress} → ${flow.localIpAddress}:${flow.localPort}`
      : `${flow.localIpAddress} → ${flow.remoteIpAddress}:${flow.remotePort}`;
  const rule = decided.decidingRuleName;
  return {
    ...result,
    ...decided,
    counterexample: { ...flow },
    message: `${flow.protocol} ${path} is ${decided.actual === 'ALLOW' ? 'allowed' : 'denied'}${rule ? ` by ${rule}` : ''}`,
  };
}

/** A decided flow as a result's `decidingFlow`, `actual` and deciding rule. */
function decision(
  c: DecidedFlow,
  workspace: string,
): Pick<CheckResult, 'actual' | 'decidingRuleName' | 'decidingRuleId'> & { decidingFlow: FlowExample } {
  const q = c.query;
  const flow = example(
    workspace,
    q.targetResourceId,
    q.direction === 'Inbound' ? 'INBOUND' : 'OUTBOUND',
    q.protocol === 'UDP' ? 'UDP' : 'TCP',
    q.localIpAddress,
    q.localPort,
    q.remoteIpAddress,
    q.remotePort,
  );
  if (q.targetNicResourceId) flow.targetNicResourceId = q.targetNicResourceId;
  return {
    actual: c.verdict.access === 'Allow' ? 'ALLOW' : 'DENY',
    decidingRuleName: c.verdict.ruleName ?? null,
    decidingRuleId: c.verdict.ruleId ?? c.verdict.adminRuleId ?? null,
    decidingFlow: flow,
  };
}

function example(
  workspace: string,
  vmId: string,
  direction: 'INBOUND' | 'OUTBOUND',
  protocol: 'TCP' | 'UDP',
  localIpAddress: string,
  localPort: string,
  remoteIpAddress: string,
  remotePort: string,
): FlowExample {
  return {
    workspace,
    targetResourceId: vmId,
    targetNicResourceId: null,
    direction,
    protocol,
    localIpAddress,
    localPort,
    remoteIpAddress,
    remotePort,
  };
}

export function toQuery(flow: Omit<FlowExample, 'workspace'>): FlowQueryInput {
  return {
    targetResourceId: flow.targetResourceId,
    targetNicResourceId: flow.targetNicResourceId ?? null,
    direction: flow.direction === 'INBOUND' ? 'Inbound' : 'Outbound',
    protocol: flow.protocol,
    localIpAddress: flow.localIpAddress,
    localPort: flow.localPort,
    remoteIpAddress: flow.remoteIpAddress,
    remotePort: flow.remotePort,
  };
}
