/**
 * The verification path's lookup structure: one probe per IP configuration and direction, over the decision
 * tables of every layer evaluated in that direction (admin rules, then the NSGs in §6.2 order).
 *
 * Each dimension (remote address, local port, remote port) is cut once at the union of all layers'
 * segment boundaries; a combined segment stores, per layer, the offset of that layer's bitset. A
 * verification is then three searches (not three per layer) and, per layer, an AND of four bitsets whose
 * lowest set bit is the layer's first matching rule. Each numeric dimension has a 256-bucket index (per 256
 * ports; per top octet of an IPv4 address), so a search only looks at its bucket's boundaries, and searches
 * are branch-free. IPv6 boundaries are stored as four 32-bit words per key, so an IPv6 lookup does no
 * bigint arithmetic.
 *
 * The combined dimensions depend only on the layers' shared tables (compile.ts caches them per set of
 * tables); only the protocol ∧ local-address bitsets are per IP configuration. Everything here is typed
 * arrays and class instances with a fixed shape, so the lookups stay monomorphic.
 */
import type { CompiledLayer, DecisionTable, SegmentDimension } from './compile';

/** Combined dimensions of a sequence of layers' tables (address-independent, shared). */
export class SharedProbe {
  constructor(
    readonly layerCount: number,
    /** Bitset words per layer. */
    readonly words: Int32Array,
    /** IPv4: segment starts; IPv6: 4 words per start (most significant first). */
    readonly remoteStarts: Float64Array,
    /** IPv4: `remoteBuckets[b]` = the segment holding address b × 2^24 (b = 0…256). */
    readonly remoteBuckets: Int32Array,
    readonly remoteStarts6: Uint32Array,
    /** `remoteOffsets[segment * layerCount + layer]` = offset of that layer's bitset in `remotePools[layer]`. */
    readonly remoteOffsets: Int32Array,
    readonly remotePools: Uint32Array[],
    readonly localPortStarts: Float64Array,
    readonly localPortBuckets: Int32Array,
    readonly localPortOffsets: Int32Array,
    readonly localPortPools: Uint32Array[],
    readonly remotePortStarts: Float64Array,
    readonly remotePortBuckets: Int32Array,
    readonly remotePortOffsets: Int32Array,
    readonly remotePortPools: Uint32Array[],
  ) {}
}

/** One IP configuration's probe for one direction. */
export class PolicyProbe {
  constructor(
    readonly shared: SharedProbe,
    readonly family: 4 | 6,
    /** The layers in evaluation order and their tables of this direction (bit i ↔ tables[k].rules[i]). */
    readonly layers: CompiledLayer[],
    readonly tables: DecisionTable[],
    /** Whether tables[0] is the admin layer (its Allow continues, Deny and AlwaysAllow stop). */
    readonly adminFirst: boolean,
    /** Protocol ∧ local-address bitsets per layer. */
    readonly tcp: Uint32Array[],
    readonly udp: Uint32Array[],
    /** Per layer, the rules whose local / remote port condition covers 0–65535 (a `*` query port, §7.5). */
    readonly localPortFull: Uint32Array[],
    readonly remotePortFull: Uint32Array[],
    /** Lowest rule with an unknown service tag per layer, or -1. */
    readonly firstUnknownTagRule: Int32Array,
  ) {}
}

/** Unique, sorted boundaries of several dimensions (numbers): pairwise linear merges of sorted lists. */
function mergeStarts(dims: SegmentDimension<number>[]): Float64Array {
  let acc: Float64Array =
    dims.length > 0 ? (dims[0] as SegmentDimension<number>).starts : new Float64Array(0);
  for (let k = 1; k < dims.length; k++) {
    const b = (dims[k] as SegmentDimension<number>).starts;
    const out = new Float64Array(acc.length + b.length);
    let i = 0;
    let j = 0;
    let m = 0;
    while (i < acc.length || j < b.length) {
      let v: number;
      if (j >= b.length || (i < acc.length && (acc[i] as number) <= (b[j] as number))) v = acc[i++] as number;
      else v = b[j++] as number;
      if (m === 0 || out[m - 1] !== v) out[m++] = v;
    }
    acc = out.subarray(0, m);
  }
  return acc.slice();
}

/** Per combined segment and layer, the layer's bitset offset (walks each layer's starts once). */
function combinedOffsets(
  starts: ArrayLike<number | bigint>,
  dims: (SegmentDimension<number> | SegmentDimension<bigint>)[],
): Int32Array {
  const layers = dims.length;
  const out = new Int32Array(starts.length * layers);
  for (let k = 0; k < layers; k++) {
    const d = dims[k] as SegmentDimension<number> | SegmentDimension<bigint>;
    const ds = d.starts as ArrayLike<number | bigint>;
    let j = 0;
    for (let s = 0; s < starts.length; s++) {
      const v = starts[s] as number | bigint;
      while (j + 1 < ds.length && (ds[j + 1] as number | bigint) <= v) j++;
      out[s * layers + k] = d.offsets[j] as number;
    }
  }
  return out;
}

/**
 * `buckets[b]` = the segment holding value b × `width` (b = 0…255; `buckets[256]` = the final segment), so
 * the segment of v lies between `buckets[v / width]` and `buckets[v / width + 1]`.
 */
function buckets256(starts: Float64Array, width: number): Int32Array {
  const out = new Int32Array(257);
  let s = 0;
  for (let b = 0; b < 256; b++) {
    const v = b * width;
    while (s + 1 < starts.length && (starts[s + 1] as number) <= v) s++;
    out[b] = s;
  }
  out[256] = starts.length - 1;
  return out;
}

/** Builds the combined dimensions of the given tables (same direction and family, evaluation order). */
export function buildSharedProbe(tables: DecisionTable[]): SharedProbe {
  const n = tables.length;
  const family = tables[0]?.family ?? 4;
  const words = new Int32Array(n);
  for (let k = 0; k < n; k++) words[k] = (tables[k] as DecisionTable).words;
  const remoteDims = tables.map((t) => t.remote);
  let remoteStarts: Float64Array = new Float64Array(0);
  let remoteStarts6: Uint32Array = new Uint32Array(0);
  let remoteOffsets: Int32Array;
  if (family === 4) {
    remoteStarts = mergeStarts(remoteDims as SegmentDimension<number>[]);
    remoteOffsets = combinedOffsets(remoteStarts, remoteDims);
  } else {
    const all: bigint[] = [];
    for (const d of remoteDims) for (const v of d.starts as bigint[]) all.push(v);
    all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const uniq = all.filter((v, i) => i === 0 || all[i - 1] !== v);
    remoteOffsets = combinedOffsets(uniq, remoteDims);
    remoteStarts6 = new Uint32Array(uniq.length * 4);
    for (let i = 0; i < uniq.length; i++) {
      const v = uniq[i] as bigint;
      for (let w = 0; w < 4; w++) remoteStarts6[i * 4 + w] = Number((v >> BigInt(96 - 32 * w)) & 0xffffffffn);
    }
  }
  const lpDims = tables.map((t) => t.localPort);
  const rpDims = tables.map((t) => t.remotePort);
  const lpStarts = mergeStarts(lpDims);
  const rpStarts = mergeStarts(rpDims);
  return new SharedProbe(
    n,
    words,
    remoteStarts,
    buckets256(remoteStarts, 2 ** 24),
    remoteStarts6,
    remoteOffsets,
    remoteDims.map((d) => d.pool),
    lpStarts,
    buckets256(lpStarts, 256),
    combinedOffsets(lpStarts, lpDims),
    lpDims.map((d) => d.pool),
    rpStarts,
    buckets256(rpStarts, 256),
    combinedOffsets(rpStarts, rpDims),
    rpDims.map((d) => d.pool),
  );
}

export function buildPolicyProbe(
  shared: SharedProbe,
  layers: CompiledLayer[],
  tables: DecisionTable[],
  adminFirst: boolean,
): PolicyProbe {
  const firstUnknown = new Int32Array(tables.length);
  for (let k = 0; k < tables.length; k++) firstUnknown[k] = (tables[k] as DecisionTable).firstUnknownTagRule;
  return new PolicyProbe(
    shared,
    tables[0]?.family ?? 4,
    layers,
    tables,
    adminFirst,
    tables.map((t) => t.tcp),
    tables.map((t) => t.udp),
    tables.map((t) => t.localPortFull),
    tables.map((t) => t.remotePortFull),
    firstUnknown,
  );
}

// ---------------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------------

/**
 * Last index in `[lo, hi]` whose start is ≤ v (`starts[lo] ≤ v` holds). Branch-free halving: the comparison
 * becomes arithmetic, so the CPU has no branch to mispredict at each step.
 */
function lastAtMost(starts: Float64Array, lo: number, hi: number, v: number): number {
  let n = hi - lo + 1;
  while (n > 1) {
    const half = n >> 1;
    lo += half * +((starts[lo + half] as number) <= v);
    n -= half;
  }
  return lo;
}

/** Segment of an IPv4 value: its top octet's bucket, then a search among the bucket's boundaries. */
export function remoteSegment4(starts: Float64Array, buckets: Int32Array, v: number): number {
  const b = v >>> 24;
  return lastAtMost(starts, buckets[b] as number, buckets[b + 1] as number, v);
}

/** Segment of an IPv6 value given as four 32-bit words `a.b.c.d` (most significant first). */
export function remoteSegment6(starts: Uint32Array, a: number, b: number, c: number, d: number): number {
  let lo = 0;
  let hi = (starts.length >> 2) - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const o = mid << 2;
    const s0 = starts[o] as number;
    let le: boolean;
    if (s0 !== a) le = s0 < a;
    else {
      const s1 = starts[o + 1] as number;
      if (s1 !== b) le = s1 < b;
      else {
        const s2 = starts[o + 2] as number;
        le = s2 !== c ? s2 < c : (starts[o + 3] as number) <= d;
      }
    }
    if (le) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Segment of a port 0–65535: the bucket narrows the search to the boundaries inside its 256 ports. */
export function portSegment(starts: Float64Array, buckets: Int32Array, port: number): number {
  const b = port >>> 8;
  return lastAtMost(starts, buckets[b] as number, buckets[b + 1] as number, port);
}
