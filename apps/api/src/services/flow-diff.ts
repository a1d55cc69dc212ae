/**
 * Flow diff: which flows change verdict between two workspaces (a draft `<base>~<draft>` and its base, or any two).
 *
 * - Given flows: each is verified against both compiled models; the ones whose verdict differs are listed (a flow
 *   that cannot be evaluated on one side, e.g. its VM exists only in the draft, is NOT_COMPARABLE).
 * - Range diff (every NIC pair and each NIC against external space, as port/address ranges with the responsible
 *   rules) belongs to the engine (`diffNetworks` in packages/engine/src/analyses/); it is not in the engine's public
 *   API yet, so `rangeDiffAvailable` is false and only the given flows are compared. No range logic lives here.
 */
import { badInput } from '../errors';
import { sliceConnection, type Connection, type PageArgs } from '../paging';
import { toQuery, type FlowExample } from './check-run';
import type { ServiceDeps } from './deps';
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

export interface FlowDiffEntry {
  change: FlowChange;
  index: number | null;
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
}

export interface FlowDiffInput extends PageArgs {
  base: string;
  compare: string;
  networkInterfaceIds?: readonly string[] | null;
  flows?: readonly FlowInput[] | null;
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
      example,
      before: b,
      after: a,
      description: describe(example, b, a, after),
    });
  });

  const count = (c: FlowChange) => entries.filter((e) => e.change === c).length;
  return {
    ...sliceConnection(entries, input, 50),
    summary: summarize(entries, after, flows.length),
    newlyAllowed: count('NEWLY_ALLOWED'),
    newlyDenied: count('NEWLY_DENIED'),
    notComparable: count('NOT_COMPARABLE'),
    comparedFlows: flows.length,
    rangeDiffAvailable: false,
  };
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
  lines.push(
    `${entries.length} of ${compared} given flow${compared === 1 ? '' : 's'} change verdict; range diff not available (the engine's diffNetworks is not released yet)`,
  );
  return lines;
}
