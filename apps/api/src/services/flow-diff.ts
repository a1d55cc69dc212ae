/**
 * Flow diff: which flows change verdict between two workspaces (a draft `<base>~<draft>` and its base, or any two).
 *
 * - Given flows: each is verified against both compiled models; the ones whose verdict differs are listed (a flow
 *   that cannot be evaluated on one side, e.g. its VM exists only in the draft, is NOT_COMPARABLE).
 * - Range diff (every NIC pair and each NIC against external space, as port/address ranges with the responsible
 *   rules) is the engine's `diffNetworks` (flow-diff-ranges.ts adapts it); each range comes with a concrete example
 *   flow, verified against both models for its before/after verdicts. No range logic lives here.
 * Given flows come first, then the ranges; the whole list is paged.
 */
import { badInput } from '../errors';
import { sliceConnection, type Connection, type PageArgs } from '../paging';
import { toQuery, type FlowExample } from './check-run';
import type { ServiceDeps } from './deps';
import {
  diffNetworkRanges,
  type EngineDecidingRule,
  type EngineDiffEndpoint,
  type EngineFlowChange,
} from './flow-diff-ranges';
import { getCompiledWorkspace, MAX_FLOWS_PER_CALL, type FlowInput } from './verify-flows';
import type { CompiledWorkspace } from './verifier-cache';

export type FlowChange = 'NEWLY_ALLOWED' | 'NEWLY_DENIED' | 'NOT_COMPARABLE';

export interface FlowDiffVerdict {
  access: 'ALLOW' | 'DENY' | null;
  ruleName: string | null;
  ruleId: string | null;
  networkSecurityGroupId: string | null;
  decidedBy: 'ADMIN_RULE' | 'SUBNET_NSG' | 'NIC_NSG' | 'NONE' | null;
  error: string | null;
}

export interface DiffRule {
  layer: 'ADMIN_RULE' | 'SUBNET_NSG' | 'NIC_NSG' | 'NONE';
  ruleName: string | null;
  networkSecurityGroupId: string | null;
  adminRuleId: string | null;
  access: 'ALLOW' | 'DENY';
  side: string | null;
}

export interface FlowRange {
  protocol: 'TCP' | 'UDP';
  source: string;
  destination: string;
  sourceNetworkInterfaceId: string | null;
  destinationNetworkInterfaceId: string | null;
  sourceAddresses: string[];
  destinationAddresses: string[];
  sourcePorts: string[];
  destinationPorts: string[];
  rulesBefore: DiffRule[];
  rulesAfter: DiffRule[];
}

export interface FlowDiffEntry {
  change: FlowChange;
  index: number | null;
  range: FlowRange | null;
  example: FlowExample;
  before: FlowDiffVerdict;
  after: FlowDiffVerdict;
  description: string;
}

export interface FlowDiffResult extends Connection<FlowDiffEntry> {
  summary: string[];
  newlyAllowed: number;
  newlyDenied: number;
  notComparable: number;
  comparedFlows: number;
  rangeDiffAvailable: boolean;
  truncated: boolean;
}

export interface FlowDiffInput extends PageArgs {
  base: string;
  compare: string;
  networkInterfaceIds?: readonly string[] | null;
  flows?: readonly FlowInput[] | null;
  ranges?: boolean | null;
  includeExternal?: boolean | null;
}

export async function diffFlows(deps: ServiceDeps, input: FlowDiffInput): Promise<FlowDiffResult> {
  const flows = input.flows ?? [];
  if (flows.length > MAX_FLOWS_PER_CALL) {
    throw badInput('TooManyFlows', `flowDiff compares at most ${MAX_FLOWS_PER_CALL} flows per call.`, {
      field: 'flows',
    });
  }
  const before = await getCompiledWorkspace(deps, input.base, { prefix: 'base.' });
  const after = await getCompiledWorkspace(deps, input.compare, { prefix: 'compare.' });
  requireKnownNics(input.networkInterfaceIds, before, after);
  const entries: FlowDiffEntry[] = [];
  flows.forEach((flow, index) => {
    const example: FlowExample = {
      workspace: input.compare,
      targetResourceId: flow.targetResourceId,
      targetNicResourceId: flow.targetNicResourceId ?? null,
      direction: flow.direction,
      protocol: flow.protocol,
      localIpAddress: flow.localIpAddress,
      localPort: flow.localPort,
      remoteIpAddress: flow.remoteIpAddress,
      remotePort: flow.remotePort,
    };
    const b = judge(before, example);
    const a = judge(after, example);
    if (b.access === a.access && b.error === a.error) return;
    const change: FlowChange =
      b.access === null || a.access === null
        ? 'NOT_COMPARABLE'
        : a.access === 'ALLOW'
          ? 'NEWLY_ALLOWED'
          : 'NEWLY_DENIED';
    entries.push({
      change,
      index,
      range: null,
      example,
      before: b,
      after: a,
      description: describe(example, b, a, after),
    });
  });
  const givenCount = entries.length;

  const ranges =
    input.ranges === false
      ? null
      : diffNetworkRanges(before.network, after.network, {
          ...(input.networkInterfaceIds ? { networkInterfaceIds: [...input.networkInterfaceIds] } : {}),
          includeExternal: input.includeExternal ?? true,
        });
  for (const c of ranges?.changes ?? []) entries.push(rangeEntry(c, input, before, after));

  const count = (c: FlowChange) => entries.filter((e) => e.change === c).length;
  return {
    ...sliceConnection(entries, input, 50),
    summary: [
      ...summarize(entries.slice(0, givenCount), after, flows.length),
      ...(ranges ? summarizeRanges(entries.slice(givenCount), ranges.truncated) : []),
    ],
    newlyAllowed: count('NEWLY_ALLOWED'),
    newlyDenied: count('NEWLY_DENIED'),
    notComparable: count('NOT_COMPARABLE'),
    comparedFlows: flows.length,
    rangeDiffAvailable: ranges !== null,
    truncated: ranges?.truncated ?? false,
  };
}

/** Every NIC named to narrow the range diff exists in one of the models (ARM ids compare case-insensitively). */
function requireKnownNics(
  ids: readonly string[] | null | undefined,
  before: CompiledWorkspace,
  after: CompiledWorkspace,
): void {
  if (!ids?.length) return;
  const known = new Set(
    [...before.snapshot.input.networkInterfaces, ...after.snapshot.input.networkInterfaces].map((n) =>
      n.id.toLowerCase(),
    ),
  );
  const index = ids.findIndex((id) => !known.has(id.toLowerCase()));
  if (index < 0) return;
  throw badInput(
    'NotFound',
    `networkInterfaceIds[${index}]: network interface '${ids[index]}' is in neither workspace.`,
    { field: 'networkInterfaceIds', index },
  );
}

const toRule = (r: EngineDecidingRule): DiffRule => ({
  layer: LAYERS[r.layer],
  ruleName: r.ruleName,
  networkSecurityGroupId: r.networkSecurityGroupId,
  adminRuleId: r.adminRuleId,
  access: r.access === 'Allow' ? 'ALLOW' : 'DENY',
  side: r.side ? r.side.toUpperCase() : null,
});

function endpointLabel(e: EngineDiffEndpoint, before: CompiledWorkspace, after: CompiledWorkspace): string {
  if (e.kind === 'external') return e.label;
  if (e.virtualMachineId) {
    const id = e.virtualMachineId.toLowerCase();
    const vm = [...after.snapshot.input.virtualMachines, ...before.snapshot.input.virtualMachines].find(
      (v) => v.id.toLowerCase() === id,
    );
    if (vm) return vm.name;
  }
  return e.networkInterfaceId.split('/').pop() ?? e.networkInterfaceId;
}

function rangeEntry(
  c: EngineFlowChange,
  input: FlowDiffInput,
  before: CompiledWorkspace,
  after: CompiledWorkspace,
): FlowDiffEntry {
  const q = c.example;
  const flow = {
    targetResourceId: q.targetResourceId,
    targetNicResourceId: q.targetNicResourceId ?? null,
    direction: q.direction === 'Inbound' ? ('INBOUND' as const) : ('OUTBOUND' as const),
    protocol: q.protocol === 'UDP' ? ('UDP' as const) : ('TCP' as const),
    localIpAddress: q.localIpAddress,
    localPort: q.localPort,
    remoteIpAddress: q.remoteIpAddress,
    remotePort: q.remotePort,
  };
  const b = judge(before, { workspace: input.base, ...flow });
  const a = judge(after, { workspace: input.compare, ...flow });
  // Open the example where its VM exists (a removed VM only exists in the base). Not judged by the verdict: a
  // stopped VM exists on both sides, yet IP flow verify evaluates it on neither (VmNotRunning).
  const inCompare = hasVm(after, flow.targetResourceId);
  const example: FlowExample = { workspace: inCompare ? input.compare : input.base, ...flow };
  const range: FlowRange = {
    protocol: c.protocol,
    source: endpointLabel(c.source, before, after),
    destination: endpointLabel(c.destination, before, after),
    sourceNetworkInterfaceId: c.source.kind === 'networkInterface' ? c.source.networkInterfaceId : null,
    destinationNetworkInterfaceId:
      c.destination.kind === 'networkInterface' ? c.destination.networkInterfaceId : null,
    sourceAddresses: c.sourceAddresses,
    destinationAddresses: c.destinationAddresses,
    sourcePorts: c.sourcePorts,
    destinationPorts: c.destinationPorts,
    rulesBefore: c.rulesBefore.map(toRule),
    rulesAfter: c.rulesAfter.map(toRule),
  };
  const change: FlowChange = c.change === 'newlyAllowed' ? 'NEWLY_ALLOWED' : 'NEWLY_DENIED';
  const rules = (c.change === 'newlyAllowed' ? c.rulesAfter : c.rulesBefore)
    .map((r) => r.ruleName)
    .filter(Boolean)
    .join(', ');
  const description =
    `${c.protocol} ${range.source} (${c.sourceAddresses.join(', ')}) → ${range.destination} ` +
    `(${c.destinationAddresses.join(', ')}) port ${c.destinationPorts.join(', ')}: ` +
    `${change === 'NEWLY_ALLOWED' ? 'Deny → Allow' : 'Allow → Deny'}${rules ? ` (${rules})` : ''}`;
  return { change, index: null, range, example, before: b, after: a, description };
}

/** "3 flow ranges newly allowed from Internet to vm-db (TCP 22)", one line per (change, source, destination). */
function summarizeRanges(entries: FlowDiffEntry[], truncated: boolean): string[] {
  const groups = new Map<string, { entry: FlowDiffEntry; count: number; ports: Set<string> }>();
  for (const e of entries) {
    const r = e.range!;
    const key = `${e.change}|${r.source}|${r.destination}`;
    const g = groups.get(key) ?? { entry: e, count: 0, ports: new Set<string>() };
    g.count++;
    for (const p of r.destinationPorts) g.ports.add(`${r.protocol} ${p}`);
    groups.set(key, g);
  }
  const lines = [...groups.values()].map(({ entry, count, ports }) => {
    const shownPorts =
      [...ports].slice(0, 6).join(', ') + (ports.size > 6 ? `, … (${ports.size - 6} more)` : '');
    return (
      `${count} flow range${count === 1 ? '' : 's'} newly ${entry.change === 'NEWLY_ALLOWED' ? 'allowed' : 'denied'} ` +
      `from ${entry.range!.source} to ${entry.range!.destination} (${shownPorts})`
    );
  });
  lines.push(
    `${entries.length} flow range${entries.length === 1 ? '' : 's'} change verdict` +
      (truncated ? ' (stopped at the limit; narrow with networkInterfaceIds)' : ''),
  );
  return lines;
}

function judge(compiled: CompiledWorkspace, flow: FlowExample): FlowDiffVerdict {
  const result = compiled.verifier.verifyFlow(toQuery(flow), {});
  if (!result.ok) {
    return {
      access: null,
      ruleName: null,
      ruleId: null,
      networkSecurityGroupId: null,
      decidedBy: null,
      error: `${result.error.code}: ${result.error.message}`,
    };
  }
  const v = result.verdict;
  return {
    access: v.access === 'Allow' ? 'ALLOW' : 'DENY',
    ruleName: v.ruleName ?? null,
    ruleId: v.ruleId ?? v.adminRuleId ?? null,
    networkSecurityGroupId: v.networkSecurityGroupId ?? null,
    decidedBy: layerOf(v.decidedBy),
    error: null,
  };
}

const LAYERS = { adminRule: 'ADMIN_RULE', subnetNsg: 'SUBNET_NSG', nicNsg: 'NIC_NSG', none: 'NONE' } as const;
const layerOf = (decidedBy: keyof typeof LAYERS): FlowDiffVerdict['decidedBy'] => LAYERS[decidedBy];

const hasVm = (compiled: CompiledWorkspace, id: string): boolean =>
  compiled.snapshot.input.virtualMachines.some((v) => v.id.toLowerCase() === id.toLowerCase());

function vmName(compiled: CompiledWorkspace, id: string): string {
  const vm = compiled.snapshot.input.virtualMachines.find((v) => v.id.toLowerCase() === id.toLowerCase());
  return vm?.name ?? id.split('/').pop() ?? id;
}

const shown = (v: FlowDiffVerdict) =>
  v.access === null
    ? 'not evaluable'
    : `${v.access === 'ALLOW' ? 'Allow' : 'Deny'}${v.ruleName ? ` (${v.ruleName})` : ''}`;

function describe(
  flow: FlowExample,
  b: FlowDiffVerdict,
  a: FlowDiffVerdict,
  after: CompiledWorkspace,
): string {
  const vm = vmName(after, flow.targetResourceId);
  const path =
    flow.direction === 'INBOUND'
      ? `${flow.remoteIpAddress}:${flow.remotePort} → ${vm} ${flow.localIpAddress}:${flow.localPort}`
      : `${vm} ${flow.localIpAddress}:${flow.localPort} → ${flow.remoteIpAddress}:${flow.remotePort}`;
  const dir = flow.direction === 'INBOUND' ? 'Inbound' : 'Outbound';
  return `${dir} ${flow.protocol} ${path}: ${shown(b)} → ${shown(a)}`;
}

/** "2 flows newly allowed to web-vm (TCP 22, 3389)", one line per (change, direction, VM), plus totals. */
function summarize(entries: FlowDiffEntry[], after: CompiledWorkspace, compared: number): string[] {
  const groups = new Map<
    string,
    { change: FlowChange; dir: string; vm: string; flows: number; ports: Set<string> }
  >();
  for (const e of entries) {
    const vm = vmName(after, e.example.targetResourceId);
    const dir = e.example.direction;
    const key = `${e.change}|${dir}|${vm}`;
    const g = groups.get(key) ?? { change: e.change, dir, vm, flows: 0, ports: new Set<string>() };
    g.flows++;
    g.ports.add(`${e.example.protocol} ${dir === 'INBOUND' ? e.example.localPort : e.example.remotePort}`);
    groups.set(key, g);
  }
  const words: Record<FlowChange, string> = {
    NEWLY_ALLOWED: 'newly allowed',
    NEWLY_DENIED: 'newly denied',
    NOT_COMPARABLE: 'not comparable',
  };
  const lines = [...groups.values()].map(
    (g) =>
      `${g.flows} flow${g.flows === 1 ? '' : 's'} ${words[g.change]} ${g.dir === 'INBOUND' ? 'to' : 'from'} ${g.vm} (${[...g.ports].join(', ')})`,
  );
  if (compared > 0) {
    lines.push(`${entries.length} of ${compared} given flow${compared === 1 ? '' : 's'} change verdict`);
  }
  return lines;
}
