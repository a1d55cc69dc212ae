/**
 * The segment builder behind every decision table (compile.ts): a dimension cut at the rules' interval
 * boundaries, each segment holding the bitset of rules covering it. Checked against brute force, with the
 * inputs a naive builder gets wrong: bounds at 0 and at the maximum (no "clear" event past the end),
 * addresses at and above 2^31 (signed 32-bit arithmetic), touching intervals of different rules (a segment
 * must start at hi + 1), more than 32 and more than 65,536 events (the insertion-sort and radix paths, and
 * the old packed-key limit), and identical bitsets in distant segments (stored once).
 */
import { buildNumberDimension } from './compile';

type Dim = ReturnType<typeof buildNumberDimension>;

function segmentOf(d: Dim, v: number): number {
  let lo = 0;
  let hi = d.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((d.starts[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function bitsAt(d: Dim, words: number, v: number): number[] {
  const off = d.offsets[segmentOf(d, v)] as number;
  return Array.from(d.pool.subarray(off, off + words));
}

function expectedBits(perRule: number[][], words: number, v: number): number[] {
  const out = new Array<number>(words).fill(0);
  perRule.forEach((flat, r) => {
    for (let i = 0; i + 1 < flat.length; i += 2) {
      if ((flat[i] as number) <= v && v <= (flat[i + 1] as number)) {
        out[r >>> 5] = ((out[r >>> 5] as number) | (1 << (r & 31))) >>> 0;
      }
    }
  });
  return out;
}

/** Every boundary and its neighbours (or `limit` of them, chosen at random), both ends, random values. */
function probes(perRule: number[][], max: number, rnd: () => number, limit: number): number[] {
  const near: number[] = [];
  for (const flat of perRule) {
    for (const b of flat) for (const v of [b - 1, b, b + 1]) if (v >= 0 && v <= max) near.push(v);
  }
  const out = new Set<number>([0, 1, max - 1, max]);
  if (near.length <= limit) for (const v of near) out.add(v);
  else for (let i = 0; i < limit; i++) out.add(near[Math.floor(rnd() * near.length)] as number);
  for (let i = 0; i < 50; i++) out.add(Math.floor(rnd() * (max + 1)));
  return [...out];
}

function check(perRule: number[][], max: number, seed: number, limit = 5000): Dim {
  const words = Math.max(1, Math.ceil(perRule.length / 32));
  const d = buildNumberDimension(perRule, words, max);
  let s = seed;
  const rnd = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const wrong: unknown[] = [];
  for (const v of probes(perRule, max, rnd, limit)) {
    const got = bitsAt(d, words, v);
    const want = expectedBits(perRule, words, v);
    if (got.some((w, i) => w !== want[i])) wrong.push({ v, got, want });
  }
  expect(wrong.slice(0, 3)).toEqual([]);
  // Segments are maximal: two neighbours never share a bitset.
  let repeated = 0;
  for (let i = 1; i < d.offsets.length; i++) if (d.offsets[i] === d.offsets[i - 1]) repeated++;
  expect(repeated).toBe(0);
  expect(d.starts[0]).toBe(0);
  return d;
}

function randomRules(count: number, max: number, maxIntervals: number, seed: number): number[][] {
  let s = seed;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out: number[][] = [];
  for (let r = 0; r < count; r++) {
    const n = 1 + Math.floor(rnd() * maxIntervals);
    const cuts = new Set<number>();
    while (cuts.size < 2 * n) cuts.add(Math.floor(rnd() * (max + 1)));
    const sorted = [...cuts].sort((a, b) => a - b);
    const flat: number[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) flat.push(sorted[i] as number, sorted[i + 1] as number);
    out.push(flat);
  }
  return out;
}

const MAX_V4 = 0xffffffff;

describe('decision-table dimensions (segment builder)', () => {
  it.each([
    ['a rule covering everything', [[0, MAX_V4]], MAX_V4],
    [
      'bounds at 0 and at the maximum',
      [
        [0, 5],
        [MAX_V4 - 5, MAX_V4],
      ],
      MAX_V4,
    ],
    [
      'addresses at and above 2^31',
      [
        [2 ** 31 - 1, 2 ** 31],
        [2 ** 31, 0xc0000000],
        [0xfffffffe, MAX_V4],
      ],
      MAX_V4,
    ],
    [
      'touching intervals of different rules',
      [
        [10, 19],
        [20, 29],
        [30, 30],
      ],
      65535,
    ],
    [
      'one rule ending where another starts',
      [
        [0, 100],
        [100, 200],
      ],
      65535,
    ],
    [
      'a rule with several intervals and gaps of one',
      [
        [1, 1, 3, 3, 5, 5],
        [2, 4],
      ],
      65535,
    ],
    ['no rules cover anything', [[], []], 65535],
    [
      'ports 0 and 65535 alone',
      [
        [0, 0],
        [65535, 65535],
      ],
      65535,
    ],
  ])('%s', (_, perRule, max) => {
    check(perRule as number[][], max as number, 1);
  });

  it('identical bitsets in distant segments are stored once', () => {
    // Rule 0 covers [10, 19] and [40, 49]: both segments hold {0}, the gaps between hold {}.
    const d = check([[10, 19, 40, 49]], 65535, 2);
    expect(d.offsets[1]).toBe(d.offsets[3]);
    expect(d.offsets[0]).toBe(d.offsets[2]);
    expect(d.pool.length).toBe(2);
  });

  it.each([
    ['16 rules (insertion sort)', 16, 65535, 1, 3],
    ['40 rules, 3 intervals each (radix sort)', 40, 65535, 3, 3],
    ['300 IPv4 rules over the whole space', 300, MAX_V4, 4, 3],
    ['600 rules × up to 240 intervals (> 65,536 events)', 600, MAX_V4, 240, 1],
  ])('random: %s agree with brute force', (_, count, max, intervals, seeds) => {
    for (let seed = 1; seed <= seeds; seed++) {
      const perRule = randomRules(count, max, intervals, seed * 97);
      const events = perRule.reduce((n, flat) => n + flat.length, 0);
      if (count === 600) expect(events).toBeGreaterThan(65536);
      check(perRule, max, seed, count === 600 ? 60 : 400);
    }
  });
});
