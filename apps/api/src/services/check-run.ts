/**
 * Runs a workspace's saved checks against a model (the workspace itself, or a draft of it) and records a CheckRun.
 *
 * Each check is decided exactly by the engine's `checkFlowRange` (check-range.ts) over its whole range, with the
 * engine's re-verified counterexample and its deciding rule. The API only resolves VM names to ARM ids.
 */
import type { CheckRun, SavedCheck } from '@flowverify/db';
import type { FlowQueryInput, NetworkInput } from '../engine';
import { badInput } from '../errors';
import { sliceConnection, type Connection, type PageArgs } from '../paging';
import { parseEndpoint, type CheckEndpoint } from './check-definitions';
import { checkRangeExactly, toEngineEndpoint, type EngineFlowRangeCheckResult } from './check-range';
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
  actual: 'ALLOW' | 'DENY' | null;
  decidingRuleName: string | null;
  decidingRuleId: string | null;
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
  const exact = checkRangeExactly(compiled.network, {
    source: toEngineEndpoint(source, vmIdOf(sources)),
    destination: toEngineEndpoint(destination, vmIdOf(destinations)),
    protocol: check.protocol as 'TCP' | 'UDP' | 'Any',
    sourcePorts: check.sourcePorts,
    destinationPorts: check.destinationPorts,
    expected: check.expected as 'Allow' | 'Deny',
  });
  return exactResult(result, exact, workspace);
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
