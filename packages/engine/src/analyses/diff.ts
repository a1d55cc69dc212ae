/**
 * Flow diff between two networks (a draft and its workspace, or any two workspaces): every flow whose
 * verdict changes, computed on the decision tables' interval form (allowed-space.ts), never by sampling.
 *
 * Flows considered:
 *  - between two IP configurations of NICs attached to VMs (ordered pairs, same family, different NICs):
 *    allowed iff the source's outbound allows (remote = destination address, local port = source port)
 *    AND the destination's inbound allows (remote = source address, local port = destination port);
 *  - external: for each such IP configuration, inbound from and outbound to every address that is not an IP
 *    configuration of either network, split into labelled regions of the NIC's VNet.
 * An IP configuration (NIC id, configuration name, address) present in only one network has "no flows" in
 * the other: a new VM's flows appear as newly allowed, a removed VM's as newly denied.
 */
import { createVerifier, type Verifier } from '../evaluate';
import { compileForConfig } from '../compile';
import { indexNetwork, internetTag, key, virtualNetworkTag, type NetworkIndex } from '../context';
import { type IntervalSet, union } from '../address';
import type { CompiledRule, DecisionTable } from '../compile';
import type { FlowQueryInput, IpConfiguration, Network, NetworkInterface, VirtualMachine } from '../model';
import {
  type Addr,
  AnalysisContext,
  type DecidingRule,
  type Grid,
  type Outcome,
  type PortProduct,
  type SideView,
  FULL_REGION,
  type Region,
  addFlatCuts,
  addFlatCutsWithin,
  addSideCutsWithin,
  makeRegion,
  portBoxes,
  regionGrid,
  regionUnion,
  dec,
  gridProducts,
  maxOf,
  normaliseCuts,
  overlayGrids,
  portText,
  pushRange,
  rangeText,
  remoteOffsets,
  sideView,
} from './allowed-space';

export type DiffEndpoint =
  | {
      kind: 'networkInterface';
      networkInterfaceId: string;
      virtualMachineId: string | null;
      ipConfigurationName: string;
      ipAddress: string;
    }
  | { kind: 'external'; label: string };

export interface FlowChange {
  change: 'newlyAllowed' | 'newlyDenied';
  protocol: 'TCP' | 'UDP';
  source: DiffEndpoint;
  destination: DiffEndpoint;
  /** Address ranges: CIDRs, single addresses or `a-b` ranges. */
  sourceAddresses: string[];
  destinationAddresses: string[];
  /** Port ranges: `n` or `a-b`. Every (source address, destination address, source port, destination port) of the product changed. */
  sourcePorts: string[];
  destinationPorts: string[];
  rulesBefore: DecidingRule[];
  rulesAfter: DecidingRule[];
  /** A concrete flow, as an IP flow verify query, whose verdict differs between the two networks. */
  example: FlowQueryInput;
}

export interface FlowDiffResult {
  changes: FlowChange[];
  /** More than `maxChanges` changes: the list stops there. */
  truncated: boolean;
}

export interface DiffOptions {
  /** Restrict to flows touching these NICs (a pair is included when either side is in the subset). */
  networkInterfaceIds?: string[];
  /** Flows to/from addresses outside the model (default true). */
  includeExternal?: boolean;
  /** Default 10,000. */
  maxChanges?: number;
}

export const EXTERNAL_LABELS = {
  virtualNetwork: 'VirtualNetwork (unassigned)',
  internet: 'Internet',
  other: 'Private (non-VNet)',
} as const;

interface ConfigSide {
  idx: NetworkIndex;
  nic: NetworkInterface;
  cfg: IpConfiguration;
  vm: VirtualMachine;
  views: { Inbound?: SideView | null; Outbound?: SideView | null };
}

interface ConfigEntry {
  key: string;
  nicKey: string;
  family: 4 | 6;
  address: Addr;
  addressText: string;
  before: ConfigSide | null;
  after: ConfigSide | null;
}

function collectConfigs(idx: NetworkIndex, into: Map<string, ConfigEntry>, which: 'before' | 'after'): void {
  for (const nic of idx.network.networkInterfaces) {
    const vm = idx.nicVm.get(key(nic.id));
    if (!vm) continue;
    for (const cfg of nic.ipConfigurations) {
      const k = `${key(nic.id)}|${cfg.name.toLowerCase()}|${cfg.privateIPAddress}`;
      let e = into.get(k);
      if (!e) {
        e = {
          key: k,
          nicKey: key(nic.id),
          family: cfg.family,
          address: cfg.family === 4 ? cfg.v4 : cfg.v6,
          addressText: cfg.privateIPAddress,
          before: null,
          after: null,
        };
        into.set(k, e);
      }
      e[which] = { idx, nic, cfg, vm, views: {} };
    }
  }
}

function viewOf(side: ConfigSide | null, direction: 'Inbound' | 'Outbound'): SideView | null {
  if (!side) return null;
  let v = side.views[direction];
  if (v === undefined) {
    const p = compileForConfig(side.idx, side.nic, side.cfg);
    v = p ? sideView(p, direction) : null;
    side.views[direction] = v;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------
// Focus: where can two versions of a side differ at all?
//
// Rules are compared by content (name, access, priority, protocol, ports, resolved address sides, ASGs).
// A flow matched by no changed rule (in either version) has the same first match in both — the same
// unchanged rule, since NSG rules are ordered by priority — so its verdict and attribution are equal. The
// focus of a side is therefore the set of *pieces* (protocol, remote addresses, port boxes) of its changed
// rules that can match this IP configuration (protocol ∧ local bits); a flow outside every piece needs no
// computation, and inside, only the port region of the pieces that hold its remote address is evaluated.
// Admin layers are compared as whole sequences (their order is not just priority): a change there, or any
// structural change (layers, subnet, ASGs, a configuration missing on one side), makes the focus `all`.
// ---------------------------------------------------------------------------------------------------

interface Piece {
  tcp: boolean;
  udp: boolean;
  /** Remote addresses (flat, the configuration's family). */
  remote: Addr[];
  region: Region;
}

interface Focus {
  all: boolean;
  pieces: Piece[];
  /** Union of the pieces' remote sets. */
  flat: Addr[];
  /** Region per (protocol, set of pieces holding an address), interned. */
  regions: Map<string, Region | null>;
}

const ALL: Focus = { all: true, pieces: [], flat: [], regions: new Map() };
const ruleKeys = new WeakMap<CompiledRule, string>();

function setKey(s: IntervalSet): string {
  return `${s.v4.join(',')}/${s.v6.join(',')}`;
}

function ruleKey(r: CompiledRule): string {
  let k = ruleKeys.get(r);
  if (k === undefined) {
    k = [
      r.ruleName,
      r.ruleId ?? '',
      r.access,
      r.priority,
      r.protocol,
      r.sourcePorts.join(','),
      r.destinationPorts.join(','),
      setKey(r.source),
      setKey(r.destination),
      setKey(r.sourceWithoutAsgs),
      setKey(r.destinationWithoutAsgs),
      r.sourceAsgIds.join(','),
      r.destinationAsgIds.join(','),
      r.networkManagerId ?? '',
    ].join('|');
    ruleKeys.set(r, k);
  }
  return k;
}

interface ChangedRule {
  /** In the before (`b`) or after (`a`) table. */
  table: 'b' | 'a';
  index: number;
  rule: CompiledRule;
}

interface TableComparison {
  all: boolean;
  changed: ChangedRule[];
}

const tableFocus = new WeakMap<CompiledRule[], WeakMap<CompiledRule[], TableComparison>>();

function compareRules(kind: string, rb: CompiledRule[], ra: CompiledRule[]): TableComparison {
  let inner = tableFocus.get(rb);
  if (!inner) tableFocus.set(rb, (inner = new WeakMap()));
  const hit = inner.get(ra);
  if (hit) return hit;
  let out: TableComparison;
  if (rb === ra) out = { all: false, changed: [] };
  else if (kind === 'adminRule') {
    const same = rb.length === ra.length && rb.every((r, i) => ruleKey(r) === ruleKey(ra[i] as CompiledRule));
    out = { all: !same, changed: [] };
  } else {
    const byName = new Map<string, number>();
    rb.forEach((r, i) => byName.set(r.ruleName, i));
    const changed: ChangedRule[] = [];
    const seen = new Set<string>();
    ra.forEach((r, i) => {
      seen.add(r.ruleName);
      const oi = byName.get(r.ruleName);
      const old = oi === undefined ? undefined : rb[oi];
      if (old && ruleKey(old) === ruleKey(r)) return;
      changed.push({ table: 'a', index: i, rule: r });
      if (old) changed.push({ table: 'b', index: oi as number, rule: old });
    });
    rb.forEach((r, i) => {
      if (!seen.has(r.ruleName)) changed.push({ table: 'b', index: i, rule: r });
    });
    out = { all: false, changed };
  }
  inner.set(ra, out);
  return out;
}

function bitOf(bits: Uint32Array, i: number): boolean {
  return (((bits[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
}

function focusOf(e: ConfigEntry, direction: 'Inbound' | 'Outbound'): Focus {
  const vb = viewOf(e.before, direction);
  const va = viewOf(e.after, direction);
  if (!vb || !va || !e.before || !e.after) return ALL;
  const asgs = (c: IpConfiguration): string => c.applicationSecurityGroupIds.map(key).sort().join(',');
  if (asgs(e.before.cfg) !== asgs(e.after.cfg) || key(e.before.cfg.subnetId) !== key(e.after.cfg.subnetId))
    return ALL;
  if (vb.layers.length !== va.layers.length) return ALL;
  const inbound = direction === 'Inbound';
  const pieces: Piece[] = [];
  const sets: IntervalSet[] = [];
  for (let i = 0; i < vb.layers.length; i++) {
    const lb = vb.layers[i] as SideView['layers'][number];
    const la = va.layers[i] as SideView['layers'][number];
    if (lb.kind !== la.kind || key(lb.layer.id) !== key(la.layer.id)) return ALL;
    const c = compareRules(lb.kind, lb.t.rules, la.t.rules);
    if (c.all) return ALL;
    for (const ch of c.changed) {
      // a changed rule that cannot match this configuration (local side, protocol) changes nothing here
      const t: DecisionTable = ch.table === 'b' ? lb.t : la.t;
      const tcp = bitOf(t.tcp, ch.index);
      const udp = bitOf(t.udp, ch.index);
      if (!tcp && !udp) continue;
      const set = inbound ? ch.rule.source : ch.rule.destination;
      const remote: Addr[] = e.family === 4 ? set.v4 : set.v6;
      if (remote.length === 0) continue;
      sets.push(set);
      pieces.push({
        tcp,
        udp,
        remote,
        region: makeRegion(portBoxes(ch.rule.sourcePorts, ch.rule.destinationPorts)),
      });
    }
  }
  const u = sets.length === 0 ? { v4: [], v6: [] } : union(...sets);
  const flat: Addr[] = e.family === 4 ? u.v4 : u.v6;
  return { all: false, pieces, flat, regions: new Map() };
}

function inFlatSorted(flat: Addr[], v: Addr): boolean {
  let lo = 0;
  let hi = (flat.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((flat[2 * mid + 1] as Addr) < v) lo = mid + 1;
    else if ((flat[2 * mid] as Addr) > v) hi = mid - 1;
    else return true;
  }
  return false;
}

function inFocus(f: Focus, v: Addr): boolean {
  return f.all || inFlatSorted(f.flat, v);
}

/** The port region in which this side may differ at remote address `v` for the protocol (null: nowhere). */
function regionAt(f: Focus, isTcp: boolean, v: Addr): Region | null {
  if (f.all) return FULL_REGION;
  if (!inFlatSorted(f.flat, v)) return null;
  let ids = isTcp ? 'T' : 'U';
  const hits: Piece[] = [];
  f.pieces.forEach((p, i) => {
    if ((isTcp ? p.tcp : p.udp) && inFlatSorted(p.remote, v)) {
      ids += `,${i}`;
      hits.push(p);
    }
  });
  if (f.regions.has(ids)) return f.regions.get(ids) as Region | null;
  let r: Region | null = null;
  for (const p of hits) r = regionUnion(r, p.region);
  f.regions.set(ids, r);
  return r;
}

function endpointOf(e: ConfigEntry): DiffEndpoint {
  const s = (e.after ?? e.before) as ConfigSide;
  return {
    kind: 'networkInterface',
    networkInterfaceId: s.nic.id,
    virtualMachineId: s.vm.id,
    ipConfigurationName: s.cfg.name,
    ipAddress: s.cfg.privateIPAddress,
  };
}

/** The grid of one side at one remote address in a port region (no-flow grid when the configuration is absent). */
function gridAt(
  ctx: AnalysisContext,
  view: SideView | null,
  isTcp: boolean,
  remote: Addr,
  region: Region,
): number {
  if (!view) return ctx.noFlowGrid;
  return regionGrid(ctx, view, isTcp, remoteOffsets(view, remote), region);
}

interface DiffGroup {
  before: number;
  after: number;
  products: PortProduct[];
}

/** Cells whose access differs between two grids, grouped by (outcome before, outcome after) into products. */
function diffGrids(ctx: AnalysisContext, memo: Map<string, DiffGroup[]>, b: number, a: number): DiffGroup[] {
  const k = `${b},${a}`;
  let out = memo.get(k);
  if (out) return out;
  out = [];
  if (b !== a) {
    const pairs: [number, number][] = [];
    const pairIds = new Map<string, number>();
    const grid = overlayGrids(ctx.grids[b] as Grid, ctx.grids[a] as Grid, (vb, va) => {
      const ob = ctx.outcomes[vb] as Outcome;
      const oa = ctx.outcomes[va] as Outcome;
      if (ob.outside || oa.outside || ob.access === oa.access) return -1;
      const pk = `${vb},${va}`;
      let id = pairIds.get(pk);
      if (id === undefined) {
        id = pairs.length;
        pairs.push([vb, va]);
        pairIds.set(pk, id);
      }
      return id;
    });
    for (const [id, prods] of gridProducts(grid, (v) => v)) {
      const [ob, oa] = pairs[id] as [number, number];
      out.push({ before: ob, after: oa, products: prods });
    }
  }
  memo.set(k, out);
  return out;
}

/**
 * Every flow whose verdict differs between `before` and `after`. Never throws on valid networks (parse
 * results). Changes are ordered: pairs (source configuration order, then destination), then external.
 */
export function diffNetworks(before: Network, after: Network, options: DiffOptions = {}): FlowDiffResult {
  const maxChanges = options.maxChanges ?? 10_000;
  const includeExternal = options.includeExternal ?? true;
  const subset = options.networkInterfaceIds ? new Set(options.networkInterfaceIds.map(key)) : null;
  const idxB = indexNetwork(before);
  const idxA = indexNetwork(after);
  const entries = new Map<string, ConfigEntry>();
  collectConfigs(idxB, entries, 'before');
  collectConfigs(idxA, entries, 'after');
  const configs = [...entries.values()];
  const ctx = new AnalysisContext();
  const diffMemo = new Map<string, DiffGroup[]>();
  const changes: FlowChange[] = [];
  let truncated = false;
  let verifierB: Verifier | null = null;
  let verifierA: Verifier | null = null;
  const verifiers = (): [Verifier, Verifier] => [
    (verifierB ??= createVerifier(before)),
    (verifierA ??= createVerifier(after)),
  ];

  const push = (c: FlowChange): boolean => {
    if (changes.length >= maxChanges) {
      truncated = true;
      return false;
    }
    changes.push(c);
    return true;
  };

  const focus = new Map<string, Focus>();
  const focusFor = (e: ConfigEntry, direction: 'Inbound' | 'Outbound'): Focus => {
    const k = `${e.key}|${direction}`;
    let f = focus.get(k);
    if (!f) focus.set(k, (f = focusOf(e, direction)));
    return f;
  };

  // -- pairs ------------------------------------------------------------------------------------------
  pairs: for (const src of configs) {
    const fo = focusFor(src, 'Outbound');
    for (const dst of configs) {
      if (src.nicKey === dst.nicKey || src.family !== dst.family) continue;
      if (subset && !subset.has(src.nicKey) && !subset.has(dst.nicKey)) continue;
      const fi = focusFor(dst, 'Inbound');
      if (!inFocus(fo, dst.address) && !inFocus(fi, src.address)) continue;
      for (const isTcp of [true, false]) {
        // the port region where either side may differ; outside it both sides decide exactly as before
        const rOut = regionAt(fo, isTcp, dst.address);
        const rIn = regionAt(fi, isTcp, src.address);
        const region = regionUnion(rOut, rIn);
        if (!region) continue;
        const present = (which: 'before' | 'after'): boolean => src[which] !== null && dst[which] !== null;
        const outB = present('before')
          ? gridAt(ctx, viewOf(src.before, 'Outbound'), isTcp, dst.address, region)
          : ctx.noFlowGrid;
        const inB = present('before')
          ? gridAt(ctx, viewOf(dst.before, 'Inbound'), isTcp, src.address, region)
          : ctx.noFlowGrid;
        // a side whose focus misses the remote address decides exactly as before: reuse its grid
        const outA = !present('after')
          ? ctx.noFlowGrid
          : present('before') && !rOut
            ? outB
            : gridAt(ctx, viewOf(src.after, 'Outbound'), isTcp, dst.address, region);
        const inA = !present('after')
          ? ctx.noFlowGrid
          : present('before') && !rIn
            ? inB
            : gridAt(ctx, viewOf(dst.after, 'Inbound'), isTcp, src.address, region);
        const gb = ctx.pairGrid(outB, inB);
        const ga = ctx.pairGrid(outA, inA);
        if (gb === ga) continue;
        for (const d of diffGrids(ctx, diffMemo, gb, ga)) {
          for (const p of d.products) {
            const c = pairChange(ctx, verifiers, src, dst, isTcp, d, p);
            if (!push(c)) break pairs;
          }
        }
      }
    }
  }

  // -- external -----------------------------------------------------------------------------------------
  if (includeExternal && !truncated) {
    const modelAddrs: Record<4 | 6, Set<Addr>> = { 4: new Set(), 6: new Set() };
    for (const idx of [idxB, idxA]) {
      for (const nic of idx.network.networkInterfaces) {
        for (const c of nic.ipConfigurations) modelAddrs[c.family].add(c.family === 4 ? c.v4 : c.v6);
      }
    }
    const modelFlat: Record<4 | 6, Addr[]> = { 4: [], 6: [] };
    for (const family of [4, 6] as const) {
      const sorted = [...modelAddrs[family]].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      for (const a of sorted) modelFlat[family].push(a, a);
    }
    external: for (const e of configs) {
      if (subset && !subset.has(e.nicKey)) continue;
      const labelSide = (e.after ?? e.before) as ConfigSide;
      const labels = externalLabels(labelSide, e.family);
      for (const direction of ['Inbound', 'Outbound'] as const) {
        const vb = viewOf(e.before, direction);
        const va = viewOf(e.after, direction);
        const f = focusFor(e, direction);
        if (!f.all && f.flat.length === 0) continue;
        // cut points: only those inside the focus matter (segments outside it are skipped)
        const within = f.all ? null : f.flat;
        const cuts: Addr[] = [];
        addFlatCutsWithin(modelFlat[e.family], e.family, within, cuts);
        for (const p of f.pieces) addFlatCuts(p.remote, e.family, cuts);
        // only where the rules that meet the focus's port region change (any piece's region is inside it)
        let all: Region | null = f.all ? FULL_REGION : null;
        for (const p of f.pieces) all = regionUnion(all, p.region);
        if (vb) addSideCutsWithin(vb, within, cuts, all ?? FULL_REGION);
        if (va) addSideCutsWithin(va, within, cuts, all ?? FULL_REGION);
        for (const l of labels) addFlatCutsWithin(l.set, e.family, within, cuts);
        const starts = normaliseCuts(cuts, e.family);
        for (const isTcp of [true, false]) {
          // (label, diff groups) → remote ranges
          const groups = new Map<string, { label: string; diff: DiffGroup[]; ranges: [Addr, Addr][] }>();
          for (let i = 0; i < starts.length; i++) {
            const lo = starts[i] as Addr;
            if (modelAddrs[e.family].has(lo)) continue;
            const region = regionAt(f, isTcp, lo);
            if (!region) continue;
            const hi = i + 1 < starts.length ? dec(starts[i + 1] as Addr) : maxOf(e.family);
            const gb = gridAt(ctx, vb, isTcp, lo, region);
            const ga = gridAt(ctx, va, isTcp, lo, region);
            if (gb === ga) continue;
            const diff = diffGrids(ctx, diffMemo, gb, ga);
            if (diff.length === 0) continue;
            const label = labelOf(labels, lo);
            const gk = `${label}|${gb},${ga}`;
            let g = groups.get(gk);
            if (!g) groups.set(gk, (g = { label, diff, ranges: [] }));
            pushRange(g.ranges, lo, hi);
          }
          for (const g of groups.values()) {
            for (const d of g.diff) {
              for (const p of d.products) {
                const c = externalChange(ctx, verifiers, e, direction, isTcp, g.label, g.ranges, d, p);
                if (!push(c)) break external;
              }
            }
          }
        }
      }
    }
  }
  return { changes, truncated };
}

interface LabelSet {
  label: string;
  set: Addr[];
}

function externalLabels(side: ConfigSide, family: 4 | 6): LabelSet[] {
  const subnet = side.idx.subnets.get(key(side.cfg.subnetId));
  const vnet = subnet ? side.idx.vnets.get(key(subnet.virtualNetworkId)) : undefined;
  if (!vnet) return [];
  const pick = (s: { v4: number[]; v6: bigint[] }): Addr[] => (family === 4 ? s.v4 : s.v6);
  return [
    { label: EXTERNAL_LABELS.virtualNetwork, set: pick(virtualNetworkTag(side.idx, vnet)) },
    { label: EXTERNAL_LABELS.internet, set: pick(internetTag(side.idx, vnet)) },
  ];
}

function inFlat(flat: Addr[], v: Addr): boolean {
  for (let i = 0; i + 1 < flat.length; i += 2)
    if ((flat[i] as Addr) <= v && v <= (flat[i + 1] as Addr)) return true;
  return false;
}

function labelOf(labels: LabelSet[], v: Addr): string {
  for (const l of labels) if (inFlat(l.set, v)) return l.label;
  return EXTERNAL_LABELS.other;
}

function changeKind(ctx: AnalysisContext, d: DiffGroup): 'newlyAllowed' | 'newlyDenied' {
  return (ctx.outcomes[d.after] as Outcome).access === 'Allow' ? 'newlyAllowed' : 'newlyDenied';
}

function differs(verifiers: () => [Verifier, Verifier], q: FlowQueryInput): boolean {
  const [vb, va] = verifiers();
  const rb = vb.verifyFlow(q);
  const ra = va.verifyFlow(q);
  if (rb.ok !== ra.ok) return true;
  return rb.ok && ra.ok && rb.verdict.access !== ra.verdict.access;
}

function query(
  side: ConfigSide,
  direction: 'Inbound' | 'Outbound',
  isTcp: boolean,
  remote: string,
  localPort: number,
  remotePort: number,
): FlowQueryInput {
  return {
    targetResourceId: side.vm.id,
    targetNicResourceId: side.nic.id,
    direction,
    protocol: isTcp ? 'TCP' : 'UDP',
    localIpAddress: side.cfg.privateIPAddress,
    localPort: String(localPort),
    remoteIpAddress: remote,
    remotePort: String(remotePort),
  };
}

function pairChange(
  ctx: AnalysisContext,
  verifiers: () => [Verifier, Verifier],
  src: ConfigEntry,
  dst: ConfigEntry,
  isTcp: boolean,
  d: DiffGroup,
  p: PortProduct,
): FlowChange {
  const sp = (p.xRanges[0] as [number, number])[0];
  const dp = (p.yRanges[0] as [number, number])[0];
  const srcSide = (src.after ?? src.before) as ConfigSide;
  const dstSide = (dst.after ?? dst.before) as ConfigSide;
  const outQ = query(srcSide, 'Outbound', isTcp, dst.addressText, sp, dp);
  const inQ = query(dstSide, 'Inbound', isTcp, src.addressText, dp, sp);
  // The side whose own verdict changed (or which is missing in one network); checked with verifyFlow.
  const ob = ctx.outcomes[d.before] as Outcome;
  const oa = ctx.outcomes[d.after] as Outcome;
  let example: FlowQueryInput;
  if (!src.before || !src.after) example = outQ;
  else if (!dst.before || !dst.after) example = inQ;
  else {
    const sb = ctx.outcomes[ob.src as number] as Outcome;
    const sa = ctx.outcomes[oa.src as number] as Outcome;
    example = sb.access !== sa.access ? outQ : inQ;
    if (!differs(verifiers, example)) example = example === outQ ? inQ : outQ;
  }
  return {
    change: changeKind(ctx, d),
    protocol: isTcp ? 'TCP' : 'UDP',
    source: endpointOf(src),
    destination: endpointOf(dst),
    sourceAddresses: [src.addressText],
    destinationAddresses: [dst.addressText],
    sourcePorts: p.xRanges.map(portText),
    destinationPorts: p.yRanges.map(portText),
    rulesBefore: ob.rules,
    rulesAfter: oa.rules,
    example,
  };
}

function externalChange(
  ctx: AnalysisContext,
  verifiers: () => [Verifier, Verifier],
  e: ConfigEntry,
  direction: 'Inbound' | 'Outbound',
  isTcp: boolean,
  label: string,
  ranges: [Addr, Addr][],
  d: DiffGroup,
  p: PortProduct,
): FlowChange {
  const side = (e.after ?? e.before) as ConfigSide;
  const inbound = direction === 'Inbound';
  const sp = (p.xRanges[0] as [number, number])[0];
  const dp = (p.yRanges[0] as [number, number])[0];
  const first = (ranges[0] as [Addr, Addr])[0];
  const remote = rangeText(e.family, first, first);
  const addrs = ranges.map(([lo, hi]) => rangeText(e.family, lo, hi));
  const ext: DiffEndpoint = { kind: 'external', label };
  const me = endpointOf(e);
  const roleSide = inbound ? 'destination' : 'source';
  const tag = (o: Outcome): DecidingRule[] => o.rules.map((r) => ({ ...r, side: roleSide }));
  void verifiers;
  return {
    change: changeKind(ctx, d),
    protocol: isTcp ? 'TCP' : 'UDP',
    source: inbound ? ext : me,
    destination: inbound ? me : ext,
    sourceAddresses: inbound ? addrs : [e.addressText],
    destinationAddresses: inbound ? [e.addressText] : addrs,
    sourcePorts: p.xRanges.map(portText),
    destinationPorts: p.yRanges.map(portText),
    rulesBefore: tag(ctx.outcomes[d.before] as Outcome),
    rulesAfter: tag(ctx.outcomes[d.after] as Outcome),
    example: query(side, direction, isTcp, remote, inbound ? dp : sp, inbound ? sp : dp),
  };
}
