/**
 * Runs a workspace's saved checks against a model (the workspace itself, or a draft of it) and records a CheckRun.
 *
 * Exact when the engine has `checkFlowRange` (check-range.ts): the whole range is decided, `method: "exact"`, with
 * the engine's re-verified counterexample. FALLBACK for an engine without it: representative flows — the range's
 * end ports (1 and 65535 for `*`), one address per non-VM side (the CIDR's first host; 52.0.0.10 for Internet),
 * every VM for `AnyVm`, each protocol for `Any` — so such a check can pass and still have a failing flow inside its
 * range; those results say `method: "representative"`.
 */
import type { CheckRun, SavedCheck } from '@flowverify/db';
import type { FlowQueryInput, NetworkInput } from '../engine';
import { badInput } from '../errors';
import { sliceConnection, type Connection, type PageArgs } from '../paging';
import { parseEndpoint, parsePortRange, type CheckEndpoint } from './check-definitions';
import { checkRangeExactly, toEngineEndpoint, type EngineFlowRangeCheckResult } from './check-range';
import type { ServiceDeps } from './deps';
import { getCompiledWorkspace } from './verify-flows';
import type { CompiledWorkspace } from './verifier-cache';
import { requireWorkspace } from './workspaces';

export type CheckRunTrigger = 'manual' | 'import' | 'mutation' | 'draft' | 'cli';

/** The fallback method's name (exact results say `exact`). */
export const CHECK_METHOD = 'representative';
/** Evaluations per check; a larger AnyVm × AnyVm range is cut there (and says so in its message). */
const MAX_EVALUATIONS_PER_CHECK = 20_000;

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
  actual: 'ALLOW' | 'DENY' | null;
  decidingRuleName: string | null;
  decidingRuleId: string | null;
  /** `exact` (the engine's checkFlowRange) or `representative` (interim fallback). */
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

/** Runs every saved check of `checksOf` against the model of `target` (default: the same workspace). */
export async function runSavedChecks(
  deps: ServiceDeps,
  input: { workspace?: string | null; trigger?: CheckRunTrigger; target?: string | null },
): Promise<CheckRun> {
  const owner = await requireWorkspace(deps, input.workspace);
  const target = input.target ? await requireWorkspace(deps, input.target) : owner;
  const checks = await deps.prisma.savedCheck.findMany({
    where: { workspaceId: owner.id },
    orderBy: { name: 'asc' },
  });
  const compiled = await getCompiledWorkspace(deps, target.name);
  const results = checks.map((c) => evaluateCheck(compiled, target.name, c));
  const passed = results.filter((r) => r.passed).length;
  return deps.prisma.checkRun.create({
    data: {
      workspaceId: target.id,
      trigger: input.trigger ?? 'manual',
      passed,
      failed: results.length - passed,
      results: results as unknown as object,
    },
  });
}

/** The same, but only when the workspace has saved checks (import and apply hooks). */
export async function runSavedChecksIfAny(
  deps: ServiceDeps,
  workspaceId: string,
  trigger: CheckRunTrigger,
): Promise<CheckRun | null> {
  const ws = await deps.prisma.workspace.findUnique({ where: { id: workspaceId } });
  if (!ws) return null;
  const owner = ws.kind === 'draft' && ws.baseWorkspaceId ? ws.baseWorkspaceId : ws.id;
  if ((await deps.prisma.savedCheck.count({ where: { workspaceId: owner } })) === 0) return null;
  const ownerRow =
    owner === ws.id ? ws : await deps.prisma.workspace.findUniqueOrThrow({ where: { id: owner } });
  return runSavedChecks(deps, { workspace: ownerRow.name, target: ws.name, trigger });
}

export async function listCheckRuns(
  deps: ServiceDeps,
  workspace: string | null | undefined,
  page: PageArgs,
): Promise<Connection<CheckRun>> {
  const ws = await requireWorkspace(deps, workspace);
  if (page.first != null && (page.first < 0 || page.first > 500)) {
    throw badInput('InvalidPageSize', 'first must be between 0 and 500.', { field: 'first' });
  }
  const runs = await deps.prisma.checkRun.findMany({
    where: { workspaceId: ws.id },
    orderBy: { at: 'desc' },
  });
  return sliceConnection(runs, page, 20);
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
      return [{ address: endpoint.address }];
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

function representativePorts(text: string, side: 'source' | 'destination'): string[] {
  const range = parsePortRange(text);
  if (!range) return [];
  if (range.wildcard) return side === 'source' ? ['*'] : ['1', '65535'];
  return range.from === range.to ? [String(range.from)] : [String(range.from), String(range.to)];
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
    method: CHECK_METHOD,
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
  const exact = checkRangeExactly(compiled.network, {
    source: toEngineEndpoint(source, vmIdOf(sources)),
    destination: toEngineEndpoint(destination, vmIdOf(destinations)),
    protocol: check.protocol as 'TCP' | 'UDP' | 'Any',
    sourcePorts: check.sourcePorts,
    destinationPorts: check.destinationPorts,
    expected: check.expected as 'Allow' | 'Deny',
  });
  if (exact) return exactResult(result, exact, workspace);
  const protocols: ('TCP' | 'UDP')[] =
    check.protocol === 'Any' ? ['TCP', 'UDP'] : [check.protocol as 'TCP' | 'UDP'];
  const dports = representativePorts(check.destinationPorts, 'destination');
  const sports = representativePorts(check.sourcePorts, 'source');
  let skipped: string | null = null;
  let truncated = false;

  outer: for (const src of sources) {
    for (const dst of destinations) {
      if ('vm' in src && 'vm' in dst && src.vm.vmId === dst.vm.vmId) continue;
      for (const protocol of protocols) {
        for (const dport of dports) {
          for (const sport of sports) {
            if (result.evaluatedFlows >= MAX_EVALUATIONS_PER_CHECK) {
              truncated = true;
              break outer;
            }
            const srcIp = 'vm' in src ? src.vm.ip : src.address;
            const dstIp = 'vm' in dst ? dst.vm.ip : dst.address;
            const flows: FlowExample[] = [];
            if ('vm' in dst) {
              flows.push(example(workspace, dst.vm.vmId, 'INBOUND', protocol, dstIp, dport, srcIp, sport));
            }
            if ('vm' in src) {
              // The source port is the local one when outbound; '*' is allowed there.
              flows.push(example(workspace, src.vm.vmId, 'OUTBOUND', protocol, srcIp, sport, dstIp, dport));
            }
            let allowed = true;
            let decisive: {
              flow: FlowExample;
              access: 'ALLOW' | 'DENY';
              ruleName: string | null;
              ruleId: string | null;
            } | null = null;
            let failedToEvaluate = false;
            for (const flow of flows) {
              const verdict = compiled.verifier.verifyFlow(toQuery(flow), {});
              if (!verdict.ok) {
                skipped ??= `${flow.direction.toLowerCase()} on ${flow.targetResourceId}: ${verdict.error.message}`;
                failedToEvaluate = true;
                break;
              }
              const access = verdict.verdict.access === 'Allow' ? 'ALLOW' : 'DENY';
              const ruleId = verdict.verdict.ruleId ?? verdict.verdict.adminRuleId ?? null;
              if (access === 'DENY') {
                allowed = false;
                decisive = { flow, access, ruleName: verdict.verdict.ruleName ?? null, ruleId };
                break;
              }
              decisive ??= { flow, access, ruleName: verdict.verdict.ruleName ?? null, ruleId };
            }
            if (failedToEvaluate) continue;
            result.evaluatedFlows++;
            const actual = allowed ? 'ALLOW' : 'DENY';
            if (actual !== expected && decisive && !result.counterexample) {
              result.counterexample = decisive.flow;
              result.actual = actual;
              result.decidingRuleName = decisive.ruleName;
              result.decidingRuleId = decisive.ruleId;
            }
          }
        }
      }
    }
  }
  const notes: string[] = [];
  if (result.counterexample) {
    const c = result.counterexample;
    notes.push(
      `${c.protocol} ${c.direction === 'INBOUND' ? `${c.remoteIpAddress} → ${c.localIpAddress}:${c.localPort}` : `${c.localIpAddress} → ${c.remoteIpAddress}:${c.remotePort}`} is ${result.actual === 'ALLOW' ? 'allowed' : 'denied'}` +
        (result.decidingRuleName ? ` by ${result.decidingRuleName}` : ''),
    );
  }
  if (truncated) notes.push(`stopped after ${MAX_EVALUATIONS_PER_CHECK} flows`);
  if (skipped) notes.push(`some flows could not be evaluated (${skipped})`);
  if (result.evaluatedFlows === 0 && !result.counterexample)
    notes.push('no flow of the check could be evaluated');
  result.passed = !result.counterexample && result.evaluatedFlows > 0;
  result.message = notes.length ? notes.join('; ') : null;
  return result;
}

/** The engine's exact answer as a CheckResult. */
function exactResult(base: CheckResult, exact: EngineFlowRangeCheckResult, workspace: string): CheckResult {
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
  if (exact.status === 'pass') return { ...result, passed: true };
  const c = exact.counterexample;
  if (!c) return { ...result, message: 'A flow in the range does not have the expected verdict.' };
  const q = c.query;
  const counterexample = example(
    workspace,
    q.targetResourceId,
    q.direction === 'Inbound' ? 'INBOUND' : 'OUTBOUND',
    q.protocol === 'UDP' ? 'UDP' : 'TCP',
    q.localIpAddress,
    q.localPort,
    q.remoteIpAddress,
    q.remotePort,
  );
  if (q.targetNicResourceId) counterexample.targetNicResourceId = q.targetNicResourceId;
  const actual = c.verdict.access === 'Allow' ? 'ALLOW' : 'DENY';
  const rule = c.verdict.ruleName ?? null;
  const path =
    counterexample.direction === 'INBOUND'
      ? `${counterexample.remoteIpAddress} → ${counterexample.localIpAddress}:${counterexample.localPort}`
      : `${counterexample.localIpAddress} → ${counterexample.remoteIpAddress}:${counterexample.remotePort}`;
  return {
    ...result,
    counterexample,
    actual,
    decidingRuleName: rule,
    decidingRuleId: c.verdict.ruleId ?? c.verdict.adminRuleId ?? null,
    message: `${counterexample.protocol} ${path} is ${actual === 'ALLOW' ? 'allowed' : 'denied'}${rule ? ` by ${rule}` : ''}`,
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
