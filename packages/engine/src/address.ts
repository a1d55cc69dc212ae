/**
 * Strict IP address and prefix parsing, and the interval arithmetic the compiler works on.
 * The ONLY importer of ipaddr.js in the engine (house style). Nothing here throws on user data.
 *
 * Representation: an IPv4 address is a `number` in 0..2^32-1; an IPv6 address is a `bigint` in 0..2^128-1.
 * An interval set is a flat, sorted, merged array `[lo0, hi0, lo1, hi1, …]` of inclusive bounds.
 */
import * as ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  /** IPv4 value (0 for IPv6). */
  v4: number;
  /** IPv6 value (0n for IPv4). */
  v6: bigint;
  /** Canonical text (dotted quad, RFC 5952 for IPv6). */
  text: string;
}

export interface AddressPrefix {
  family: IpFamily;
  /** Network address (first address). */
  first: number | bigint;
  /** Last address of the prefix. */
  last: number | bigint;
  length: number;
  /** Canonical `address/length` text. */
  text: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const V4_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const V4_RE = new RegExp(`^${V4_OCTET}\\.${V4_OCTET}\\.${V4_OCTET}\\.${V4_OCTET}$`);
const V6_CHARS_RE = /^[0-9a-fA-F:.]+$/;

export const MAX_V4 = 0xffffffff;
export const MAX_V6 = (1n << 128n) - 1n;

/**
 * Fast strict dotted-quad parser: four decimal octets 0–255 without leading zeros.
 * Returns the address as a number, or -1 when the text is not such an address. Never throws.
 */
export function parseIpv4Fast(s: string): number {
  return parseIpv4Range(s, 0, s.length);
}

/** `parseIpv4Fast` on `s[start, end)` (no substring is built): octet by octet, 1–3 digits each. */
function parseIpv4Range(s: string, start: number, end: number): number {
  const n = end - start;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let i = start;
  for (let k = 0; k < 4; k++) {
    if (k > 0) {
      if (i >= end || s.charCodeAt(i) !== 46) return -1; // '.'
      i++;
    }
    if (i >= end) return -1;
    let o = s.charCodeAt(i) - 48;
    if (!(o >= 0 && o <= 9)) return -1;
    i++;
    if (i < end) {
      const d1 = s.charCodeAt(i) - 48;
      if (d1 >= 0 && d1 <= 9) {
        if (o === 0) return -1; // leading zero (octal-looking)
        o = o * 10 + d1;
        i++;
        if (i < end) {
          const d2 = s.charCodeAt(i) - 48;
          if (d2 >= 0 && d2 <= 9) {
            o = o * 10 + d2;
            i++;
            if (o > 255) return -1;
          }
        }
      }
    }
    value = value * 256 + o;
  }
  return i === end ? value : -1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Fast strict IPv6 parser (RFC 4291 text: 1–4 hex digits per group, at most one `::`, optional dotted-quad
 * tail, no zone id). Returns the address as a bigint, or null. Never throws.
 */
export function parseIpv6Fast(s: string): bigint | null {
  const w = fastWords;
  return parseIpv6Words(s, w)
    ? ipv6FromWords(w[0] as number, w[1] as number, w[2] as number, w[3] as number)
    : null;
}

/** Scratch words of `parseIpv6Fast` (parsing is synchronous). */
const fastWords = new Uint32Array(4);

/** Scratch groups of `parseIpv6Words` (parsing is synchronous). */
const v6Groups = new Int32Array(8);

/**
 * Strict IPv6 parser without allocation (`parseIpv6Fast` is it with a bigint result): 1–4 hex digits
 * per group, at most one `::`, an optional strict dotted-quad tail, no zone id. Writes the address into
 * `out[at … at + 3]` as four 32-bit words, most significant first. Returns false (leaving `out` in an
 * unspecified state) when the text is not such an address. Never throws.
 */
export function parseIpv6Words(s: string, out: Uint32Array, at = 0): boolean {
  const n = s.length;
  if (n < 2 || n > 45) return false;
  const g = v6Groups;
  let count = 0;
  let dbl = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    dbl = 0;
    i = 2;
  }
  while (i < n) {
    let j = i;
    let v = 0;
    while (j < n) {
      const h = hexValue(s.charCodeAt(j));
      if (h < 0) break;
      v = v * 16 + h;
      j++;
      if (j - i > 4) return false;
    }
    if (j < n && s.charCodeAt(j) === 46) {
      const v4 = parseIpv4Range(s, i, n);
      if (v4 < 0 || count > 6) return false;
      g[count++] = Math.floor(v4 / 65536);
      g[count++] = v4 % 65536;
      i = n;
      break;
    }
    if (j === i || count === 8) return false;
    g[count++] = v;
    if (j === n) break;
    if (s.charCodeAt(j) !== 58) return false;
    if (j + 1 < n && s.charCodeAt(j + 1) === 58) {
      if (dbl >= 0) return false;
      dbl = count;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === n) return false;
    }
  }
  if (dbl < 0 ? count !== 8 : count > 7) return false;
  // Expand `::` in place: groups after it move to the end, the gap becomes zeros.
  if (dbl >= 0) {
    const tail = count - dbl;
    for (let k = 0; k < tail; k++) g[7 - k] = g[count - 1 - k] as number;
    for (let k = dbl; k < 8 - tail; k++) g[k] = 0;
  }
  for (let w = 0; w < 4; w++) out[at + w] = (g[2 * w] as number) * 65536 + (g[2 * w + 1] as number);
  return true;
}

/** The bigint of four 32-bit words (most significant first). */
export function ipv6FromWords(a: number, b: number, c: number, d: number): bigint {
  return (BigInt(a) << 96n) | (BigInt(b) << 64n) | (BigInt(c) << 32n) | BigInt(d);
}

/** The four 32-bit words of an IPv6 value, most significant first. */
export function ipv6Words(v: bigint): [number, number, number, number] {
  return [
    Number((v >> 96n) & 0xffffffffn),
    Number((v >> 64n) & 0xffffffffn),
    Number((v >> 32n) & 0xffffffffn),
    Number(v & 0xffffffffn),
  ];
}

export function formatIpv4(v: number): string {
  return `${Math.floor(v / 16777216) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export function formatIpv6(v: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toString();
}

export function formatAddress(family: IpFamily, v: number | bigint): string {
  return family === 4 ? formatIpv4(Number(v)) : formatIpv6(BigInt(v));
}

function parseIpv6Strict(s: string): bigint | null {
  if (!V6_CHARS_RE.test(s) || !s.includes(':')) return null;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.') && !V4_RE.test(tail)) return null;
  if (s.slice(0, lastColon).includes('.')) return null;
  const fast = parseIpv6Fast(s);
  // Belt and braces: ipaddr.js must accept the text too. The value is ours: ipaddr.js reads a dotted tail
  // after a bare `::` as IPv4-mapped (`::1.2.3.4` → ::ffff:102:304), where RFC 4291 §2.2 (and the query
  // parser, which must agree with rule prefixes) reads ::102:304.
  try {
    return fast !== null && ipaddr.IPv6.isValid(s) ? fast : null;
  } catch {
    return null;
  }
}

/**
 * Strict IP address parser. IPv4: exactly four decimal octets, no leading zeros (rejects the octal, hex and
 * short forms ipaddr.js accepts by default, e.g. `010.0.0.1`, `0x0a.0.0.1`, `10.1`). IPv6: RFC 4291 text
 * without zone id. Never throws.
 */
export function parseIpAddress(text: string): ParseResult<IpAddress> {
  if (typeof text !== 'string') return { ok: false, message: 'IP address must be a string' };
  const v4 = parseIpv4Fast(text);
  if (v4 >= 0) return { ok: true, value: { family: 4, v4, v6: 0n, text: formatIpv4(v4) } };
  const v6 = parseIpv6Strict(text);
  if (v6 !== null) return { ok: true, value: { family: 6, v4: 0, v6, text: formatIpv6(v6) } };
  return { ok: false, message: `'${text}' is not a valid IPv4 or IPv6 address` };
}

/**
 * Strict address prefix parser: a single IP (= /32 or /128) or a CIDR whose host bits are all zero.
 * `allowHostBits` normalises instead of rejecting (the lenient import of §2.2.4). Never throws.
 */
export function parseAddressPrefix(
  text: string,
  opts: { allowHostBits?: boolean } = {},
): ParseResult<AddressPrefix> & { hostBitsSet?: boolean } {
  if (typeof text !== 'string') return { ok: false, message: 'address prefix must be a string' };
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIpAddress(addrText);
  if (!ip.ok) return { ok: false, message: `'${text}' is not a valid IP address or CIDR prefix` };
  const bits = ip.value.family === 4 ? 32 : 128;
  let length = bits;
  if (slash >= 0) {
    const lenText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText) || Number(lenText) > bits) {
      return { ok: false, message: `'${text}' has an invalid prefix length (0–${bits})` };
    }
    length = Number(lenText);
  }
  if (ip.value.family === 4) {
    const size = 2 ** (32 - length);
    const first = Math.floor(ip.value.v4 / size) * size;
    const hostBitsSet = first !== ip.value.v4;
    if (hostBitsSet && !opts.allowHostBits) {
      return {
        ok: false,
        message: `'${text}' has host bits set; the network address is ${formatIpv4(first)}/${length}`,
      };
    }
    return {
      ok: true,
      hostBitsSet,
      value: { family: 4, first, last: first + size - 1, length, text: `${formatIpv4(first)}/${length}` },
    };
  }
  const hostMask = (1n << BigInt(128 - length)) - 1n;
  const first = ip.value.v6 & ~hostMask & MAX_V6;
  const hostBitsSet = first !== ip.value.v6;
  if (hostBitsSet && !opts.allowHostBits) {
    return {
      ok: false,
      message: `'${text}' has host bits set; the network address is ${formatIpv6(first)}/${length}`,
    };
  }
  return {
    ok: true,
    hostBitsSet,
    value: { family: 6, first, last: first | hostMask, length, text: `${formatIpv6(first)}/${length}` },
  };
}

// ---------------------------------------------------------------------------------------------------
// Interval sets
// ---------------------------------------------------------------------------------------------------

/** Inclusive intervals, flat `[lo, hi, lo, hi …]`, sorted and merged (adjacent intervals joined). */
export interface IntervalSet {
  v4: number[];
  v6: bigint[];
}

export const EMPTY_SET: IntervalSet = Object.freeze({ v4: [], v6: [] }) as unknown as IntervalSet;

export function fullSet(): IntervalSet {
  return { v4: [0, MAX_V4], v6: [0n, MAX_V6] };
}

export function emptySet(): IntervalSet {
  return { v4: [], v6: [] };
}

function normalise<T extends number | bigint>(pairs: [T, T][], one: T): T[] {
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: T[] = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0) {
      const prevHi = out[n - 1] as T;
      // merge overlapping or adjacent (prevHi + 1 >= lo)
      if ((prevHi as number) + (one as number) >= (lo as number)) {
        if (hi > prevHi) out[n - 1] = hi;
        continue;
      }
    }
    out.push(lo, hi);
  }
  return out.slice(); // exact capacity: compiled policies keep many small sets
}

export function setFromPrefixes(prefixes: readonly AddressPrefix[]): IntervalSet {
  const p4: [number, number][] = [];
  const p6: [bigint, bigint][] = [];
  for (const p of prefixes) {
    if (p.family === 4) p4.push([Number(p.first), Number(p.last)]);
    else p6.push([BigInt(p.first), BigInt(p.last)]);
  }
  return { v4: normalise(p4, 1), v6: normalise(p6, 1n) };
}

function toPairs<T>(flat: T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as T, flat[i + 1] as T]);
  return out;
}

/** Sorts and merges arbitrary flat interval lists into a proper interval set. */
export function normaliseSet(s: IntervalSet): IntervalSet {
  return { v4: normalise(toPairs(s.v4), 1), v6: normalise(toPairs(s.v6), 1n) };
}

/** Union of two sorted, merged flat lists (linear merge). */
function mergeFlat<T extends number | bigint>(a: T[], b: T[], one: T): T[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: T;
    let hi: T;
    if (j >= b.length || (i < a.length && (a[i] as T) <= (b[j] as T))) {
      lo = a[i] as T;
      hi = a[i + 1] as T;
      i += 2;
    } else {
      lo = b[j] as T;
      hi = b[j + 1] as T;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && (out[n - 1] as number) + (one as number) >= (lo as number)) {
      if (hi > (out[n - 1] as T)) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out.slice();
}

export function union(...sets: IntervalSet[]): IntervalSet {
  if (sets.length > 8) {
    return {
      v4: normalise(
        sets.flatMap((s) => toPairs(s.v4)),
        1,
      ),
      v6: normalise(
        sets.flatMap((s) => toPairs(s.v6)),
        1n,
      ),
    };
  }
  let v4: number[] = [];
  let v6: bigint[] = [];
  for (const s of sets) {
    v4 = mergeFlat(v4, s.v4, 1);
    v6 = mergeFlat(v6, s.v6, 1n);
  }
  return { v4, v6 };
}

function subtractFlat<T extends number | bigint>(a: T[], b: T[], one: T): T[] {
  const out: T[] = [];
  let j = 0;
  for (let i = 0; i + 1 < a.length; i += 2) {
    let lo = a[i] as T;
    const hi = a[i + 1] as T;
    while (j + 1 < b.length && (b[j + 1] as T) < lo) j += 2;
    let k = j;
    let alive = true;
    while (k + 1 < b.length && (b[k] as T) <= hi) {
      const blo = b[k] as T;
      const bhi = b[k + 1] as T;
      if (blo > lo) out.push(lo, ((blo as number) - (one as number)) as T);
      if (bhi >= hi) {
        alive = false;
        break;
      }
      lo = ((bhi as number) + (one as number)) as T;
      k += 2;
    }
    if (alive) out.push(lo, hi);
  }
  return out;
}

export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  return { v4: subtractFlat(a.v4, b.v4, 1), v6: subtractFlat(a.v6, b.v6, 1n) };
}

export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  return subtract(a, subtract(a, b));
}

export function isEmptySet(s: IntervalSet): boolean {
  return s.v4.length === 0 && s.v6.length === 0;
}

/** Whether `v` lies in a sorted flat interval list `[lo0, hi0, lo1, hi1, …]` (binary search). */
export function containsFlat<T extends number | bigint>(flat: T[], v: T): boolean {
  let lo = 0;
  let hi = (flat.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((flat[2 * mid + 1] as T) < v) lo = mid + 1;
    else if ((flat[2 * mid] as T) > v) hi = mid - 1;
    else return true;
  }
  return false;
}

export function setContains(s: IntervalSet, ip: IpAddress): boolean {
  return ip.family === 4 ? containsFlat(s.v4, ip.v4) : containsFlat(s.v6, ip.v6);
}

/** Smallest list of CIDR prefixes covering exactly the set (for display in effective rules). */
export function setToPrefixTexts(s: IntervalSet): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.v4.length; i += 2) {
    let lo = s.v4[i] as number;
    const hi = s.v4[i + 1] as number;
    while (lo <= hi) {
      let size = 1;
      while (lo % (size * 2) === 0 && lo + size * 2 - 1 <= hi && size < 2 ** 32) size *= 2;
      out.push(`${formatIpv4(lo)}/${32 - Math.log2(size)}`);
      lo += size;
    }
  }
  for (let i = 0; i + 1 < s.v6.length; i += 2) {
    let lo = s.v6[i] as bigint;
    const hi = s.v6[i + 1] as bigint;
    while (lo <= hi) {
      let bits = 0n;
      while (bits < 128n && (lo & ((1n << (bits + 1n)) - 1n)) === 0n && lo + (1n << (bits + 1n)) - 1n <= hi)
        bits++;
      out.push(`${formatIpv6(lo)}/${128n - bits}`);
      lo += 1n << bits;
    }
  }
  return out;
}
