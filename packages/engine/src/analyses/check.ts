/**
 * Saved checks: "every flow in this range must have this verdict", decided exactly on the interval form
 * (allowed-space.ts) — the whole range, never a sample — with a concrete counterexample re-verified by
 * verifyFlow.
 *
 * VM → VM (NIC, any VM): a flow is allowed iff the source's outbound and the destination's inbound allow;
 * every IP configuration of the source's NICs × every configuration of the destination's NICs (same family,
 * different NICs) is checked. VM ↔ addresses (prefix, service tag, any): only the VM's side (inbound when
 * the VM is the destination, outbound when it is the source), over every address of the other side in the
 * configuration's family. `anyVirtualMachine` means every running VM; a named VM that is not running is an
 * error (IP flow verify cannot evaluate it).
 */
import { parseAddressPrefix } from '../address';
import { compileForConfig } from '../compile';
import { indexNetwork, isKnownTag, key, tagSet, type NetworkIndex } from '../context';
import { createVerifier, type Verifier } from '../evaluate';
import type {
  FlowQueryInput,
  FlowVerdict,
  IpConfiguration,
  Issue,
  Network,
  NetworkInterface,
  VirtualMachine,
} from '../model';
import {
  type Addr,
  AnalysisContext,
  type Grid,
  type Outcome,
  type SideView,
  addFlatCuts,
  addSideCutsWithin,
  makeRegion,
  regionGrid,
  dec,
  maxOf,
  normaliseCuts,
  rangeText,
  remoteOffsets,
  segmentOf,
  sideView,
} from './allowed-space';

export type CheckEndpoint =
  | { kind: 'virtualMachine'; id: string }
  | { kind: 'networkInterface'; id: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'serviceTag'; tag: string }
  | { kind: 'anyVirtualMachine' }
  | { kind: 'any' };

export interface FlowRangeCheck {
  source: CheckEndpoint;
  destination: CheckEndpoint;
  protocol: 'TCP' | 'UDP' | 'Any';
  /** `*`, `n` or `a-b`. */
  sourcePorts: string;
  destinationPorts: string;
  expected: 'Allow' | 'Deny';
}

export interface FlowRangeCheckResult {
  status: 'pass' | 'fail' | 'error';
  /** Number of (protocol, source address, destination address, source port, destination port) flows covered. */
  flowsChecked?: string;
  counterexample?: { query: FlowQueryInput; verdict: FlowVerdict };
  /**
   * On a pass: a representative flow of the range with its verdict (re-verified by verifyFlow, so it names the
   * deciding rule) — the first flow the exact scan met. For VM → VM it is the destination's inbound evaluation,
   * or the source's outbound one when that is what denies. Absent when the range holds no flow.
   */
  example?: { query: FlowQueryInput; verdict: FlowVerdict };
  error?: Issue;
}

export interface VmConfig {
  vm: VirtualMachine;
  nic: NetworkInterface;
  cfg: IpConfiguration;
}

/** Per-network state shared by every check on that network (grids are memoised across calls). */
export interface NetworkAnalysis {
  idx: NetworkIndex;
  ctx: AnalysisContext;
  views: Map<string, SideView | null>;
  verifier: Verifier;
}

const analyses = new WeakMap<Network, NetworkAnalysis>();

export function analysisOf(network: Network): NetworkAnalysis {
  let a = analyses.get(network);
  if (!a) {
    a = {
      idx: indexNetwork(network),
      ctx: new AnalysisContext(),
      views: new Map(),
      verifier: createVerifier(network),
    };
    analyses.set(network, a);
  }
  return a;
}

export function viewOf(a: NetworkAnalysis, c: VmConfig, direction: 'Inbound' | 'Outbound'): SideView | null {
  const k = `${key(c.nic.id)}|${c.cfg.name}|${direction}`;
  let v = a.views.get(k);
  if (v === undefined) {
    const p = compileForConfig(a.idx, c.nic, c.cfg);
    v = p ? sideView(p, direction) : null;
    a.views.set(k, v);
  }
  return v;
}

function issue(
  code: string,
  path: (string | number)[],
  message: string,
  resourceId?: string,
): FlowRangeCheckResult {
  return {
    status: 'error',
    error: { code, path, message, severity: 'error', ...(resourceId ? { resourceId } : {}) },
  };
}

function parsePorts(s: unknown): [number, number] | null {
  if (typeof s !== 'string') return null;
  const t = s.trim();
  if (t === '*') return [0, 65535];
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(t);
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo <= hi && hi <= 65535 ? [lo, hi] : null;
}

type Resolved =
  | { kind: 'vms'; configs: VmConfig[] }
  | { kind: 'addresses'; set: (c: VmConfig) => Addr[] /* flat, in the configuration's family */ };

export function configsOfVm(idx: NetworkIndex, vm: VirtualMachine): VmConfig[] {
  const out: VmConfig[] = [];
  for (const ref of vm.networkInterfaces) {
    const nic = idx.nics.get(key(ref.id));
    if (nic) for (const cfg of nic.ipConfigurations) out.push({ vm, nic, cfg });
  }
  return out;
}

function vnetOf(idx: NetworkIndex, c: VmConfig): ReturnType<NetworkIndex['vnets']['get']> {
  const subnet = idx.subnets.get(key(c.cfg.subnetId));
  return subnet ? idx.vnets.get(key(subnet.virtualNetworkId)) : undefined;
}

function resolveEndpoint(
  idx: NetworkIndex,
  e: CheckEndpoint,
  field: 'source' | 'destination',
): Resolved | FlowRangeCheckResult {
  if (e === null || typeof e !== 'object')
    return issue('InvalidEndpoint', [field], `${field} must be an endpoint object`);
  switch (e.kind) {
    case 'virtualMachine': {
      const vm = typeof e.id === 'string' ? idx.vms.get(key(e.id)) : undefined;
      if (!vm)
        return issue(
          'NotFound',
          [field, 'id'],
          `virtual machine '${String(e.id)}' was not found`,
          String(e.id),
        );
      if (!vm.running)
        return issue('VmNotRunning', [field, 'id'], `virtual machine '${vm.id}' is not running`, vm.id);
      return { kind: 'vms', configs: configsOfVm(idx, vm) };
    }
    case 'networkInterface': {
      const nic = typeof e.id === 'string' ? idx.nics.get(key(e.id)) : undefined;
      if (!nic)
        return issue(
          'NotFound',
          [field, 'id'],
          `network interface '${String(e.id)}' was not found`,
          String(e.id),
        );
      const vm = idx.nicVm.get(key(nic.id));
      if (!vm)
        return issue(
          'NicNotAttachedToVm',
          [field, 'id'],
          `network interface '${nic.id}' is not attached to a virtual machine`,
          nic.id,
        );
      if (!vm.running)
        return issue('VmNotRunning', [field, 'id'], `virtual machine '${vm.id}' is not running`, vm.id);
      return { kind: 'vms', configs: nic.ipConfigurations.map((cfg) => ({ vm, nic, cfg })) };
    }
    case 'anyVirtualMachine':
      return {
        kind: 'vms',
        configs: idx.network.virtualMachines.filter((vm) => vm.running).flatMap((vm) => configsOfVm(idx, vm)),
      };
    case 'prefix': {
      const p =
        typeof e.prefix === 'string' ? parseAddressPrefix(e.prefix.trim(), { allowHostBits: true }) : null;
      if (!p || !p.ok)
        return issue(
          'InvalidAddressPrefix',
          [field, 'prefix'],
          `'${String(e.prefix)}' is not an IP address or CIDR prefix`,
        );
      const pr = p.value;
      const flat: Addr[] =
        pr.family === 4 ? [Number(pr.first), Number(pr.last)] : [BigInt(pr.first), BigInt(pr.last)];
      return { kind: 'addresses', set: (c) => (c.cfg.family === pr.family ? flat : []) };
    }
    case 'serviceTag': {
      if (typeof e.tag !== 'string' || !isKnownTag(idx, e.tag))
        return issue('UnknownServiceTag', [field, 'tag'], `service tag '${String(e.tag)}' is not defined`);
      const tag = e.tag;
      return {
        kind: 'addresses',
        set: (c) => {
          const vnet = vnetOf(idx, c);
          const s = vnet ? tagSet(idx, vnet, tag) : null;
          if (!s) return [];
          return c.cfg.family === 4 ? s.v4 : s.v6;
        },
      };
    }
    case 'any':
      return { kind: 'addresses', set: (c) => (c.cfg.family === 4 ? [0, maxOf(4)] : [0n, maxOf(6)]) };
    default:
      return issue(
        'InvalidEndpoint',
        [field, 'kind'],
        `unknown endpoint kind '${String((e as { kind: unknown }).kind)}'`,
      );
  }
}

/** A cell of a grid: its lowest (source port, destination port) inside the check's port box, and its outcome. */
interface Cell {
  x: number;
  y: number;
  outcome: Outcome;
}

/**
 * Scans the grid's cells inside the port box: `bad` is the first whose access is not `expected` (the scan stops
 * there), `first` the first cell that is part of the range at all (a representative when nothing is bad).
 */
function scanCells(
  ctx: AnalysisContext,
  gridId: number,
  sp: [number, number],
  dp: [number, number],
  expected: 'Allow' | 'Deny',
): { bad: Cell | null; first: Cell | null } {
  const g = ctx.grids[gridId] as Grid;
  const x0 = segmentOf(g.xs, sp[0]);
  const y0 = segmentOf(g.ys, dp[0]);
  const ny = g.ys.length;
  let first: Cell | null = null;
  for (let x = x0; x < g.xs.length && (g.xs[x] as number) <= sp[1]; x++) {
    for (let y = y0; y < ny && (g.ys[y] as number) <= dp[1]; y++) {
      const o = ctx.outcomes[g.v[x * ny + y] as number] as Outcome;
      if (o.outside) continue;
      const cell = {
        x: Math.max(g.xs[x] as number, sp[0]),
        y: Math.max(g.ys[y] as number, dp[0]),
        outcome: o,
      };
      if (o.access !== expected) return { bad: cell, first: first ?? cell };
      first ??= cell;
    }
  }
  return { bad: null, first };
}

function query(
  c: VmConfig,
  direction: 'Inbound' | 'Outbound',
  isTcp: boolean,
  remote: string,
  lp: number,
  rp: number,
): FlowQueryInput {
  return {
    targetResourceId: c.vm.id,
    targetNicResourceId: c.nic.id,
    direction,
    protocol: isTcp ? 'TCP' : 'UDP',
    localIpAddress: c.cfg.privateIPAddress,
    localPort: String(lp),
    remoteIpAddress: remote,
    remotePort: String(rp),
  };
}

function flatSize(flat: Addr[]): bigint {
  let n = 0n;
  for (let i = 0; i + 1 < flat.length; i += 2)
    n += BigInt(flat[i + 1] as Addr) - BigInt(flat[i] as Addr) + 1n;
  return n;
}

/**
 * Decides a saved check over its whole range. Never throws: unknown VMs/NICs/tags, bad ports or endpoints
 * come back as `status: 'error'` with an issue.
 */
export function checkFlowRange(network: Network, check: FlowRangeCheck): FlowRangeCheckResult {
  if (check === null || typeof check !== 'object')
    return issue('InvalidCheck', [], 'the check must be an object');
  const protocols: boolean[] =
    check.protocol === 'TCP'
      ? [true]
      : check.protocol === 'UDP'
        ? [false]
        : check.protocol === 'Any'
          ? [true, false]
          : [];
  if (protocols.length === 0)
    return issue(
      'InvalidProtocol',
      ['protocol'],
      `protocol '${String(check.protocol)}' must be TCP, UDP or Any`,
    );
  if (check.expected !== 'Allow' && check.expected !== 'Deny')
    return issue(
      'InvalidExpected',
      ['expected'],
      `expected '${String(check.expected)}' must be Allow or Deny`,
    );
  const sp = parsePorts(check.sourcePorts);
  if (!sp)
    return issue(
      'InvalidPortRange',
      ['sourcePorts'],
      `'${String(check.sourcePorts)}' must be '*', a port or a range a-b`,
    );
  const dp = parsePorts(check.destinationPorts);
  if (!dp)
    return issue(
      'InvalidPortRange',
      ['destinationPorts'],
      `'${String(check.destinationPorts)}' must be '*', a port or a range a-b`,
    );
  const a = analysisOf(network);
  const src = resolveEndpoint(a.idx, check.source, 'source');
  if ('status' in src) return src;
  const dst = resolveEndpoint(a.idx, check.destination, 'destination');
  if ('status' in dst) return dst;
  const portCount = BigInt(sp[1] - sp[0] + 1) * BigInt(dp[1] - dp[0] + 1);
  // only the check's ports are evaluated: rules that cannot match there take no part
  const region = makeRegion([sp[0], sp[1], dp[0], dp[1]]);
  const expected = check.expected;
  const ctx = a.ctx;
  let flows = 0n;
  let example: FlowQueryInput | null = null;
  const fail = (q: FlowQueryInput): FlowRangeCheckResult => {
    const r = a.verifier.verifyFlow(q);
    if (!r.ok) return issue('InternalError', [], `counterexample could not be verified: ${r.error.message}`);
    return { status: 'fail', counterexample: { query: q, verdict: r.verdict } };
  };
  const pass = (): FlowRangeCheckResult => {
    const result: FlowRangeCheckResult = { status: 'pass', flowsChecked: flows.toString() };
    if (!example) return result;
    const r = a.verifier.verifyFlow(example);
    if (!r.ok) return issue('InternalError', [], `example flow could not be verified: ${r.error.message}`);
    return { ...result, example: { query: example, verdict: r.verdict } };
  };

  if (src.kind === 'vms' && dst.kind === 'vms') {
    for (const s of src.configs) {
      for (const d of dst.configs) {
        if (key(s.nic.id) === key(d.nic.id) || s.cfg.family !== d.cfg.family) continue;
        const so = viewOf(a, s, 'Outbound');
        const di = viewOf(a, d, 'Inbound');
        if (!so || !di) continue;
        const sAddr: Addr = s.cfg.family === 4 ? s.cfg.v4 : s.cfg.v6;
        const dAddr: Addr = d.cfg.family === 4 ? d.cfg.v4 : d.cfg.v6;
        for (const isTcp of protocols) {
          flows += portCount;
          const g = ctx.pairGrid(
            regionGrid(ctx, so, isTcp, remoteOffsets(so, dAddr), region),
            regionGrid(ctx, di, isTcp, remoteOffsets(di, sAddr), region),
          );
          const { bad, first } = scanCells(ctx, g, sp, dp, expected);
          // the side that decides: the source's outbound when it denies, else the destination's inbound
          const decidingQuery = (cell: Cell): FlowQueryInput =>
            (ctx.outcomes[cell.outcome.src as number] as Outcome).access === 'Deny'
              ? query(s, 'Outbound', isTcp, d.cfg.privateIPAddress, cell.x, cell.y)
              : query(d, 'Inbound', isTcp, s.cfg.privateIPAddress, cell.y, cell.x);
          if (bad) return fail(decidingQuery(bad));
          if (first && !example) example = decidingQuery(first);
        }
      }
    }
    return pass();
  }
  if (src.kind === 'addresses' && dst.kind === 'addresses') {
    return issue(
      'CheckNeedsVirtualMachine',
      [],
      'at least one side of a check must be a virtual machine, a network interface or anyVirtualMachine',
    );
  }
  const vmSide = src.kind === 'vms' ? src : (dst as Extract<Resolved, { kind: 'vms' }>);
  const other = src.kind === 'addresses' ? src : (dst as Extract<Resolved, { kind: 'addresses' }>);
  const inbound = dst.kind === 'vms';
  const direction = inbound ? 'Inbound' : 'Outbound';
  for (const c of vmSide.configs) {
    const set = other.set(c);
    if (set.length === 0) continue;
    const view = viewOf(a, c, direction);
    if (!view) continue;
    const family = c.cfg.family;
    flows += flatSize(set) * portCount * BigInt(protocols.length);
    const cuts: Addr[] = [];
    addSideCutsWithin(view, set, cuts, region);
    addFlatCuts(set, family, cuts);
    const starts = normaliseCuts(cuts, family);
    let k = 0; // index into the set's intervals
    for (let i = 0; i < starts.length; i++) {
      const lo = starts[i] as Addr;
      const hi = i + 1 < starts.length ? dec(starts[i + 1] as Addr) : maxOf(family);
      while (k + 1 < set.length && (set[k + 1] as Addr) < lo) k += 2;
      if (k + 1 >= set.length) break;
      if ((set[k] as Addr) > hi) continue;
      const offs = remoteOffsets(view, lo);
      for (const isTcp of protocols) {
        const { bad, first } = scanCells(ctx, regionGrid(ctx, view, isTcp, offs, region), sp, dp, expected);
        const cellQuery = (cell: Cell): FlowQueryInput => {
          const remote = rangeText(family, lo, lo);
          return inbound
            ? query(c, 'Inbound', isTcp, remote, cell.y, cell.x)
            : query(c, 'Outbound', isTcp, remote, cell.x, cell.y);
        };
        if (bad) return fail(cellQuery(bad));
        if (first && !example) example = cellQuery(first);
      }
    }
  }
  return pass();
}
