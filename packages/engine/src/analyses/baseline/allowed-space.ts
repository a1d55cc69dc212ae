/**
 * FROZEN BASELINE (bench only; not exported): the analyses as of commit 807e6bd, before the port-region
 * restriction and the rule-set-keyed grid sharing. analyses-bench.ts times it in the same run as the
 * current code so the reported speed-ups are ratios, not absolute claims. Do not optimise or fix this file.
 */
/**
 * The shared core of the analyses: the exact decision space of one IP configuration and direction, read off
 * the compiled decision tables (compile.ts) — never by sampling.
 *
 * Every layer's table cuts the remote-address dimension into segments, each with the bitset of rules
 * covering it. For one remote segment and protocol, the rules that can still match in a layer are
 * `protocol∧local bits ∧ remote bits`; their port intervals cut the (source port × destination port) plane
 * into cells, and each cell has exactly one first-matching rule per layer, hence one outcome (verdict plus
 * the deciding rule(s)). A plane is a `Grid`; grids are interned per analysis run, so two remote segments
 * (or two networks) with identical decisions share one grid id, and comparisons are id comparisons.
 *
 * Orientation: grids are always (x = source port, y = destination port), whatever the direction; rules
 * already state their ports as source/destination, so no transposition is ever needed.
 */
import { MAX_V4, MAX_V6, formatIpv4, formatIpv6 } from '../../address';
import type { CompiledLayer, CompiledPolicy, CompiledRule, DecisionTable, LayerKind } from '../../compile';
import { compilePolicy } from '../../compile';
import type { Direction, Issue, Network } from '../../model';

export type Addr = number | bigint;

/** A rule that decided (part of) a verdict. `side` says which end of a two-sided flow it belongs to. */
export interface DecidingRule {
  layer: 'adminRule' | 'subnetNsg' | 'nicNsg' | 'none';
  /** `securityRules/<n>`, `defaultSecurityRules/<n>`, the bare admin rule name, or null for `none`. */
  ruleName: string | null;
  networkSecurityGroupId: string | null;
  adminRuleId: string | null;
  access: 'Allow' | 'Deny';
  /** In flows between two NICs / a NIC and an external range: the NIC whose policy holds the rule. */
  side?: 'source' | 'destination';
}

/** The verdict of a cell and the rules responsible (a Deny: the denying rule; an Allow: every allowing rule). */
export interface Outcome {
  access: 'Allow' | 'Deny';
  rules: DecidingRule[];
  /** The IP configuration does not exist in this network ("no flows"). */
  noFlow: boolean;
  /** Two-sided outcomes: the source side's and destination side's outcome ids. */
  src?: number;
  dst?: number;
}

/** A decision plane: x = source-port segments (starts), y = destination-port segments; v[xi * ys.length + yi]. */
export interface Grid {
  xs: number[];
  ys: number[];
  v: Int32Array;
}

/** One product of port ranges inside a grid: every (x, y) with x ∈ xRanges and y ∈ yRanges. */
export interface PortProduct {
  xRanges: [number, number][];
  yRanges: [number, number][];
}

interface LayerView {
  kind: LayerKind;
  layer: CompiledLayer;
  t: DecisionTable;
}

/** One IP configuration × direction, ready for plane computations. */
export interface SideView {
  policy: CompiledPolicy;
  inbound: boolean;
  layers: LayerView[];
  /** Grid ids per `${proto}|${remote offsets}`. */
  memo: Map<string, number>;
  /** Per protocol: an id shared by views with the same tables and local bits (grids are shared by it). */
  sig: [string | null, string | null];
}

export function sideView(policy: CompiledPolicy, direction: Direction): SideView {
  const inbound = direction === 'Inbound';
  const layers: LayerView[] = [];
  if (policy.admin) {
    const t = inbound ? policy.admin.inbound : policy.admin.outbound;
    if (t.rules.length > 0) layers.push({ kind: 'adminRule', layer: policy.admin, t });
  }
  for (const l of inbound ? policy.inboundNsgLayers : policy.outboundNsgLayers)
    layers.push({ kind: l.layer, layer: l, t: inbound ? l.inbound : l.outbound });
  return { policy, inbound, layers, memo: new Map(), sig: [null, null] };
}

// ---------------------------------------------------------------------------------------------------
// Interning
// ---------------------------------------------------------------------------------------------------

/** Interned outcomes and grids of one analysis run (ids are comparable across networks within the run). */
export class AnalysisContext {
  readonly outcomes: Outcome[] = [];
  readonly grids: Grid[] = [];
  private readonly outcomeIds = new Map<string, number>();
  private readonly gridIds = new Map<number, number[]>();
  private readonly pairMemo = new Map<string, number>();
  private readonly overlayMemo = new Map<string, number>();
  /** Side grids by (view signature, remote offsets): shared by IP configurations with identical policies. */
  readonly sharedGrids = new Map<string, number>();
  /** Outcome ids by view signature and the per-layer first matches (global rule indexes). */
  readonly outcomeMemos = new Map<string, Map<number, number>>();
  readonly noFlow: number;
  readonly noFlowGrid: number;
  constructor() {
    this.noFlow = this.outcome({ access: 'Deny', rules: [], noFlow: true });
    this.noFlowGrid = this.grid({ xs: [0], ys: [0], v: Int32Array.of(this.noFlow) });
  }
  outcome(o: Outcome): number {
    const k = `${o.noFlow ? 'N' : ''}${o.access}|${o.src ?? ''}|${o.dst ?? ''}|${o.rules
      .map(
        (r) =>
          `${r.side ?? ''}:${r.layer}:${r.networkSecurityGroupId ?? ''}:${r.ruleName ?? ''}:${r.adminRuleId ?? ''}:${r.access}`,
      )
      .join(';')}`;
    let id = this.outcomeIds.get(k);
    if (id === undefined) {
      id = this.outcomes.length;
      this.outcomes.push(o);
      this.outcomeIds.set(k, id);
    }
    return id;
  }
  grid(g: Grid): number {
    const c = compress(g);
    const h = gridHash(c);
    const list = this.gridIds.get(h);
    if (list) for (const id of list) if (sameGrid(this.grids[id] as Grid, c)) return id;
    const id = this.grids.length;
    this.grids.push(c);
    if (list) list.push(id);
    else this.gridIds.set(h, [id]);
    return id;
  }
  /** Two-sided outcome: a flow between two NICs needs the source's outbound and destination's inbound. */
  pairOutcome(src: number, dst: number): number {
    const k = `${src},${dst}`;
    let id = this.pairMemo.get(k);
    if (id !== undefined) return id;
    const s = this.outcomes[src] as Outcome;
    const d = this.outcomes[dst] as Outcome;
    if (s.noFlow || d.noFlow) id = this.noFlow;
    else {
      const tag = (o: Outcome, side: 'source' | 'destination'): DecidingRule[] =>
        o.rules.map((r) => ({ ...r, side }));
      const access = s.access === 'Allow' && d.access === 'Allow' ? 'Allow' : 'Deny';
      const rules =
        access === 'Allow'
          ? [...tag(s, 'source'), ...tag(d, 'destination')]
          : [
              ...(s.access === 'Deny' ? tag(s, 'source') : []),
              ...(d.access === 'Deny' ? tag(d, 'destination') : []),
            ];
      id = this.outcome({ access, rules, noFlow: false, src, dst });
    }
    this.pairMemo.set(k, id);
    return id;
  }
  /** Overlay of two grids cell by cell, memoised by (a, b, op). */
  overlay(a: number, b: number, op: string, f: (va: number, vb: number) => number): number {
    const k = `${op}|${a},${b}`;
    let id = this.overlayMemo.get(k);
    if (id === undefined) {
      id = this.grid(overlayGrids(this.grids[a] as Grid, this.grids[b] as Grid, f));
      this.overlayMemo.set(k, id);
    }
    return id;
  }
  /** The pair grid (source's outbound grid ∧ destination's inbound grid). */
  pairGrid(srcGrid: number, dstGrid: number): number {
    if (srcGrid === this.noFlowGrid || dstGrid === this.noFlowGrid) return this.noFlowGrid;
    return this.overlay(srcGrid, dstGrid, 'pair', (s, d) => this.pairOutcome(s, d));
  }
}

// ---------------------------------------------------------------------------------------------------
// Grids
// ---------------------------------------------------------------------------------------------------

function gridHash(g: Grid): number {
  let h = 0x811c9dc5;
  const mix = (v: number): void => {
    h = Math.imul(h ^ v, 0x01000193);
  };
  for (const x of g.xs) mix(x);
  mix(-1);
  for (const y of g.ys) mix(y);
  mix(-2);
  for (let i = 0; i < g.v.length; i++) mix(g.v[i] as number);
  return h >>> 0;
}

function sameGrid(a: Grid, b: Grid): boolean {
  if (a.xs.length !== b.xs.length || a.ys.length !== b.ys.length) return false;
  for (let i = 0; i < a.xs.length; i++) if (a.xs[i] !== b.xs[i]) return false;
  for (let i = 0; i < a.ys.length; i++) if (a.ys[i] !== b.ys[i]) return false;
  for (let i = 0; i < a.v.length; i++) if (a.v[i] !== b.v[i]) return false;
  return true;
}

function sortedCuts(values: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/** Index of the segment holding v (starts sorted, starts[0] = minimum). */
export function segmentOf(starts: ArrayLike<Addr>, v: Addr): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as Addr) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Merges identical adjacent rows (x) and columns (y). */
function compress(g: Grid): Grid {
  const nx = g.xs.length;
  const ny = g.ys.length;
  const keepY: number[] = [0];
  for (let y = 1; y < ny; y++) {
    let same = true;
    for (let x = 0; x < nx && same; x++) if (g.v[x * ny + y] !== g.v[x * ny + y - 1]) same = false;
    if (!same) keepY.push(y);
  }
  const keepX: number[] = [0];
  for (let x = 1; x < nx; x++) {
    let same = true;
    for (let y = 0; y < ny && same; y++) if (g.v[x * ny + y] !== g.v[(x - 1) * ny + y]) same = false;
    if (!same) keepX.push(x);
  }
  if (keepX.length === nx && keepY.length === ny) return g;
  const v = new Int32Array(keepX.length * keepY.length);
  for (let i = 0; i < keepX.length; i++)
    for (let j = 0; j < keepY.length; j++)
      v[i * keepY.length + j] = g.v[(keepX[i] as number) * ny + (keepY[j] as number)] as number;
  return { xs: keepX.map((x) => g.xs[x] as number), ys: keepY.map((y) => g.ys[y] as number), v };
}

function mergeStarts(a: number[], b: number[]): number[] {
  return sortedCuts([...a, ...b]);
}

export function overlayGrids(a: Grid, b: Grid, f: (va: number, vb: number) => number): Grid {
  const xs = mergeStarts(a.xs, b.xs);
  const ys = mergeStarts(a.ys, b.ys);
  const ayi = ys.map((y) => segmentOf(a.ys, y));
  const byi = ys.map((y) => segmentOf(b.ys, y));
  const v = new Int32Array(xs.length * ys.length);
  for (let i = 0; i < xs.length; i++) {
    const ax = segmentOf(a.xs, xs[i] as number) * a.ys.length;
    const bx = segmentOf(b.xs, xs[i] as number) * b.ys.length;
    for (let j = 0; j < ys.length; j++)
      v[i * ys.length + j] = f(
        a.v[ax + (ayi[j] as number)] as number,
        b.v[bx + (byi[j] as number)] as number,
      );
  }
  return { xs, ys, v };
}

function segEnd(starts: number[], i: number): number {
  return i + 1 < starts.length ? (starts[i + 1] as number) - 1 : 65535;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 >= r[0]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * Decomposes the cells of a grid into exact products, per group: `group(v)` gives a cell's group (or -1 to
 * ignore it). Rows (x segments) with the same set of y segments form one product.
 */
export function gridProducts(g: Grid, group: (v: number) => number): Map<number, PortProduct[]> {
  const ny = g.ys.length;
  const bySig = new Map<number, Map<string, { xs: [number, number][]; ys: [number, number][] }>>();
  for (let x = 0; x < g.xs.length; x++) {
    const perGroup = new Map<number, number[]>();
    for (let y = 0; y < ny; y++) {
      const gr = group(g.v[x * ny + y] as number);
      if (gr < 0) continue;
      let l = perGroup.get(gr);
      if (!l) perGroup.set(gr, (l = []));
      l.push(y);
    }
    for (const [gr, yl] of perGroup) {
      let sigs = bySig.get(gr);
      if (!sigs) bySig.set(gr, (sigs = new Map()));
      const sig = yl.join(',');
      let e = sigs.get(sig);
      if (!e)
        sigs.set(sig, (e = { xs: [], ys: mergeRanges(yl.map((y) => [g.ys[y] as number, segEnd(g.ys, y)])) }));
      e.xs.push([g.xs[x] as number, segEnd(g.xs, x)]);
    }
  }
  const out = new Map<number, PortProduct[]>();
  for (const [gr, sigs] of bySig) {
    out.set(
      gr,
      [...sigs.values()].map((e) => ({ xRanges: mergeRanges(e.xs), yRanges: e.ys })),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Side planes
// ---------------------------------------------------------------------------------------------------

function decidingRule(l: LayerView, r: CompiledRule, access: 'Allow' | 'Deny'): DecidingRule {
  return {
    layer: l.kind,
    ruleName: r.ruleName,
    networkSecurityGroupId: l.kind === 'adminRule' ? null : l.layer.id,
    adminRuleId: l.kind === 'adminRule' ? r.ruleId : null,
    access,
  };
}

/** The verdict logic of evaluate.ts (§6.2/§6.3) on the first matches of each layer. */
function outcomeOf(ctx: AnalysisContext, layers: LayerView[], matched: (CompiledRule | null)[]): number {
  const allow: DecidingRule[] = [];
  for (let k = 0; k < layers.length; k++) {
    const l = layers[k] as LayerView;
    const r = matched[k];
    if (!r) continue;
    if (r.access === 'Deny')
      return ctx.outcome({ access: 'Deny', rules: [decidingRule(l, r, 'Deny')], noFlow: false });
    if (l.kind === 'adminRule' && r.access === 'AlwaysAllow')
      return ctx.outcome({ access: 'Allow', rules: [decidingRule(l, r, 'Allow')], noFlow: false });
    allow.push(decidingRule(l, r, 'Allow'));
  }
  if (allow.length === 0)
    allow.push({
      layer: 'none',
      ruleName: null,
      networkSecurityGroupId: null,
      adminRuleId: null,
      access: 'Allow',
    });
  return ctx.outcome({ access: 'Allow', rules: allow, noFlow: false });
}

/** Per-layer remote segment offsets (into each table's remote pool) of a remote address. */
export function remoteOffsets(view: SideView, v: Addr): number[] {
  return view.layers.map((l) => {
    const d = l.t.remote;
    return d.offsets[segmentOf(d.starts as ArrayLike<Addr>, v)] as number;
  });
}

/** The decision grid of a side for one protocol and one remote segment (given by its per-layer offsets). */
const ruleArrayIds = new WeakMap<readonly CompiledRule[], number>();
let nextRuleArrayId = 0;

function viewSignature(view: SideView, isTcp: boolean): string {
  const i = isTcp ? 0 : 1;
  let sig = view.sig[i];
  if (sig === null) {
    sig = view.layers
      .map((l) => {
        let id = ruleArrayIds.get(l.t.rules);
        if (id === undefined) ruleArrayIds.set(l.t.rules, (id = nextRuleArrayId++));
        return `${l.kind}:${l.layer.id}:${id}:${(isTcp ? l.t.tcp : l.t.udp).join('.')}`;
      })
      .join('/');
    view.sig[i] = sig;
  }
  return sig;
}

export function sideGrid(ctx: AnalysisContext, view: SideView, isTcp: boolean, offs: number[]): number {
  const mk = `${isTcp ? 'T' : 'U'}|${offs.join(',')}`;
  const hit = view.memo.get(mk);
  if (hit !== undefined) return hit;
  const sk = `${viewSignature(view, isTcp)}|${offs.join(',')}`;
  const shared = ctx.sharedGrids.get(sk);
  if (shared !== undefined) {
    view.memo.set(mk, shared);
    return shared;
  }
  // active rules per layer (global indexes into the layer's table, evaluation order) and their port cuts
  const active: number[][] = [];
  let nx = 1;
  let ny = 1;
  const xCuts: number[] = [0];
  const yCuts: number[] = [0];
  view.layers.forEach((l, k) => {
    const t = l.t;
    const proto = isTcp ? t.tcp : t.udp;
    const pool = t.remote.pool;
    const off = offs[k] as number;
    const list: number[] = [];
    for (let w = 0; w < t.words; w++) {
      let bits = (proto[w] as number) & (pool[off + w] as number);
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        const ri = (w << 5) + b;
        const r = t.rules[ri] as CompiledRule;
        list.push(ri);
        const sp = r.sourcePorts;
        for (let i = 0; i < sp.length; i += 2) {
          xCuts[nx++] = sp[i] as number;
          if ((sp[i + 1] as number) < 65535) xCuts[nx++] = (sp[i + 1] as number) + 1;
        }
        const dp = r.destinationPorts;
        for (let i = 0; i < dp.length; i += 2) {
          yCuts[ny++] = dp[i] as number;
          if ((dp[i + 1] as number) < 65535) yCuts[ny++] = (dp[i + 1] as number) + 1;
        }
      }
    }
    active.push(list);
  });
  const xs = sortedCuts(xCuts);
  const ys = sortedCuts(yCuts);
  const NX = xs.length;
  const NY = ys.length;
  // per layer: flat bitsets (over the layer's active rules) of x segments and y segments
  const cover = (starts: number[], flat: number[], bits: Uint32Array, words: number, idx: number): void => {
    const m = 1 << (idx & 31);
    const wi = idx >>> 5;
    for (let i = 0; i < flat.length; i += 2) {
      let s = segmentOf(starts, flat[i] as number);
      const hi = flat[i + 1] as number;
      while (s < starts.length && (starts[s] as number) <= hi) {
        bits[s * words + wi] = (bits[s * words + wi] as number) | m;
        s++;
      }
    }
  };
  const perLayer = active.map((list, k) => {
    const t = (view.layers[k] as LayerView).t;
    const words = Math.max(1, Math.ceil(list.length / 32));
    const xb = new Uint32Array(NX * words);
    const yb = new Uint32Array(NY * words);
    list.forEach((ri, i) => {
      const r = t.rules[ri] as CompiledRule;
      cover(xs, r.sourcePorts, xb, words, i);
      cover(ys, r.destinationPorts, yb, words, i);
    });
    return { words, xb, yb, list, t };
  });
  const v = new Int32Array(NX * NY);
  const sigKey = viewSignature(view, isTcp);
  let outcomeMemo = ctx.outcomeMemos.get(sigKey);
  if (!outcomeMemo) ctx.outcomeMemos.set(sigKey, (outcomeMemo = new Map()));
  const matched: (CompiledRule | null)[] = view.layers.map(() => null);
  const L = perLayer.length;
  const firsts = new Int32Array(L);
  for (let x = 0; x < NX; x++) {
    for (let y = 0; y < NY; y++) {
      let fk = 0;
      for (let k = 0; k < L; k++) {
        const p = perLayer[k] as (typeof perLayer)[number];
        const words = p.words;
        const xo = x * words;
        const yo = y * words;
        let first = -1;
        for (let w = 0; w < words; w++) {
          const m = (p.xb[xo + w] as number) & (p.yb[yo + w] as number);
          if (m !== 0) {
            first = p.list[(w << 5) + (31 - Math.clz32(m & -m))] as number;
            break;
          }
        }
        firsts[k] = first;
        fk = fk * (p.t.rules.length + 1) + (first + 1);
      }
      let o = outcomeMemo.get(fk);
      if (o === undefined) {
        for (let k = 0; k < L; k++) {
          const f = firsts[k] as number;
          matched[k] =
            f >= 0 ? ((perLayer[k] as (typeof perLayer)[number]).t.rules[f] as CompiledRule) : null;
        }
        o = outcomeOf(ctx, view.layers, matched);
        outcomeMemo.set(fk, o);
      }
      v[x * NY + y] = o;
    }
  }
  const id = ctx.grid({ xs, ys, v });
  view.memo.set(mk, id);
  ctx.sharedGrids.set(sk, id);
  return id;
}

// ---------------------------------------------------------------------------------------------------
// Remote-address segmentation
// ---------------------------------------------------------------------------------------------------

export function maxOf(family: 4 | 6): Addr {
  return family === 4 ? MAX_V4 : MAX_V6;
}

export function inc(v: Addr): Addr {
  return typeof v === 'bigint' ? v + 1n : v + 1;
}

export function dec(v: Addr): Addr {
  return typeof v === 'bigint' ? v - 1n : v - 1;
}

/** Adds the remote cut points of a side (segment starts of every layer) to `cuts`. */
export function addSideCuts(view: SideView, cuts: Addr[]): void {
  for (const l of view.layers) {
    const s = l.t.remote.starts as ArrayLike<Addr>;
    for (let i = 0; i < s.length; i++) cuts.push(s[i] as Addr);
  }
}

/** Adds the boundaries of a flat interval list. */
export function addFlatCuts(flat: ArrayLike<Addr>, family: 4 | 6, cuts: Addr[]): void {
  const max = maxOf(family);
  for (let i = 0; i + 1 < flat.length; i += 2) {
    cuts.push(flat[i] as Addr);
    if ((flat[i + 1] as Addr) < max) cuts.push(inc(flat[i + 1] as Addr));
  }
}

/** Sorted unique cut points, always starting at 0. */
export function normaliseCuts(cuts: Addr[], family: 4 | 6): Addr[] {
  const zero: Addr = family === 4 ? 0 : 0n;
  const all = [zero, ...cuts];
  all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Addr[] = [];
  for (const c of all) if (out.length === 0 || out[out.length - 1] !== c) out.push(c);
  return out;
}

/** Text of an address range: an address, a CIDR when aligned, else `a-b`. */
export function rangeText(family: 4 | 6, lo: Addr, hi: Addr): string {
  const fmt = (v: Addr): string => (family === 4 ? formatIpv4(Number(v)) : formatIpv6(BigInt(v)));
  if (lo === hi) return fmt(lo);
  const bits = family === 4 ? 32 : 128;
  const size = BigInt(hi) - BigInt(lo) + 1n;
  if ((size & (size - 1n)) === 0n && BigInt(lo) % size === 0n) {
    let k = 0;
    while (1n << BigInt(k) < size) k++;
    return `${fmt(lo)}/${bits - k}`;
  }
  return `${fmt(lo)}-${fmt(hi)}`;
}

export function portText(r: [number, number]): string {
  return r[0] === r[1] ? `${r[0]}` : `${r[0]}-${r[1]}`;
}

/** Adds [lo, hi] to a list of ranges, joining it with the last one when adjacent. */
export function pushRange(list: [Addr, Addr][], lo: Addr, hi: Addr): void {
  const last = list[list.length - 1];
  if (last && inc(last[1]) === lo) last[1] = hi;
  else list.push([lo, hi]);
}

// ---------------------------------------------------------------------------------------------------
// Public: the allowed space of one IP configuration and direction
// ---------------------------------------------------------------------------------------------------

export interface AllowedBox {
  protocol: 'TCP' | 'UDP';
  /** Remote address ranges (CIDR, single address or `a-b`). */
  remoteAddresses: string[];
  /** Local / remote port ranges (`n` or `a-b`). */
  localPorts: string[];
  remotePorts: string[];
  /** The allowing rule of each layer that matched (or a `none` entry when no layer matched). */
  rules: DecidingRule[];
}

export type AllowedSpaceResult =
  | { ok: true; networkInterfaceId: string; ipConfigurationName: string; family: 4 | 6; boxes: AllowedBox[] }
  | { ok: false; error: Issue };

/**
 * The exact allowed region of one IP configuration (primary by default) and direction, over protocol ×
 * remote address × local port × remote port, as boxes attributed to the rules that allowed them. Adjacent
 * cells with identical attribution are merged. Never throws.
 */
export function allowedSpace(
  network: Network,
  nicId: string,
  direction: Direction,
  options: { ipConfigurationName?: string } = {},
): AllowedSpaceResult {
  const policy =
    typeof nicId === 'string' ? compilePolicy(network, nicId, options.ipConfigurationName) : null;
  if (!policy) {
    return {
      ok: false,
      error: {
        code: 'NotFound',
        path: ['networkInterfaceId'],
        message: `network interface '${String(nicId)}' (or its IP configuration) was not found`,
        severity: 'error',
      },
    };
  }
  const ctx = new AnalysisContext();
  const view = sideView(policy, direction === 'Outbound' ? 'Outbound' : 'Inbound');
  const family = policy.family;
  const cuts: Addr[] = [];
  addSideCuts(view, cuts);
  const starts = normaliseCuts(cuts, family);
  const boxes: AllowedBox[] = [];
  for (const isTcp of [true, false]) {
    // remote ranges per grid
    const byGrid = new Map<number, [Addr, Addr][]>();
    for (let i = 0; i < starts.length; i++) {
      const lo = starts[i] as Addr;
      const hi = i + 1 < starts.length ? dec(starts[i + 1] as Addr) : maxOf(family);
      const g = sideGrid(ctx, view, isTcp, remoteOffsets(view, lo));
      let l = byGrid.get(g);
      if (!l) byGrid.set(g, (l = []));
      pushRange(l, lo, hi);
    }
    for (const [g, ranges] of byGrid) {
      const prods = gridProducts(ctx.grids[g] as Grid, (o) =>
        (ctx.outcomes[o] as Outcome).access === 'Allow' ? o : -1,
      );
      for (const [o, ps] of prods) {
        for (const p of ps) {
          // x = source port, y = destination port; local = destination when inbound
          const src = p.xRanges.map(portText);
          const dst = p.yRanges.map(portText);
          boxes.push({
            protocol: isTcp ? 'TCP' : 'UDP',
            remoteAddresses: ranges.map(([lo, hi]) => rangeText(family, lo, hi)),
            localPorts: view.inbound ? dst : src,
            remotePorts: view.inbound ? src : dst,
            rules: (ctx.outcomes[o] as Outcome).rules,
          });
        }
      }
    }
  }
  return {
    ok: true,
    networkInterfaceId: policy.networkInterfaceId,
    ipConfigurationName: policy.ipConfigurationName,
    family,
    boxes,
  };
}
