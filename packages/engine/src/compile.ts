/**
 * Compiled evaluation (task §3). A NIC IP configuration's whole effective policy is compiled once:
 * every rule side is resolved (tags, ASGs, network groups) to interval sets over addresses and ports, and
 * each layer × direction gets a decision table:
 *
 *   - rules of the layer and direction, in evaluation order, are numbered 0..n-1 (bit i = rule i);
 *   - each dimension (remote address, local port, remote port) is cut into elementary segments at the
 *     rules' interval boundaries; each segment holds the bitset of rules whose condition covers it;
 *   - protocol and the local-address condition (fixed: the IP configuration's own address) are one bitset
 *     per protocol.
 *
 * A lookup is one binary search per dimension and an AND of four bitsets; the lowest set bit is the first
 * matching rule. Identical bitsets are stored once.
 */
import {
  type IntervalSet,
  type IpAddress,
  MAX_V4,
  MAX_V6,
  containsFlat,
  formatIpv4,
  formatIpv6,
  setContains,
} from './address';
import {
  type NetworkIndex,
  type SideResolution,
  applicableAdminRules,
  indexNetwork,
  key,
  resolveSide,
  isKnownTag,
  lower,
  sideFlat,
  sideHoldsAddress,
} from './context';
import { type PolicyProbe, type SharedProbe, buildPolicyProbe, buildSharedProbe } from './probe';
import type {
  AddressAtom,
  AdminRule,
  Direction,
  IpConfiguration,
  Network,
  NetworkInterface,
  NetworkSecurityGroup,
  PortRange,
  RuleProtocol,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from './model';

export type LayerKind = 'adminRule' | 'subnetNsg' | 'nicNsg';

/**
 * One rule with every condition resolved to intervals in the context of a VNet. Shared by every IP
 * configuration of that VNet (and, for admin rules, subnet): nothing here depends on the evaluated address.
 */
export interface CompiledRule {
  /** Azure's display name: `securityRules/<n>`, `defaultSecurityRules/<n>` or the bare admin rule name. */
  readonly ruleName: string;
  readonly name: string;
  readonly kind: 'custom' | 'default' | 'admin';
  /** ARM id (custom rules without an id get `<nsg id>/securityRules/<name>`; defaults null). */
  readonly ruleId: string | null;
  readonly priority: number;
  readonly access: 'Allow' | 'Deny' | 'AlwaysAllow';
  readonly direction: Direction;
  readonly protocol: RuleProtocol;
  readonly matchesTcp: boolean;
  readonly matchesUdp: boolean;
  /**
   * Source addresses; ASGs expanded to their members' addresses in the VNet. Resolved on first access and
   * then cached (the decision tables do not need them, so the no-trace path never materialises them).
   */
  readonly source: IntervalSet;
  readonly destination: IntervalSet;
  /** The sides without their ASG alternatives (local sides test ASG membership instead, §5). */
  readonly sourceWithoutAsgs: IntervalSet;
  readonly destinationWithoutAsgs: IntervalSet;
  /** Lower-cased ASG ids named by each side. */
  readonly sourceAsgIds: string[];
  readonly destinationAsgIds: string[];
  /** Flat inclusive port intervals `[from, to, …]`, sorted and merged. */
  readonly sourcePorts: number[];
  readonly destinationPorts: number[];
  /** Service tags the network does not define (the rule side never matches through them). */
  readonly unknownTags: string[];
  readonly nsgRule: SecurityRule | null;
  readonly adminRule: AdminRule | null;
  /** Admin rules: the owning network manager / configuration. */
  readonly networkManagerId: string | null;
  readonly configurationId: string | null;
}

/** Segments of one dimension: `starts[i]` is the first value of segment i; its rules are `pool[offsets[i] …]`. */
export interface SegmentDimension<K extends number | bigint> {
  starts: K extends number ? Float64Array : bigint[];
  offsets: Int32Array;
  pool: Uint32Array;
}

/** The part of a decision table that does not depend on the evaluated address (shared). */
export interface SharedDecisionTable {
  direction: Direction;
  family: 4 | 6;
  /** The layer's rules of this direction, in evaluation order; bit i ↔ rules[i]. */
  rules: CompiledRule[];
  words: number;
  remote: SegmentDimension<number> | SegmentDimension<bigint>;
  localPort: SegmentDimension<number>;
  remotePort: SegmentDimension<number>;
  /** Rules whose local / remote port condition covers 0–65535 (for `*` query ports, §7.5). */
  localPortFull: Uint32Array;
  remotePortFull: Uint32Array;
  /** Lowest bit of a rule with an unknown service tag, or -1. */
  firstUnknownTagRule: number;
  /** Local-side plain addresses (without ASGs), segmented like the remote dimension. */
  local: SegmentDimension<number> | SegmentDimension<bigint>;
  /** Lower-cased ASG id → rules whose local side names that ASG. */
  localAsgRules: Map<string, Uint32Array>;
  /** Rules matching each query protocol. */
  protocolTcp: Uint32Array;
  protocolUdp: Uint32Array;
}

export interface DecisionTable extends SharedDecisionTable {
  /** Protocol ∧ local-address condition (address and ASG membership of the IP configuration), per protocol. */
  tcp: Uint32Array;
  udp: Uint32Array;
}

export interface CompiledLayer {
  layer: LayerKind;
  /** NSG id, or the network manager id of the first applicable admin rule. */
  id: string;
  /** Subnet / NIC id for NSG layers, VNet id for the admin layer. */
  appliedTo: string;
  /** Every rule of the layer in evaluation order (both directions). */
  rules: CompiledRule[];
  inbound: DecisionTable;
  outbound: DecisionTable;
}

export interface CompiledPolicy {
  networkInterfaceId: string;
  ipConfigurationName: string;
  subnetId: string;
  virtualNetworkId: string;
  /** Family and address of the IP configuration the decision tables are built for. */
  family: 4 | 6;
  localAddress: IpAddress;
  /** Lower-cased ids of the IP configuration's ASGs. */
  localAsgIds: string[];
  admin: CompiledLayer | null;
  subnetNsg: CompiledLayer | null;
  nicNsg: CompiledLayer | null;
  /** NSG layers in evaluation order per direction (§6.2): inbound subnet → NIC, outbound NIC → subnet. */
  inboundNsgLayers: CompiledLayer[];
  outboundNsgLayers: CompiledLayer[];
}

// ---------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------

const ALL_PORTS: number[] = Object.freeze([0, 65535]) as unknown as number[];
const NO_NOTES: string[] = Object.freeze([]) as unknown as string[];

function portsFlat(ports: PortRange[]): number[] {
  const n = ports.length;
  if (n === 1) {
    const p = ports[0] as PortRange;
    return p.from === 0 && p.to === 65535 ? ALL_PORTS : [p.from, p.to];
  }
  let sorted = true;
  for (let i = 1; i < n && sorted; i++)
    sorted = (ports[i - 1] as PortRange).from <= (ports[i] as PortRange).from;
  const list = sorted ? ports : [...ports].sort((a, b) => a.from - b.from);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = list[i] as PortRange;
    const m = out.length;
    if (m > 0 && (out[m - 1] as number) + 1 >= p.from) {
      if (p.to > (out[m - 1] as number)) out[m - 1] = p.to;
    } else out.push(p.from, p.to);
  }
  return out.length === 2 && out[0] === 0 && out[1] === 65535 ? ALL_PORTS : out;
}

/** Notes for rules naming tags the network does not define (built only when such a rule is evaluated). */
export function unknownTagNotes(r: CompiledRule): string[] {
  return r.unknownTags.map(
    (t) =>
      `rule '${r.ruleName}' uses service tag '${t}', which is not defined; the rule was treated as not matching`,
  );
}

/** The context a rule is resolved in: the network index and the VNet (shared by all rules of a layer). */
interface RuleContext {
  readonly idx: NetworkIndex;
  readonly vnet: VirtualNetwork;
  /** The owning NSG (null for admin rules): custom rules without an id get `<nsg id>/securityRules/<name>`. */
  readonly nsg: NetworkSecurityGroup | null;
}

/**
 * A compiled rule: ports and protocol eager, everything else derived on first access and then cached
 * (address sides, display name, id) — a cold 1,000-rule NIC builds 2,000 of these, and the decision tables
 * need none of the derived parts.
 */
interface DerivedRuleParts {
  src?: SideResolution;
  dst?: SideResolution;
  id?: string | null;
  srcPorts?: number[];
  dstPorts?: number[];
}

class LazyCompiledRule implements CompiledRule {
  readonly unknownTags: string[];
  /** Eager: the verification path reads it for every decision (rules of both kinds share this shape). */
  readonly access: 'Allow' | 'Deny' | 'AlwaysAllow';
  private nameText: string | undefined = undefined;
  /** Parts derived on first access (trace, detail, analyses), kept out of line: most rules never need them. */
  private derived: DerivedRuleParts | undefined = undefined;

  constructor(
    /** @internal */ readonly ctx: RuleContext,
    /** @internal */ readonly rule: SecurityRule | AdminRule,
    readonly kind: 'custom' | 'default' | 'admin',
  ) {
    this.access = rule.access;
    let tags: string[] = NO_NOTES;
    const idx = ctx.idx;
    for (let side = 0; side < 2; side++) {
      const atoms = this.atoms(side === 0 ? 'source' : 'destination');
      for (let i = 0; i < atoms.length; i++) {
        const a = atoms[i] as AddressAtom;
        if (a.kind === 'tag' && !isKnownTag(idx, a.tag)) tags = [...tags, a.tag];
      }
    }
    this.unknownTags = tags;
  }
  /** @internal */
  get idx(): NetworkIndex {
    return this.ctx.idx;
  }
  /** @internal */
  get vnet(): VirtualNetwork {
    return this.ctx.vnet;
  }
  get nsgRule(): SecurityRule | null {
    return this.kind === 'admin' ? null : (this.rule as SecurityRule);
  }
  get adminRule(): AdminRule | null {
    return this.kind === 'admin' ? (this.rule as AdminRule) : null;
  }
  get ruleName(): string {
    if (this.nameText === undefined) {
      const n = this.rule.name;
      this.nameText =
        this.kind === 'admin'
          ? n
          : `${this.kind === 'default' ? 'defaultSecurityRules' : 'securityRules'}/${n}`;
    }
    return this.nameText;
  }
  get ruleId(): string | null {
    const r = this.rule;
    if (this.kind === 'admin') return (r as AdminRule).id;
    if (this.kind === 'default') return null;
    const id = (r as SecurityRule).id;
    if (id !== undefined && id !== null) return id;
    const d = (this.derived ??= {});
    return (d.id ??= `${(this.ctx.nsg as NetworkSecurityGroup).id}/securityRules/${r.name}`);
  }
  /** Flat port intervals (the tables read the parsed ranges directly; these are built on first access). */
  get sourcePorts(): number[] {
    const d = (this.derived ??= {});
    return (d.srcPorts ??= portsFlat(this.rule.sourcePorts));
  }
  get destinationPorts(): number[] {
    const d = (this.derived ??= {});
    return (d.dstPorts ??= portsFlat(this.rule.destinationPorts));
  }
  get matchesTcp(): boolean {
    const p = this.rule.protocol;
    return p === '*' || p === 'Tcp';
  }
  get matchesUdp(): boolean {
    const p = this.rule.protocol;
    return p === '*' || p === 'Udp';
  }
  /** The side's address alternatives as parsed. */
  atoms(side: 'source' | 'destination'): AddressAtom[] {
    const r = this.rule;
    if (this.kind === 'admin')
      return side === 'source' ? (r as AdminRule).sources : (r as AdminRule).destinations;
    return side === 'source' ? (r as SecurityRule).source : (r as SecurityRule).destination;
  }
  /** Resolves a side without caching it (table building). */
  resolve(side: 'source' | 'destination'): SideResolution {
    return resolveSide(this.ctx.idx, this.ctx.vnet, this.atoms(side));
  }
  private get srcSide(): SideResolution {
    const d = (this.derived ??= {});
    return (d.src ??= this.resolve('source'));
  }
  private get dstSide(): SideResolution {
    const d = (this.derived ??= {});
    return (d.dst ??= this.resolve('destination'));
  }
  get name(): string {
    return this.rule.name;
  }
  get priority(): number {
    return this.rule.priority;
  }
  get direction(): Direction {
    return this.rule.direction;
  }
  get protocol(): RuleProtocol {
    return this.rule.protocol;
  }
  get source(): IntervalSet {
    return this.srcSide.set;
  }
  get destination(): IntervalSet {
    return this.dstSide.set;
  }
  get sourceWithoutAsgs(): IntervalSet {
    return this.srcSide.setWithoutAsgs;
  }
  get destinationWithoutAsgs(): IntervalSet {
    return this.dstSide.setWithoutAsgs;
  }
  get sourceAsgIds(): string[] {
    return this.srcSide.asgKeys;
  }
  get destinationAsgIds(): string[] {
    return this.dstSide.asgKeys;
  }
  get networkManagerId(): string | null {
    return this.kind === 'admin' ? (this.rule as AdminRule).networkManagerId : null;
  }
  get configurationId(): string | null {
    return this.kind === 'admin' ? (this.rule as AdminRule).configurationId : null;
  }
}

function hashWords(words: Uint32Array, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ (words[i] as number), 0x01000193);
  return h >>> 0;
}

class BitsetPool {
  private data: Uint32Array;
  private size = 0;
  /** Hash → offset of the first bitset stored with that hash (collisions are stored again, not chained). */
  private readonly byHash = new Map<number, number>();
  constructor(private readonly words: number) {
    this.data = new Uint32Array(words * 32);
  }
  /** Stores the bitset (or finds an identical one) and returns its offset. */
  add(bits: Uint32Array): number {
    const w = this.words;
    const h = hashWords(bits, w);
    const prev = this.byHash.get(h);
    if (prev !== undefined) {
      let same = true;
      for (let i = 0; i < w; i++) {
        if (this.data[prev + i] !== bits[i]) {
          same = false;
          break;
        }
      }
      if (same) return prev;
    }
    if (this.size + w > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2 + w);
      grown.set(this.data);
      this.data = grown;
    }
    const off = this.size;
    this.data.set(bits, off);
    this.size += w;
    if (prev === undefined) this.byHash.set(h, off);
    return off;
  }
  finish(): Uint32Array {
    return this.data.slice(0, this.size);
  }
}

/**
 * Scratch state for building numeric dimensions. Compilation is synchronous, so one set suffices; it only
 * grows, so building a table allocates little more than its results.
 */
let evPoint = new Uint32Array(4096);
let evBits = new Int32Array(4096);
let evPointTmp = new Uint32Array(4096);
let evBitsTmp = new Int32Array(4096);
const radixCount = new Int32Array(256);
let poolData = new Uint32Array(4096);
let slotOffset = new Int32Array(1024);
let slotHash = new Int32Array(1024);
let segStarts = new Float64Array(1024);
let segOffsets = new Int32Array(1024);
let curBits = new Uint32Array(64);
/** Random 32-bit value per rule bit: the hash of a bitset is the XOR of its set bits' values (updated per event). */
let zobrist = new Int32Array(0);

function zobristFor(rules: number): Int32Array {
  if (zobrist.length >= rules) return zobrist;
  const z = new Int32Array(Math.max(rules, zobrist.length * 2, 1024));
  let x = 0x2545f491;
  for (let i = 0; i < z.length; i++) {
    // xorshift32: deterministic, well spread; collisions only cost a comparison.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    z[i] = x;
  }
  return (zobrist = z);
}

/**
 * Stable LSD radix sort of the first `n` events by point (8-bit digits, passes whose digit is the same for
 * every event are skipped). Returns true when the sorted events ended in the temporary buffers.
 */
function sortEvents(n: number): boolean {
  if (n <= 32) {
    for (let i = 1; i < n; i++) {
      const p = evPoint[i] as number;
      const b = evBits[i] as number;
      let j = i - 1;
      while (j >= 0 && (evPoint[j] as number) > p) {
        evPoint[j + 1] = evPoint[j] as number;
        evBits[j + 1] = evBits[j] as number;
        j--;
      }
      evPoint[j + 1] = p;
      evBits[j + 1] = b;
    }
    return false;
  }
  let src = evPoint;
  let srcBits = evBits;
  let dst = evPointTmp;
  let dstBits = evBitsTmp;
  let swapped = false;
  for (let shift = 0; shift < 32; shift += 8) {
    radixCount.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((src[i] as number) >>> shift) & 255;
      radixCount[d] = (radixCount[d] as number) + 1;
    }
    if (radixCount[((src[0] as number) >>> shift) & 255] === n) continue;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = radixCount[d] as number;
      radixCount[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i] as number;
      const d = (v >>> shift) & 255;
      const pos = radixCount[d] as number;
      radixCount[d] = pos + 1;
      dst[pos] = v;
      dstBits[pos] = srcBits[i] as number;
    }
    const t = src;
    src = dst;
    dst = t;
    const tb = srcBits;
    srcBits = dstBits;
    dstBits = tb;
    swapped = !swapped;
  }
  return swapped;
}

/**
 * Cuts a numeric dimension (values 0..max ≤ 2^32 - 1) into elementary segments. `perRule[i]` is rule i's flat
 * interval list (sorted, merged). Events (set a rule's bit at `lo`, clear it at `hi + 1`) are radix-sorted by
 * point; the running bitset's hash is kept up to date per event (XOR of per-rule random values), and
 * identical bitsets are stored once (open addressing on that hash, then a word comparison).
 * Exported for tests only (not part of the package surface).
 */
export function buildNumberDimension(
  perRule: number[][],
  words: number,
  max: number,
): SegmentDimension<number> {
  let n = 0;
  for (let r = 0; r < perRule.length; r++) n += (perRule[r] as number[]).length;
  reserveEvents(n);
  let e = 0;
  for (let r = 0; r < perRule.length; r++) {
    const flat = perRule[r] as number[];
    for (let i = 0; i + 1 < flat.length; i += 2)
      e = addEvents(e, r, flat[i] as number, flat[i + 1] as number, max);
  }
  return cutEvents(e, words, perRule.length);
}

/** Makes room for the events of `n` interval bounds. */
function reserveEvents(n: number): void {
  if (evPoint.length < n) {
    const size = n * 2;
    evPoint = new Uint32Array(size);
    evBits = new Int32Array(size);
    evPointTmp = new Uint32Array(size);
    evBitsTmp = new Int32Array(size);
  }
}

/** Adds rule r's interval [lo, hi] as events at `e`; returns the next free event index. */
function addEvents(e: number, r: number, lo: number, hi: number, max: number): number {
  evPoint[e] = lo;
  evBits[e++] = r + 1;
  if (hi < max) {
    evPoint[e] = hi + 1;
    evBits[e++] = -(r + 1);
  }
  return e;
}

/**
 * A port dimension straight from the parsed ranges (no per-rule arrays for the common single range);
 * sets `full` for the rules whose ports cover 0–65535 (the `*` query-port condition, §7.5).
 */
function buildPortDimension(
  rules: LazyCompiledRule[],
  side: 'source' | 'destination',
  words: number,
  full: Uint32Array,
): SegmentDimension<number> {
  let n = 0;
  for (let r = 0; r < rules.length; r++) {
    const rule = (rules[r] as LazyCompiledRule).rule;
    n += 2 * (side === 'source' ? rule.sourcePorts : rule.destinationPorts).length;
  }
  reserveEvents(n);
  let e = 0;
  for (let r = 0; r < rules.length; r++) {
    const lr = rules[r] as LazyCompiledRule;
    const ranges = side === 'source' ? lr.rule.sourcePorts : lr.rule.destinationPorts;
    if (ranges.length === 1) {
      const p = ranges[0] as PortRange;
      if (p.from === 0 && p.to === 65535) setBit(full, r);
      e = addEvents(e, r, p.from, p.to, 65535);
    } else {
      const flat = side === 'source' ? lr.sourcePorts : lr.destinationPorts;
      if (coversAllPorts(flat)) setBit(full, r);
      for (let i = 0; i + 1 < flat.length; i += 2)
        e = addEvents(e, r, flat[i] as number, flat[i + 1] as number, 65535);
    }
  }
  return cutEvents(e, words, rules.length);
}

/** Sorts the first `e` events and cuts them into segments (see buildNumberDimension). */
function cutEvents(e: number, words: number, ruleCount: number): SegmentDimension<number> {
  const inTmp = sortEvents(e);
  const pts = inTmp ? evPointTmp : evPoint;
  const bits = inTmp ? evBitsTmp : evBits;

  const z = zobristFor(ruleCount);
  const maxSegments = e + 1;
  if (poolData.length < words * maxSegments) poolData = new Uint32Array(words * maxSegments * 2);
  let slots = 64;
  while (slots < maxSegments * 2) slots *= 2;
  if (slotOffset.length < slots) {
    slotOffset = new Int32Array(slots);
    slotHash = new Int32Array(slots);
  } else slotOffset.fill(0, 0, slots);
  if (segStarts.length < maxSegments) {
    segStarts = new Float64Array(maxSegments * 2);
    segOffsets = new Int32Array(maxSegments * 2);
  }
  if (curBits.length < words) curBits = new Uint32Array(words * 2);
  const cur = curBits;
  cur.fill(0, 0, words);
  const data = poolData;
  const mask = slots - 1;
  let size = 0;
  /** Offset of the bitset in `cur` (hash `h`) in the pool, storing it when new. */
  const intern = (h: number): number => {
    let s = h & mask;
    for (;;) {
      const o = slotOffset[s] as number;
      if (o === 0) break;
      if (slotHash[s] === h) {
        const off = o - 1;
        let same = true;
        for (let i = 0; i < words; i++) {
          if (data[off + i] !== cur[i]) {
            same = false;
            break;
          }
        }
        if (same) return off;
      }
      s = (s + 1) & mask;
    }
    const off = size;
    for (let i = 0; i < words; i++) data[off + i] = cur[i] as number;
    size += words;
    slotOffset[s] = off + 1;
    slotHash[s] = h;
    return off;
  };
  let h = 0;
  let count = 1;
  segStarts[0] = 0;
  segOffsets[0] = intern(0);
  let i = 0;
  while (i < e) {
    const p = pts[i] as number;
    while (i < e && pts[i] === p) {
      const b = bits[i] as number;
      const r = (b > 0 ? b : -b) - 1;
      const w = r >>> 5;
      const m = 1 << (r & 31);
      const was = cur[w] as number;
      const now = b > 0 ? was | m : was & ~m;
      if (now !== was) {
        cur[w] = now;
        h ^= z[r] as number;
      }
      i++;
    }
    const off = intern(h);
    if (p === 0) segOffsets[0] = off;
    else if (segOffsets[count - 1] !== off) {
      segStarts[count] = p;
      segOffsets[count++] = off;
    }
  }
  const out: SegmentDimension<number> = {
    starts: segStarts.slice(0, count),
    offsets: segOffsets.slice(0, count),
    pool: data.slice(0, size),
  };
  releaseLargeScratch();
  return out;
}

/** Scratch beyond this many elements (a few MB) is dropped after use, so one huge table does not pin it. */
const SCRATCH_KEEP = 1 << 20;

function releaseLargeScratch(): void {
  if (poolData.length > SCRATCH_KEEP) poolData = new Uint32Array(4096);
  if (evPoint.length > SCRATCH_KEEP) {
    evPoint = new Uint32Array(4096);
    evBits = new Int32Array(4096);
    evPointTmp = new Uint32Array(4096);
    evBitsTmp = new Int32Array(4096);
  }
  if (slotOffset.length > SCRATCH_KEEP) {
    slotOffset = new Int32Array(1024);
    slotHash = new Int32Array(1024);
  }
  if (segStarts.length > SCRATCH_KEEP) {
    segStarts = new Float64Array(1024);
    segOffsets = new Int32Array(1024);
  }
}

interface Events<K> {
  points: K[];
  /** +(rule+1) sets the rule's bit, -(rule+1) clears it. */
  bits: number[];
}

function collectEvents<K extends number | bigint>(perRule: K[][], one: K, max: K): Events<K> {
  const points: K[] = [];
  const bits: number[] = [];
  for (let r = 0; r < perRule.length; r++) {
    const flat = perRule[r] as K[];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      points.push(flat[i] as K);
      bits.push(r + 1);
      const hi = flat[i + 1] as K;
      if (hi < max) {
        points.push(((hi as number) + (one as number)) as K);
        bits.push(-(r + 1));
      }
    }
  }
  return { points, bits };
}

/** Event order by point; numbers are sorted natively as packed `point * 2^16 + event` keys. */
function eventOrder<K extends number | bigint>(ev: Events<K>): number[] {
  const n = ev.points.length;
  if (n < 65536 && (n === 0 || typeof ev.points[0] === 'number')) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (ev.points[i] as number) * 65536 + i;
    keys.sort();
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = (keys[i] as number) % 65536;
    return order;
  }
  const order = ev.points.map((_, i) => i);
  order.sort((a, b) => {
    const pa = ev.points[a] as K;
    const pb = ev.points[b] as K;
    return pa < pb ? -1 : pa > pb ? 1 : a - b;
  });
  return order;
}

/** Cuts one dimension into elementary segments. `perRule[i]` is rule i's flat interval list (sorted, merged). */
function buildDimension<K extends number | bigint>(
  perRule: K[][],
  words: number,
  min: K,
  one: K,
  max: K,
): { starts: K[]; offsets: Int32Array; pool: Uint32Array } {
  const ev = collectEvents(perRule, one, max);
  const order = eventOrder(ev);
  const pool = new BitsetPool(words);
  const cur = new Uint32Array(words);
  const starts: K[] = [min];
  const offs: number[] = [pool.add(cur)];
  let i = 0;
  while (i < order.length) {
    const p = ev.points[order[i] as number] as K;
    while (i < order.length && ev.points[order[i] as number] === p) {
      const b = ev.bits[order[i] as number] as number;
      const r = (b > 0 ? b : -b) - 1;
      if (b > 0) cur[r >>> 5] = (cur[r >>> 5] as number) | (1 << (r & 31));
      else cur[r >>> 5] = (cur[r >>> 5] as number) & ~(1 << (r & 31));
      i++;
    }
    const off = pool.add(cur);
    if (p === min) offs[0] = off;
    else if (offs[offs.length - 1] !== off) {
      starts.push(p);
      offs.push(off);
    }
  }
  return { starts, offsets: Int32Array.from(offs), pool: pool.finish() };
}

function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
}

function coversAllPorts(flat: number[]): boolean {
  return flat.length === 2 && flat[0] === 0 && flat[1] === 65535;
}

/**
 * The address-independent part of a decision table. The local-address dimension is built only when read
 * (nothing on the verification path needs it: each IP configuration's local bitset is computed directly from
 * the rules, which is cheaper than cutting the dimension for one lookup).
 */
let nextTableSerial = 1;

class SharedTable implements SharedDecisionTable {
  private localDim: SegmentDimension<number> | SegmentDimension<bigint> | undefined;
  /** Identifies the table in cache keys (combined probes are shared per sequence of tables). */
  readonly serial = nextTableSerial++;
  /** IP configurations specialised so far (the first one tests the rules directly, later ones the local dimension). */
  specialisations = 0;
  constructor(
    readonly direction: Direction,
    readonly family: 4 | 6,
    readonly rules: LazyCompiledRule[],
    readonly words: number,
    readonly remote: SegmentDimension<number> | SegmentDimension<bigint>,
    readonly localPort: SegmentDimension<number>,
    readonly remotePort: SegmentDimension<number>,
    readonly localPortFull: Uint32Array,
    readonly remotePortFull: Uint32Array,
    readonly firstUnknownTagRule: number,
    readonly localAsgRules: Map<string, Uint32Array>,
    readonly protocolTcp: Uint32Array,
    readonly protocolUdp: Uint32Array,
  ) {}
  get local(): SegmentDimension<number> | SegmentDimension<bigint> {
    if (this.localDim === undefined) {
      const inbound = this.direction === 'Inbound';
      const lists = this.rules.map((r) =>
        sideFlat(r.ctx.idx, r.ctx.vnet, r.atoms(inbound ? 'destination' : 'source'), this.family, false),
      );
      this.localDim = addressDimension(lists, this.words, this.family);
    }
    return this.localDim;
  }
}

function addressDimension(
  lists: (number[] | bigint[])[],
  words: number,
  family: 4 | 6,
): SegmentDimension<number> | SegmentDimension<bigint> {
  if (family === 4) return buildNumberDimension(lists as number[][], words, MAX_V4);
  const d = buildDimension<bigint>(lists as bigint[][], words, 0n, 1n, MAX_V6);
  return { starts: d.starts, offsets: d.offsets, pool: d.pool };
}

function buildSharedTable(rules: LazyCompiledRule[], direction: Direction, family: 4 | 6): SharedTable {
  const mine: LazyCompiledRule[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as LazyCompiledRule;
    if (r.direction === direction) mine.push(r);
  }
  const words = Math.max(1, Math.ceil(mine.length / 32));
  const inbound = direction === 'Inbound';
  const localPortFull = new Uint32Array(words);
  const remotePortFull = new Uint32Array(words);
  const protocolTcp = new Uint32Array(words);
  const protocolUdp = new Uint32Array(words);
  const localAsgRules = new Map<string, Uint32Array>();
  let firstUnknownTagRule = -1;
  const remoteLists: (number[] | bigint[])[] = new Array<number[] | bigint[]>(mine.length);
  for (let i = 0; i < mine.length; i++) {
    const r = mine[i] as LazyCompiledRule;
    if (r.matchesTcp) setBit(protocolTcp, i);
    if (r.matchesUdp) setBit(protocolUdp, i);
    if (firstUnknownTagRule < 0 && r.unknownTags.length > 0) firstUnknownTagRule = i;
    remoteLists[i] = sideFlat(
      r.ctx.idx,
      r.ctx.vnet,
      r.atoms(inbound ? 'source' : 'destination'),
      family,
      true,
    );
    const localAtoms = r.atoms(inbound ? 'destination' : 'source');
    for (let k = 0; k < localAtoms.length; k++) {
      const a = localAtoms[k] as AddressAtom;
      if (a.kind !== 'asg') continue;
      const asg = lower(r.ctx.idx, a.asgId);
      let bits = localAsgRules.get(asg);
      if (!bits) localAsgRules.set(asg, (bits = new Uint32Array(words)));
      setBit(bits, i);
    }
  }
  return new SharedTable(
    direction,
    family,
    mine,
    words,
    addressDimension(remoteLists, words, family),
    buildPortDimension(mine, inbound ? 'destination' : 'source', words, localPortFull),
    buildPortDimension(mine, inbound ? 'source' : 'destination', words, remotePortFull),
    localPortFull,
    remotePortFull,
    firstUnknownTagRule,
    localAsgRules,
    protocolTcp,
    protocolUdp,
  );
}

/** Does the local side of the rule hold the address (plain prefixes) or name one of the configuration's ASGs? */
function localSideMatches(
  r: CompiledRule,
  inbound: boolean,
  local: IpAddress,
  localAsgIds: string[],
): boolean {
  const plain = inbound ? r.destinationWithoutAsgs : r.sourceWithoutAsgs;
  if (local.family === 4 ? containsFlat(plain.v4, local.v4) : containsFlat(plain.v6, local.v6)) return true;
  const asgs = inbound ? r.destinationAsgIds : r.sourceAsgIds;
  for (let i = 0; i < asgs.length; i++) if (localAsgIds.includes(asgs[i] as string)) return true;
  return false;
}

/** Per IP configuration: protocol ∧ (local address in the plain local side ∨ configuration in a local ASG). */
function specialise(shared: SharedTable, local: IpAddress, localAsgIds: string[]): DecisionTable {
  const w = shared.words;
  const localBits = new Uint32Array(w);
  if (shared.specialisations++ === 0) {
    // A cold compile: testing each rule's local side once is cheaper than cutting the local dimension.
    const inbound = shared.direction === 'Inbound';
    const rules = shared.rules;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i] as LazyCompiledRule;
      if (sideHoldsAddress(r.ctx.idx, r.ctx.vnet, r.atoms(inbound ? 'destination' : 'source'), local))
        setBit(localBits, i);
    }
  } else {
    // Further IP configurations of the same table: one lookup in the (now built once) local dimension.
    const d = shared.local;
    const seg =
      local.family === 4
        ? segmentOfNumber(d.starts as Float64Array, local.v4)
        : segmentOfBigint(d.starts as bigint[], local.v6);
    const off = d.offsets[seg] as number;
    for (let i = 0; i < w; i++) localBits[i] = d.pool[off + i] as number;
  }
  for (const asg of localAsgIds) {
    const bits = shared.localAsgRules.get(asg);
    if (bits) for (let i = 0; i < w; i++) localBits[i] = (localBits[i] as number) | (bits[i] as number);
  }
  const tcp = new Uint32Array(w);
  const udp = new Uint32Array(w);
  for (let i = 0; i < w; i++) {
    tcp[i] = (shared.protocolTcp[i] as number) & (localBits[i] as number);
    udp[i] = (shared.protocolUdp[i] as number) & (localBits[i] as number);
  }
  return new SpecialisedTable(shared, tcp, udp);
}

/**
 * A decision table as a class instance: every table then has the same hidden class, so the verification
 * path's property loads stay monomorphic (object spread gave almost every table its own map).
 */
class SpecialisedTable implements DecisionTable {
  readonly direction: Direction;
  readonly family: 4 | 6;
  readonly rules: CompiledRule[];
  readonly words: number;
  readonly remote: SegmentDimension<number> | SegmentDimension<bigint>;
  readonly localPort: SegmentDimension<number>;
  readonly remotePort: SegmentDimension<number>;
  readonly localPortFull: Uint32Array;
  readonly remotePortFull: Uint32Array;
  readonly firstUnknownTagRule: number;
  readonly localAsgRules: Map<string, Uint32Array>;
  readonly protocolTcp: Uint32Array;
  readonly protocolUdp: Uint32Array;
  constructor(
    /** @internal */ readonly shared: SharedTable,
    readonly tcp: Uint32Array,
    readonly udp: Uint32Array,
  ) {
    this.direction = shared.direction;
    this.family = shared.family;
    this.rules = shared.rules;
    this.words = shared.words;
    this.remote = shared.remote;
    this.localPort = shared.localPort;
    this.remotePort = shared.remotePort;
    this.localPortFull = shared.localPortFull;
    this.remotePortFull = shared.remotePortFull;
    this.firstUnknownTagRule = shared.firstUnknownTagRule;
    this.localAsgRules = shared.localAsgRules;
    this.protocolTcp = shared.protocolTcp;
    this.protocolUdp = shared.protocolUdp;
  }
  get local(): SegmentDimension<number> | SegmentDimension<bigint> {
    return this.shared.local;
  }
}

/** Compiled rules of one layer in one context, and their shared tables per direction and family. */
interface SharedLayer {
  id: string;
  rules: LazyCompiledRule[];
  tables: Map<string, SharedTable>;
}

function sharedTable(layer: SharedLayer, direction: Direction, family: 4 | 6): SharedTable {
  const k = `${direction}${family}`;
  let t = layer.tables.get(k);
  if (!t) {
    t = buildSharedTable(layer.rules, direction, family);
    layer.tables.set(k, t);
  }
  return t;
}

function makeLayer(
  layer: LayerKind,
  shared: SharedLayer,
  appliedTo: string,
  local: IpAddress,
  localAsgIds: string[],
): CompiledLayer {
  return {
    layer,
    id: shared.id,
    appliedTo,
    rules: shared.rules,
    inbound: specialise(sharedTable(shared, 'Inbound', local.family), local, localAsgIds),
    outbound: specialise(sharedTable(shared, 'Outbound', local.family), local, localAsgIds),
  };
}

export function ipConfigAddress(cfg: IpConfiguration): IpAddress {
  return {
    family: cfg.family,
    v4: cfg.v4,
    v6: cfg.v6,
    text: cfg.family === 4 ? formatIpv4(cfg.v4) : formatIpv6(cfg.v6),
  };
}

/**
 * The rules in priority order, stable (equal priorities — one per direction — keep their input order).
 * Sorted natively as packed `priority * 2^16 + index` keys.
 */
function byPriority(rules: SecurityRule[]): SecurityRule[] {
  const n = rules.length;
  if (n >= 65536) return [...rules].sort((a, b) => a.priority - b.priority);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (rules[i] as SecurityRule).priority * 65536 + i;
  keys.sort();
  const out = new Array<SecurityRule>(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    out[i] = rules[k - Math.floor(k / 65536) * 65536] as SecurityRule;
  }
  return out;
}

function sharedNsgLayer(idx: NetworkIndex, vnet: VirtualNetwork, nsg: NetworkSecurityGroup): SharedLayer {
  const k = `nsg|${key(nsg.id)}|${key(vnet.id)}`;
  let s = idx.sharedLayers.get(k) as SharedLayer | undefined;
  if (!s) {
    const ctx: RuleContext = { idx, vnet, nsg };
    const sorted = byPriority(nsg.securityRules);
    const rules = new Array<LazyCompiledRule>(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const r = sorted[i] as SecurityRule;
      rules[i] = new LazyCompiledRule(ctx, r, r.kind);
    }
    s = { id: nsg.id, rules, tables: new Map() };
    idx.sharedLayers.set(k, s);
  }
  return s;
}

function sharedAdminLayer(idx: NetworkIndex, vnet: VirtualNetwork, subnet: Subnet): SharedLayer | null {
  const k = `admin|${key(vnet.id)}|${key(subnet.id)}`;
  let s = idx.sharedLayers.get(k) as SharedLayer | null | undefined;
  if (s === undefined) {
    const adminRules = applicableAdminRules(idx, vnet, subnet);
    const ctx: RuleContext = { idx, vnet, nsg: null };
    const first = adminRules[0];
    s = first
      ? {
          id: first.manager.id,
          rules: adminRules.map((a) => new LazyCompiledRule(ctx, a.rule, 'admin')),
          tables: new Map(),
        }
      : null;
    idx.sharedLayers.set(k, s);
  }
  return s;
}

/** Compiles the policy of one IP configuration of a NIC (internal: index already built). */
export function compileForConfig(
  idx: NetworkIndex,
  nic: NetworkInterface,
  cfg: IpConfiguration,
): CompiledPolicyWithProbes | null {
  const subnet: Subnet | undefined = idx.subnets.get(key(cfg.subnetId));
  if (!subnet) return null;
  const vnet = idx.vnets.get(key(subnet.virtualNetworkId));
  if (!vnet) return null;
  const local = ipConfigAddress(cfg);
  const localAsgIds = cfg.applicationSecurityGroupIds.map(key);
  const adminShared = sharedAdminLayer(idx, vnet, subnet);
  const admin = adminShared ? makeLayer('adminRule', adminShared, vnet.id, local, localAsgIds) : null;
  const nsgLayer = (layer: LayerKind, nsgId: string | null, appliedTo: string): CompiledLayer | null => {
    if (!nsgId) return null;
    const nsg = idx.nsgs.get(key(nsgId));
    if (!nsg) return null;
    return makeLayer(layer, sharedNsgLayer(idx, vnet, nsg), appliedTo, local, localAsgIds);
  };
  const subnetNsg = nsgLayer('subnetNsg', subnet.networkSecurityGroupId, subnet.id);
  const nicNsg = nsgLayer('nicNsg', nic.networkSecurityGroupId, nic.id);
  const inboundNsgLayers: CompiledLayer[] = [];
  const outboundNsgLayers: CompiledLayer[] = [];
  if (subnetNsg) inboundNsgLayers.push(subnetNsg);
  if (nicNsg) {
    inboundNsgLayers.push(nicNsg);
    outboundNsgLayers.push(nicNsg);
  }
  if (subnetNsg) outboundNsgLayers.push(subnetNsg);
  const policy: CompiledPolicyWithProbes = {
    networkInterfaceId: nic.id,
    ipConfigurationName: cfg.name,
    subnetId: subnet.id,
    virtualNetworkId: vnet.id,
    family: cfg.family,
    localAddress: local,
    localAsgIds,
    admin,
    subnetNsg,
    nicNsg,
    inboundNsgLayers,
    outboundNsgLayers,
    inboundProbe: directionProbe(idx, admin, inboundNsgLayers, true),
    outboundProbe: directionProbe(idx, admin, outboundNsgLayers, false),
  };
  return policy;
}

/** A compiled policy as compileForConfig builds it: with the verification path's probes (probe.ts). */
export interface CompiledPolicyWithProbes extends CompiledPolicy {
  /** Null when no layer applies in that direction. */
  inboundProbe: PolicyProbe | null;
  outboundProbe: PolicyProbe | null;
}

/** The probe of one direction; its combined dimensions are shared per sequence of shared tables. */
function directionProbe(
  idx: NetworkIndex,
  admin: CompiledLayer | null,
  nsgLayers: CompiledLayer[],
  inbound: boolean,
): PolicyProbe | null {
  const tables: SpecialisedTable[] = [];
  const layers: CompiledLayer[] = [];
  const adminTable = admin ? ((inbound ? admin.inbound : admin.outbound) as SpecialisedTable) : null;
  const adminFirst = admin !== null && adminTable !== null && adminTable.rules.length > 0;
  if (adminFirst) {
    tables.push(adminTable);
    layers.push(admin);
  }
  for (const l of nsgLayers) {
    tables.push((inbound ? l.inbound : l.outbound) as SpecialisedTable);
    layers.push(l);
  }
  if (tables.length === 0) return null;
  let k = 'probe';
  for (const t of tables) k += `|${t.shared.serial}`;
  let shared = idx.sharedLayers.get(k) as SharedProbe | undefined;
  if (!shared) idx.sharedLayers.set(k, (shared = buildSharedProbe(tables)));
  return buildPolicyProbe(shared, layers, tables, adminFirst);
}

/**
 * Compiles the effective policy of a NIC's IP configuration (the primary one when `ipConfigName` is absent).
 * Returns null when the NIC or the IP configuration does not exist. Never throws on user data.
 * Rule resolution and decision tables are cached per network (by object identity) and shared between IP
 * configurations of the same context; only the local-address bitsets are per configuration.
 */
export function compilePolicy(network: Network, nicId: string, ipConfigName?: string): CompiledPolicy | null {
  if (typeof nicId !== 'string' || (ipConfigName !== undefined && typeof ipConfigName !== 'string'))
    return null;
  const idx = indexNetwork(network);
  const nic = idx.nics.get(key(nicId));
  if (!nic) return null;
  const cfg =
    ipConfigName === undefined
      ? (nic.ipConfigurations.find((c) => c.primary) ?? nic.ipConfigurations[0])
      : nic.ipConfigurations.find((c) => c.name.toLowerCase() === ipConfigName.toLowerCase());
  if (!cfg) return null;
  return compileForConfig(idx, nic, cfg);
}

// ---------------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------------

function segmentOfNumber(starts: Float64Array, v: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function segmentOfBigint(starts: bigint[], v: bigint): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as bigint) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Pass -1 as a port for a `*` query port. */
export function firstMatchInTable(
  t: DecisionTable,
  isTcp: boolean,
  remoteV4: number,
  remoteV6: bigint,
  localPort: number,
  remotePort: number,
): number {
  const proto = isTcp ? t.tcp : t.udp;
  const rd = t.remote;
  const rSeg =
    t.family === 4
      ? segmentOfNumber(rd.starts as Float64Array, remoteV4)
      : segmentOfBigint(rd.starts as bigint[], remoteV6);
  const rPool = rd.pool;
  const rOff = rd.offsets[rSeg] as number;
  let lPool: Uint32Array;
  let lOff: number;
  if (localPort < 0) {
    lPool = t.localPortFull;
    lOff = 0;
  } else {
    const d = t.localPort;
    lPool = d.pool;
    lOff = d.offsets[segmentOfNumber(d.starts, localPort)] as number;
  }
  let pPool: Uint32Array;
  let pOff: number;
  if (remotePort < 0) {
    pPool = t.remotePortFull;
    pOff = 0;
  } else {
    const d = t.remotePort;
    pPool = d.pool;
    pOff = d.offsets[segmentOfNumber(d.starts, remotePort)] as number;
  }
  const w = t.words;
  for (let i = 0; i < w; i++) {
    const x =
      (proto[i] as number) &
      (rPool[rOff + i] as number) &
      (lPool[lOff + i] as number) &
      (pPool[pOff + i] as number);
    if (x !== 0) return (i << 5) + (31 - Math.clz32(x & -x));
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------
// Rule-by-rule walk (trace, detail, forwarded local addresses)
// ---------------------------------------------------------------------------------------------------

export interface FlowTuple {
  direction: Direction;
  /** Lower-cased ASG ids of the IP configuration giving the context (local-side ASG tests, §5). */
  localAsgIds: string[];
  isTcp: boolean;
  local: IpAddress;
  remote: IpAddress;
  /** -1 for `*`. */
  localPort: number;
  remotePort: number;
}

export interface RuleCheck {
  protocolMatched: boolean;
  sourceMatched: boolean;
  sourcePortMatched: boolean;
  destinationMatched: boolean;
  destinationPortMatched: boolean;
  matched: boolean;
}

function portIn(flat: number[], port: number): boolean {
  return port < 0 ? coversAllPorts(flat) : containsFlat(flat, port);
}

/** Checks one compiled rule against a flow, condition by condition (NSG-diagnostics style). */
export function checkCompiledRule(r: CompiledRule, f: FlowTuple): RuleCheck {
  const inbound = f.direction === 'Inbound';
  const protocolMatched = r.direction === f.direction && (f.isTcp ? r.matchesTcp : r.matchesUdp);
  const sourceMatched = inbound
    ? setContains(r.source, f.remote)
    : localSideMatches(r, false, f.local, f.localAsgIds);
  const destinationMatched = inbound
    ? localSideMatches(r, true, f.local, f.localAsgIds)
    : setContains(r.destination, f.remote);
  const sourcePortMatched = portIn(r.sourcePorts, inbound ? f.remotePort : f.localPort);
  const destinationPortMatched = portIn(r.destinationPorts, inbound ? f.localPort : f.remotePort);
  return {
    protocolMatched,
    sourceMatched,
    sourcePortMatched,
    destinationMatched,
    destinationPortMatched,
    matched:
      protocolMatched && sourceMatched && destinationMatched && sourcePortMatched && destinationPortMatched,
  };
}
