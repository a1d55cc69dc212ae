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
import { MAX_V4, MAX_V6, formatIpv4, formatIpv6 } from '../address';
import type {
  CompiledLayer,
  CompiledPolicy,
  CompiledRule,
  DecisionTable,
  LayerKind,
  SegmentDimension,
} from '../compile';
import { compilePolicy } from '../compile';
import type { Direction, Issue, Network } from '../model';

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
  /** A cell outside the port region a grid was computed for (not evaluated; never a change). */
  outside?: boolean;
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
  /** Grid ids per `${proto}|${remote offsets}|${region}`. */
  memo: Map<string, number>;
  /** Identity of the layers (kind, id, rule array), computed on first use. */
  layersSig: string | null;
  /** Per `${proto}|${region}`: ids of the layers' protocol ∧ local bits inside the region. */
  localKeys: Map<string, string>;
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
  return { policy, inbound, layers, memo: new Map(), layersSig: null, localKeys: new Map() };
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
  /**
   * Side grids by (layers, region, hash of the rules that can match): shared by every view and remote
   * segment with the same candidate rules; each entry keeps the words to rule out hash collisions.
   */
  readonly sharedGrids = new Map<string, { words: Uint32Array; grid: number }[]>();
  /** Side grids by (layers, local bits id, remote classes, region): skips the words entirely. */
  readonly classGrids = new Map<string, number>();
  /** Outcome ids by layers signature and the per-layer first matches (global rule indexes). */
  readonly outcomeMemos = new Map<string, Map<number, number>>();
  readonly noFlow: number;
  readonly noFlowGrid: number;
  /** The outcome of cells outside a grid's port region. */
  readonly outside: number;
  constructor() {
    this.noFlow = this.outcome({ access: 'Deny', rules: [], noFlow: true });
    this.noFlowGrid = this.grid({ xs: [0], ys: [0], v: Int32Array.of(this.noFlow) });
    this.outside = this.outcome({ access: 'Deny', rules: [], noFlow: false, outside: true });
  }
  outcome(o: Outcome): number {
    const k = `${o.outside ? 'O' : ''}${o.noFlow ? 'N' : ''}${o.access}|${o.src ?? ''}|${o.dst ?? ''}|${o.rules
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
    if (s.outside || d.outside) id = this.outside;
    else if (s.noFlow || d.noFlow) id = this.noFlow;
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

/**
 * Per table (by its remote pool) and region: remote-pool offset → class id, equal for offsets whose rule
 * bitsets agree on the rules that meet the region. Segments of one class have the same grid in that region.
 */
interface ClassTable {
  /** Added to local class numbers: ids are unique across tables and never reused after a cache reset. */
  base: number;
  /** Local class number per pool offset (filled as offsets are met). */
  byOffset: Map<number, number>;
  /** Hash of the masked bitset → representative offsets (index = class id). */
  buckets: Map<number, number[]>;
  reps: number[];
}

const regionClasses = new WeakMap<Uint32Array, Map<string, ClassTable>>();
let nextClassBase = 0;
/** Regions kept per table in the caches below (a long-lived network sees many check port ranges). */
const REGIONS_PER_TABLE = 128;

/** A per-table, per-region cache entry; the table's map is emptied when it holds too many regions. */
function regionCache<K extends object, V>(
  caches: WeakMap<K, Map<string, V>>,
  owner: K,
  region: Region,
  make: () => V,
): V {
  let m = caches.get(owner);
  if (!m) caches.set(owner, (m = new Map()));
  let v = m.get(region.key);
  if (v === undefined) {
    if (m.size >= REGIONS_PER_TABLE) m.clear();
    m.set(region.key, (v = make()));
  }
  return v;
}

function regionClass(t: DecisionTable, region: Region, off: number): number {
  if (region.full) return off;
  const pool = t.remote.pool;
  const nw = t.words;
  const c = regionCache(regionClasses, pool, region, () => {
    const base = nextClassBase;
    nextClassBase += 1 << 24;
    return { base, byOffset: new Map(), buckets: new Map(), reps: [] };
  });
  let id = c.byOffset.get(off) ?? -1;
  if (id < 0) {
    const filter = regionFilter(t, region) as Uint32Array;
    let h = 0x811c9dc5;
    for (let w = 0; w < nw; w++)
      h = Math.imul(h ^ ((pool[off + w] as number) & (filter[w] as number)), 0x01000193);
    let list = c.buckets.get(h);
    if (!list) c.buckets.set(h, (list = []));
    for (const rid of list) {
      const rep = c.reps[rid] as number;
      let same = true;
      for (let w = 0; w < nw && same; w++)
        if ((((pool[rep + w] as number) ^ (pool[off + w] as number)) & (filter[w] as number)) !== 0)
          same = false;
      if (same) {
        id = rid;
        break;
      }
    }
    if (id < 0) {
      id = c.reps.length;
      c.reps.push(off);
      list.push(id);
    }
    c.byOffset.set(off, id);
  }
  return c.base + id;
}

const regionCovers = new WeakMap<readonly CompiledRule[], Map<string, Uint32Array>>();

function regionCover(t: DecisionTable, region: Region): Uint32Array {
  return regionCache(regionCovers, t.rules, region, () => {
    // rules containing every box = ∩ over boxes of (∩ source segments) ∧ (∩ destination segments)
    const [sd, dd] = portDims(t);
    const f = new Uint32Array(t.words).fill(0xffffffff);
    const a = new Uint32Array(t.words);
    const bx = region.boxes;
    for (let i = 0; i < bx.length; i += 4) {
      portDimBits(t, sd, bx[i] as number, bx[i + 1] as number, true, a);
      for (let w = 0; w < t.words; w++) f[w] = (f[w] as number) & (a[w] as number);
      portDimBits(t, dd, bx[i + 2] as number, bx[i + 3] as number, true, a);
      for (let w = 0; w < t.words; w++) f[w] = (f[w] as number) & (a[w] as number);
    }
    return f;
  });
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

// ---------------------------------------------------------------------------------------------------
// Port regions
//
// A region is a union of (source port × destination port) boxes. A grid computed on a region holds the
// OUTSIDE outcome in every cell outside it; only rules whose ports meet the region take part and only
// their boundaries inside the region cut the plane. Analyses that only need part of the plane (a saved
// check's ports, the ports a draft's changed rules touch) therefore skip most rules and most cells.
// ---------------------------------------------------------------------------------------------------

export interface Region {
  /** Inclusive boxes `[x0, x1, y0, y1, …]` (x = source port, y = destination port), sorted, unique. */
  boxes: number[];
  key: string;
  /** A short id, unique per interned region (ids are never reused); used in memo keys. */
  id: string;
  full: boolean;
}

const internedRegions = new Map<string, Region>();
let nextRegionId = 0;

/** A region from flat boxes (any order, duplicates allowed); interned, so equal regions are one object. */
export function makeRegion(boxes: number[]): Region {
  const list: [number, number, number, number][] = [];
  for (let i = 0; i + 3 < boxes.length; i += 4) {
    const b: [number, number, number, number] = [
      boxes[i] as number,
      boxes[i + 1] as number,
      boxes[i + 2] as number,
      boxes[i + 3] as number,
    ];
    if (b[0] === 0 && b[1] === 65535 && b[2] === 0 && b[3] === 65535) return FULL_REGION;
    list.push(b);
  }
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  const flat: number[] = [];
  const parts: string[] = [];
  for (const b of list) {
    const k = b.join(',');
    if (parts.length > 0 && parts[parts.length - 1] === k) continue;
    parts.push(k);
    flat.push(...b);
  }
  const key = parts.join(';');
  let r = internedRegions.get(key);
  if (!r) {
    if (internedRegions.size > 10_000) internedRegions.clear();
    r = { boxes: flat, key, id: `r${nextRegionId++}`, full: false };
    internedRegions.set(key, r);
  }
  return r;
}

export const FULL_REGION: Region = { boxes: [0, 65535, 0, 65535], key: 'full', id: 'full', full: true };

/** Every box of the product of two flat port lists (source ports × destination ports). */
export function portBoxes(sourcePorts: ArrayLike<number>, destinationPorts: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < sourcePorts.length; i += 2)
    for (let j = 0; j + 1 < destinationPorts.length; j += 2)
      out.push(
        sourcePorts[i] as number,
        sourcePorts[i + 1] as number,
        destinationPorts[j] as number,
        destinationPorts[j + 1] as number,
      );
  return out;
}

export function regionUnion(a: Region | null, b: Region | null): Region | null {
  if (!a) return b;
  if (!b || a === b) return a;
  if (a.full || b.full) return FULL_REGION;
  return makeRegion([...a.boxes, ...b.boxes]);
}

/** The table's (source port, destination port) dimensions: inbound the remote port is the source. */
function portDims(t: DecisionTable): [SegmentDimension<number>, SegmentDimension<number>] {
  return t.direction === 'Inbound' ? [t.remotePort, t.localPort] : [t.localPort, t.remotePort];
}

/**
 * The rules whose ports meet (`all` false: union of the segments' bitsets) or contain (`all` true:
 * intersection) the port range [lo, hi], into `out`. Segments partition 0–65535, so a rule contains the
 * range iff it covers every segment the range meets.
 */
function portDimBits(
  t: DecisionTable,
  d: SegmentDimension<number>,
  lo: number,
  hi: number,
  all: boolean,
  out: Uint32Array,
): void {
  const nw = t.words;
  if (lo === 0 && hi === 65535) {
    // every rule has some port; the rules covering all ports are precomputed
    if (all) out.set(d === t.localPort ? t.localPortFull : t.remotePortFull);
    else
      for (let i = 0; i < nw; i++)
        out[i] = i < nw - 1 || t.rules.length % 32 === 0 ? 0xffffffff : (1 << (t.rules.length % 32)) - 1;
    return;
  }
  out.fill(all ? 0xffffffff : 0);
  const starts = d.starts as ArrayLike<number>;
  for (let s = segmentOf(starts, lo); s < starts.length && (starts[s] as number) <= hi; s++) {
    const off = d.offsets[s] as number;
    for (let w = 0; w < nw; w++)
      out[w] = all
        ? (out[w] as number) & (d.pool[off + w] as number)
        : (out[w] as number) | (d.pool[off + w] as number);
  }
}

/** Per table (by its rule array) and region: bitset of the rules whose ports meet the region. */
const regionFilters = new WeakMap<readonly CompiledRule[], Map<string, Uint32Array>>();

function regionFilter(t: DecisionTable, region: Region): Uint32Array | null {
  if (region.full) return null;
  return regionCache(regionFilters, t.rules, region, () => {
    // from the table's port dimensions: rules meeting a box = (∪ source segments) ∧ (∪ destination segments)
    const [sd, dd] = portDims(t);
    const f = new Uint32Array(t.words);
    const a = new Uint32Array(t.words);
    const b = new Uint32Array(t.words);
    const bx = region.boxes;
    for (let i = 0; i < bx.length; i += 4) {
      portDimBits(t, sd, bx[i] as number, bx[i + 1] as number, false, a);
      portDimBits(t, dd, bx[i + 2] as number, bx[i + 3] as number, false, b);
      for (let w = 0; w < t.words; w++) f[w] = (f[w] as number) | ((a[w] as number) & (b[w] as number));
    }
    return f;
  });
}

// ---------------------------------------------------------------------------------------------------
// Side planes
// ---------------------------------------------------------------------------------------------------

const ruleArrayIds = new WeakMap<readonly CompiledRule[], number>();
let nextRuleArrayId = 0;

const layersSigIds = new Map<string, string>();
let nextLayersSig = 0;

/** A short id for the view's layers (kind, layer id, rule array); outcomes depend on nothing else. */
function layersSignature(view: SideView): string {
  if (view.layersSig === null) {
    const long = view.layers
      .map((l) => {
        let id = ruleArrayIds.get(l.t.rules);
        if (id === undefined) ruleArrayIds.set(l.t.rules, (id = nextRuleArrayId++));
        return `${l.kind}:${l.layer.id}:${id}`;
      })
      .join('/');
    let short = layersSigIds.get(long);
    if (short === undefined) {
      // ids are never reused, so clearing only costs sharing (bounded memory in a long-lived process)
      if (layersSigIds.size > 10_000) layersSigIds.clear();
      layersSigIds.set(long, (short = `L${nextLayersSig++}`));
    }
    view.layersSig = short;
  }
  return view.layersSig;
}

/** The decision grid of a side for one protocol and one remote segment (given by its per-layer offsets). */
export function sideGrid(ctx: AnalysisContext, view: SideView, isTcp: boolean, offs: number[]): number {
  return regionGrid(ctx, view, isTcp, offs, FULL_REGION);
}

/**
 * The decision grid of a side for one protocol, one remote segment and a port region (OUTSIDE elsewhere).
 * Grids are shared by every (view, remote segment) whose rules that can match inside the region are the
 * same rules of the same layers — across IP configurations, remote segments and the two networks of a diff.
 */
export function regionGrid(
  ctx: AnalysisContext,
  view: SideView,
  isTcp: boolean,
  offs: number[],
  region: Region,
): number {
  // per layer, remote segments whose bitsets agree inside the region share a class: key on classes
  let mk = isTcp ? 'T' : 'U';
  for (let k = 0; k < offs.length; k++)
    mk += `,${regionClass((view.layers[k] as LayerView).t, region, offs[k] as number)}`;
  mk += `|${region.id}`;
  const hit = view.memo.get(mk);
  if (hit !== undefined) return hit;
  // another view with the same layers and the same protocol ∧ local bits inside the region has the same
  // grid for the same remote classes
  const ck = `${layersSignature(view)}|${localKey(view, isTcp, region)}|${mk}`;
  const shared = ctx.classGrids.get(ck);
  if (shared !== undefined) {
    view.memo.set(mk, shared);
    return shared;
  }
  // the rules that can match in this segment and region, per layer, as words
  const L = view.layers.length;
  let total = 0;
  for (const l of view.layers) total += l.t.words;
  if (scratch.length < total) scratch = new Uint32Array(total * 2);
  const words = scratch;
  let h = 0x811c9dc5;
  let o = 0;
  for (let k = 0; k < L; k++) {
    const t = (view.layers[k] as LayerView).t;
    const proto = isTcp ? t.tcp : t.udp;
    const pool = t.remote.pool;
    const off = offs[k] as number;
    const filter = regionFilter(t, region);
    const covers = regionCover(t, region);
    let done = false;
    for (let w = 0; w < t.words; w++) {
      let bits = 0;
      if (!done) {
        bits = (proto[w] as number) & (pool[off + w] as number);
        if (filter) bits &= filter[w] as number;
        // the first candidate whose ports contain the region decides wherever the later ones could: drop them
        const c = bits & (covers[w] as number);
        if (c !== 0) {
          const low = c & -c;
          bits &= low | (low - 1);
          done = true;
        }
      }
      words[o++] = bits;
      h = Math.imul(h ^ bits, 0x01000193);
    }
  }
  const sk = `${layersSignature(view)}|${region.id}|${h >>> 0}`;
  let bucket = ctx.sharedGrids.get(sk);
  if (bucket) {
    for (const e of bucket) {
      if (e.words.length !== total) continue;
      let same = true;
      for (let i = 0; i < total && same; i++) if (e.words[i] !== words[i]) same = false;
      if (same) {
        view.memo.set(mk, e.grid);
        return e.grid;
      }
    }
  } else ctx.sharedGrids.set(sk, (bucket = []));
  const own = words.slice(0, total);
  const id = computeGrid(ctx, view, own, region);
  bucket.push({ words: own, grid: id });
  view.memo.set(mk, id);
  ctx.classGrids.set(ck, id);
  return id;
}

/**
 * An id of a view's behaviour for one protocol: views with equal ids (same layers, same protocol ∧ local
 * bits) decide every flow the same way, so an analysis needs to look at only one of them.
 */
export function viewIdentity(view: SideView, isTcp: boolean): string {
  return `${layersSignature(view)}|${localKey(view, isTcp, FULL_REGION)}`;
}

/**
 * The rules that can decide at one remote segment, per layer (words over the layer's table, concatenated):
 * protocol ∧ local ∧ remote, cut after the first rule whose ports cover all ports (the later ones can never
 * be a first match), and a key naming them with the view's layers. Views and segments with equal keys have
 * the same first matches everywhere.
 */
export function candidateRules(
  view: SideView,
  isTcp: boolean,
  offs: number[],
): { words: Uint32Array[]; key: string } {
  const words: Uint32Array[] = [];
  let key = layersSignature(view);
  view.layers.forEach((l, k) => {
    const t = l.t;
    const proto = isTcp ? t.tcp : t.udp;
    const covers = regionCover(t, FULL_REGION);
    const off = offs[k] as number;
    const out = new Uint32Array(t.words);
    let done = false;
    for (let w = 0; w < t.words && !done; w++) {
      let bits = (proto[w] as number) & (t.remote.pool[off + w] as number);
      const c = bits & (covers[w] as number);
      if (c !== 0) {
        const low = c & -c;
        bits &= low | (low - 1);
        done = true;
      }
      out[w] = bits;
    }
    words.push(out);
    key += `|${out.join(',')}`;
  });
  return { words, key };
}

const localIds = new WeakMap<readonly CompiledRule[], Map<string, number>>();
let nextLocalId = 0;

function localKey(view: SideView, isTcp: boolean, region: Region): string {
  const k = `${isTcp ? 'T' : 'U'}|${region.key}`;
  let out = view.localKeys.get(k);
  if (out === undefined) {
    out = view.layers
      .map((l) => {
        const t = l.t;
        const proto = isTcp ? t.tcp : t.udp;
        const filter = regionFilter(t, region);
        let w = '';
        for (let i = 0; i < t.words; i++)
          w += `${(filter ? (proto[i] as number) & (filter[i] as number) : (proto[i] as number)) >>> 0},`;
        let m = localIds.get(t.rules);
        if (!m || m.size >= 4096) localIds.set(t.rules, (m = new Map()));
        let id = m.get(w);
        // ids are never reused (a fresh map gets fresh ids), so a reset only costs sharing
        if (id === undefined) m.set(w, (id = nextLocalId++));
        return id;
      })
      .join(',');
    view.localKeys.set(k, out);
  }
  return out;
}

/** Reused buffer for the candidate words of regionGrid (copied only when a new grid is stored). */
let scratch = new Uint32Array(256);

/** Merged [lo, hi] spans of the region along one axis (0 = x, 2 = y). */
function spans(region: Region, axis: 0 | 2): number[] {
  const list: [number, number][] = [];
  const b = region.boxes;
  for (let i = 0; i < b.length; i += 4) list.push([b[i + axis] as number, b[i + axis + 1] as number]);
  list.sort((p, q) => p[0] - q[0]);
  const out: number[] = [];
  for (const [lo, hi] of list) {
    const n = out.length;
    if (n > 0 && (out[n - 1] as number) + 1 >= lo) out[n - 1] = Math.max(out[n - 1] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

function insideSpans(sp: number[], c: number): boolean {
  for (let i = 0; i < sp.length; i += 2) if ((sp[i] as number) < c && c <= (sp[i + 1] as number)) return true;
  return false;
}

function computeGrid(ctx: AnalysisContext, view: SideView, words: Uint32Array, region: Region): number {
  const full = region.full;
  const xSpan = full ? [] : spans(region, 0);
  const ySpan = full ? [] : spans(region, 2);
  const active: number[][] = [];
  let nx = 1;
  let ny = 1;
  const xCuts: number[] = [0];
  const yCuts: number[] = [0];
  const pushX = (c: number): void => {
    if (c <= 65535 && (full || insideSpans(xSpan, c))) xCuts[nx++] = c;
  };
  const pushY = (c: number): void => {
    if (c <= 65535 && (full || insideSpans(ySpan, c))) yCuts[ny++] = c;
  };
  if (!full) {
    const b = region.boxes;
    for (let i = 0; i < b.length; i += 4) {
      xCuts[nx++] = b[i] as number;
      if ((b[i + 1] as number) < 65535) xCuts[nx++] = (b[i + 1] as number) + 1;
      yCuts[ny++] = b[i + 2] as number;
      if ((b[i + 3] as number) < 65535) yCuts[ny++] = (b[i + 3] as number) + 1;
    }
  }
  let o = 0;
  view.layers.forEach((l) => {
    const t = l.t;
    const list: number[] = [];
    for (let w = 0; w < t.words; w++) {
      let bits = words[o++] as number;
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        const ri = (w << 5) + b;
        const r = t.rules[ri] as CompiledRule;
        list.push(ri);
        const sp = r.sourcePorts;
        for (let i = 0; i < sp.length; i += 2) {
          pushX(sp[i] as number);
          pushX((sp[i + 1] as number) + 1);
        }
        const dp = r.destinationPorts;
        for (let i = 0; i < dp.length; i += 2) {
          pushY(dp[i] as number);
          pushY((dp[i + 1] as number) + 1);
        }
      }
    }
    active.push(list);
  });
  const xs = sortedCuts(xCuts.slice(0, nx));
  const ys = sortedCuts(yCuts.slice(0, ny));
  const NX = xs.length;
  const NY = ys.length;
  // per layer: flat bitsets (over the layer's active rules) of x segments and y segments
  const cover = (starts: number[], flat: number[], bits: Uint32Array, nw: number, idx: number): void => {
    const m = 1 << (idx & 31);
    const wi = idx >>> 5;
    for (let i = 0; i < flat.length; i += 2) {
      let s = segmentOf(starts, flat[i] as number);
      const hi = flat[i + 1] as number;
      while (s < starts.length && (starts[s] as number) <= hi) {
        bits[s * nw + wi] = (bits[s * nw + wi] as number) | m;
        s++;
      }
    }
  };
  const perLayer = active.map((list, k) => {
    const t = (view.layers[k] as LayerView).t;
    const nw = Math.max(1, Math.ceil(list.length / 32));
    const xb = new Uint32Array(NX * nw);
    const yb = new Uint32Array(NY * nw);
    list.forEach((ri, i) => {
      const r = t.rules[ri] as CompiledRule;
      cover(xs, r.sourcePorts, xb, nw, i);
      cover(ys, r.destinationPorts, yb, nw, i);
    });
    return { nw, xb, yb, list, t };
  });
  // region membership of cells: a cell is inside iff its start is inside some box (box edges are cuts)
  let xIn: Uint32Array | null = null;
  let yIn: Uint32Array | null = null;
  let bw = 0;
  if (!full) {
    const b = region.boxes;
    const nb = b.length / 4;
    bw = Math.ceil(nb / 32);
    xIn = new Uint32Array(NX * bw);
    yIn = new Uint32Array(NY * bw);
    for (let j = 0; j < nb; j++) {
      const m = 1 << (j & 31);
      const wj = j >>> 5;
      for (let x = 0; x < NX; x++) {
        const v = xs[x] as number;
        if ((b[4 * j] as number) <= v && v <= (b[4 * j + 1] as number))
          xIn[x * bw + wj] = (xIn[x * bw + wj] as number) | m;
      }
      for (let y = 0; y < NY; y++) {
        const v = ys[y] as number;
        if ((b[4 * j + 2] as number) <= v && v <= (b[4 * j + 3] as number))
          yIn[y * bw + wj] = (yIn[y * bw + wj] as number) | m;
      }
    }
  }
  const v = new Int32Array(NX * NY);
  const sigKey = layersSignature(view);
  let outcomeMemo = ctx.outcomeMemos.get(sigKey);
  if (!outcomeMemo) ctx.outcomeMemos.set(sigKey, (outcomeMemo = new Map()));
  const matched: (CompiledRule | null)[] = view.layers.map(() => null);
  const L = perLayer.length;
  const firsts = new Int32Array(L);
  for (let x = 0; x < NX; x++) {
    for (let y = 0; y < NY; y++) {
      if (xIn && yIn) {
        let inside = false;
        for (let w = 0; w < bw && !inside; w++)
          if (((xIn[x * bw + w] as number) & (yIn[y * bw + w] as number)) !== 0) inside = true;
        if (!inside) {
          v[x * NY + y] = ctx.outside;
          continue;
        }
      }
      let fk = 0;
      for (let k = 0; k < L; k++) {
        const p = perLayer[k] as (typeof perLayer)[number];
        const nw = p.nw;
        const xo = x * nw;
        const yo = y * nw;
        let first = -1;
        for (let w = 0; w < nw; w++) {
          const m = (p.xb[xo + w] as number) & (p.yb[yo + w] as number);
          if (m !== 0) {
            first = p.list[(w << 5) + (31 - Math.clz32(m & -m))] as number;
            break;
          }
        }
        firsts[k] = first;
        fk = fk * (p.t.rules.length + 1) + (first + 1);
      }
      let oc = outcomeMemo.get(fk);
      if (oc === undefined) {
        for (let k = 0; k < L; k++) {
          const f = firsts[k] as number;
          matched[k] =
            f >= 0 ? ((perLayer[k] as (typeof perLayer)[number]).t.rules[f] as CompiledRule) : null;
        }
        oc = outcomeOf(ctx, view.layers, matched);
        outcomeMemo.set(fk, oc);
      }
      v[x * NY + y] = oc;
    }
  }
  return ctx.grid({ xs, ys, v });
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

/** Index of the first interval of a sorted flat list whose end is ≥ v. */
function firstIntervalFrom(flat: ArrayLike<Addr>, v: Addr): number {
  let lo = 0;
  let hi = flat.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((flat[2 * mid + 1] as Addr) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds the cuts of a sorted flat list that fall inside `within` (a sorted flat list; null = everywhere). */
export function addFlatCutsWithin(
  flat: ArrayLike<Addr>,
  family: 4 | 6,
  within: ArrayLike<Addr> | null,
  cuts: Addr[],
): void {
  if (!within) {
    addFlatCuts(flat, family, cuts);
    return;
  }
  const max = maxOf(family);
  for (let j = 0; j + 1 < within.length; j += 2) {
    const wlo = within[j] as Addr;
    const whi = within[j + 1] as Addr;
    for (let i = 2 * firstIntervalFrom(flat, wlo); i + 1 < flat.length && (flat[i] as Addr) <= whi; i += 2) {
      const a = flat[i] as Addr;
      const b = flat[i + 1] as Addr;
      if (a >= wlo) cuts.push(a);
      if (b < max && b < whi) cuts.push(inc(b));
    }
  }
}

/**
 * Adds the remote cut points of a side that fall inside `within` (null = all of them). With a region, only
 * the points where the rules that meet the region change are cuts (segments between have one grid there,
 * and in every sub-region); classes are computed only for the segments inside `within`.
 */
export function addSideCutsWithin(
  view: SideView,
  within: ArrayLike<Addr> | null,
  cuts: Addr[],
  region: Region = FULL_REGION,
): void {
  for (const l of view.layers) {
    const t = l.t;
    const s = t.remote.starts as ArrayLike<Addr>;
    const spans: ArrayLike<Addr> = within ?? [s[0] as Addr, maxOf(t.family)];
    for (let j = 0; j + 1 < spans.length; j += 2) {
      const wlo = spans[j] as Addr;
      const whi = spans[j + 1] as Addr;
      let i = segmentOf(s, wlo);
      let prev = region.full ? -1 : regionClass(t, region, t.remote.offsets[i] as number);
      for (i++; i < s.length && (s[i] as Addr) <= whi; i++) {
        if (region.full) {
          cuts.push(s[i] as Addr);
          continue;
        }
        const c = regionClass(t, region, t.remote.offsets[i] as number);
        if (c !== prev) cuts.push(s[i] as Addr);
        prev = c;
      }
    }
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
