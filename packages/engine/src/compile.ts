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
import { type IntervalSet, type IpAddress, MAX_V4, MAX_V6, formatIpv4, formatIpv6 } from './address';
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
} from './context';
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
  if (ports.length === 1 && ports[0]?.from === 0 && ports[0]?.to === 65535) return ALL_PORTS;
  const sorted = ports.length === 1 ? ports : [...ports].sort((a, b) => a.from - b.from);
  const out: number[] = [];
  for (const p of sorted) {
    const n = out.length;
    if (n > 0 && (out[n - 1] as number) + 1 >= p.from) {
      if (p.to > (out[n - 1] as number)) out[n - 1] = p.to;
    } else out.push(p.from, p.to);
  }
  return out.length === 2 && out[0] === 0 && out[1] === 65535 ? ALL_PORTS : out.slice();
}

function protocolFlags(p: RuleProtocol): { tcp: boolean; udp: boolean } {
  return { tcp: p === '*' || p === 'Tcp', udp: p === '*' || p === 'Udp' };
}

/** Notes for rules naming tags the network does not define (built only when such a rule is evaluated). */
export function unknownTagNotes(r: CompiledRule): string[] {
  return r.unknownTags.map(
    (t) =>
      `rule '${r.ruleName}' uses service tag '${t}', which is not defined; the rule was treated as not matching`,
  );
}

/** A compiled rule: scalar conditions eager, address sides resolved lazily (see CompiledRule.source). */
class LazyCompiledRule implements CompiledRule {
  readonly matchesTcp: boolean;
  readonly matchesUdp: boolean;
  readonly sourcePorts: number[];
  readonly destinationPorts: number[];
  readonly unknownTags: string[];
  private src: SideResolution | undefined;
  private dst: SideResolution | undefined;

  constructor(
    /** @internal */ readonly idx: NetworkIndex,
    /** @internal */ readonly vnet: VirtualNetwork,
    readonly ruleName: string,
    readonly kind: 'custom' | 'default' | 'admin',
    readonly ruleId: string | null,
    readonly nsgRule: SecurityRule | null,
    readonly adminRule: AdminRule | null,
  ) {
    const r = (nsgRule ?? adminRule) as SecurityRule | AdminRule;
    const f = protocolFlags(r.protocol);
    this.matchesTcp = f.tcp;
    this.matchesUdp = f.udp;
    this.sourcePorts = portsFlat(r.sourcePorts);
    this.destinationPorts = portsFlat(r.destinationPorts);
    const src = adminRule !== null ? adminRule.sources : (nsgRule as SecurityRule).source;
    const dst = adminRule !== null ? adminRule.destinations : (nsgRule as SecurityRule).destination;
    let tags: string[] = NO_NOTES;
    for (let side = 0; side < 2; side++) {
      const atoms = side === 0 ? src : dst;
      for (let i = 0; i < atoms.length; i++) {
        const a = atoms[i] as AddressAtom;
        if (a.kind === 'tag' && !isKnownTag(idx, a.tag)) tags = [...tags, a.tag];
      }
    }
    this.unknownTags = tags;
  }
  private get rule(): SecurityRule | AdminRule {
    return (this.nsgRule ?? this.adminRule) as SecurityRule | AdminRule;
  }
  /** Resolves a side without caching it (table building). */
  /** The side's address alternatives as parsed. */
  atoms(side: 'source' | 'destination'): AddressAtom[] {
    const a = this.adminRule;
    const n = this.nsgRule as SecurityRule;
    return side === 'source'
      ? a !== null
        ? a.sources
        : n.source
      : a !== null
        ? a.destinations
        : n.destination;
  }
  resolve(side: 'source' | 'destination'): SideResolution {
    const a = this.adminRule;
    const n = this.nsgRule as SecurityRule;
    const atoms =
      side === 'source' ? (a !== null ? a.sources : n.source) : a !== null ? a.destinations : n.destination;
    return resolveSide(this.idx, this.vnet, atoms);
  }
  private get srcSide(): SideResolution {
    return (this.src ??= this.resolve('source'));
  }
  private get dstSide(): SideResolution {
    return (this.dst ??= this.resolve('destination'));
  }
  get name(): string {
    return this.rule.name;
  }
  get priority(): number {
    return this.rule.priority;
  }
  get access(): 'Allow' | 'Deny' | 'AlwaysAllow' {
    return this.rule.access;
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
    return this.adminRule ? this.adminRule.networkManagerId : null;
  }
  get configurationId(): string | null {
    return this.adminRule ? this.adminRule.configurationId : null;
  }
}

function compileNsgRule(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  nsg: NetworkSecurityGroup,
  r: SecurityRule,
): LazyCompiledRule {
  const isDefault = r.kind === 'default';
  return new LazyCompiledRule(
    idx,
    vnet,
    `${isDefault ? 'defaultSecurityRules' : 'securityRules'}/${r.name}`,
    r.kind,
    isDefault ? null : (r.id ?? `${nsg.id}/securityRules/${r.name}`),
    r,
    null,
  );
}

function compileAdminRule(idx: NetworkIndex, vnet: VirtualNetwork, r: AdminRule): LazyCompiledRule {
  return new LazyCompiledRule(idx, vnet, r.name, 'admin', r.id, null, r);
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

/** Scratch buffers for building numeric dimensions (compilation is synchronous, so one set suffices). */
let scratchKeys = new Float64Array(4096);
let scratchBits = new Int32Array(4096);

/**
 * Cuts a numeric dimension into elementary segments. `perRule[i]` is rule i's flat interval list (sorted,
 * merged). Events (set a rule's bit at `lo`, clear it at `hi + 1`) are sorted natively as packed
 * `point * 2^16 + event` keys; above 65,535 events the generic path is used.
 */
function buildNumberDimension(perRule: number[][], words: number, max: number): SegmentDimension<number> {
  let n = 0;
  for (let r = 0; r < perRule.length; r++) n += (perRule[r] as number[]).length;
  if (n >= 65536) {
    const d = buildDimension<number>(perRule, words, 0, 1, max);
    return { starts: Float64Array.from(d.starts), offsets: d.offsets, pool: d.pool };
  }
  if (scratchKeys.length < n) {
    scratchKeys = new Float64Array(n * 2);
    scratchBits = new Int32Array(n * 2);
  }
  let e = 0;
  for (let r = 0; r < perRule.length; r++) {
    const flat = perRule[r] as number[];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      scratchKeys[e] = (flat[i] as number) * 65536 + e;
      scratchBits[e++] = r + 1;
      const hi = flat[i + 1] as number;
      if (hi < max) {
        scratchKeys[e] = (hi + 1) * 65536 + e;
        scratchBits[e++] = -(r + 1);
      }
    }
  }
  const keys = scratchKeys.subarray(0, e).sort();
  const pool = new BitsetPool(words);
  const cur = new Uint32Array(words);
  const starts: number[] = [0];
  const offs: number[] = [pool.add(cur)];
  let i = 0;
  while (i < e) {
    const p = Math.floor((keys[i] as number) / 65536);
    while (i < e) {
      const k = keys[i] as number;
      const point = Math.floor(k / 65536);
      if (point !== p) break;
      const b = scratchBits[k - point * 65536] as number;
      const r = (b > 0 ? b : -b) - 1;
      if (b > 0) cur[r >>> 5] = (cur[r >>> 5] as number) | (1 << (r & 31));
      else cur[r >>> 5] = (cur[r >>> 5] as number) & ~(1 << (r & 31));
      i++;
    }
    const off = pool.add(cur);
    if (p === 0) offs[0] = off;
    else if (offs[offs.length - 1] !== off) {
      starts.push(p);
      offs.push(off);
    }
  }
  return { starts: Float64Array.from(starts), offsets: Int32Array.from(offs), pool: pool.finish() };
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

function flatContains<T extends number | bigint>(flat: T[], v: T): boolean {
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

function coversAllPorts(flat: number[]): boolean {
  return flat.length === 2 && flat[0] === 0 && flat[1] === 65535;
}

function buildSharedTable(
  rules: LazyCompiledRule[],
  direction: Direction,
  family: 4 | 6,
): SharedDecisionTable {
  const mine = rules.filter((r) => r.direction === direction);
  const words = Math.max(1, Math.ceil(mine.length / 32));
  const inbound = direction === 'Inbound';
  const localPortFull = new Uint32Array(words);
  const remotePortFull = new Uint32Array(words);
  const protocolTcp = new Uint32Array(words);
  const protocolUdp = new Uint32Array(words);
  const localAsgRules = new Map<string, Uint32Array>();
  let firstUnknownTagRule = -1;
  const remoteLists: (number[] | bigint[])[] = [];
  const localLists: (number[] | bigint[])[] = [];
  mine.forEach((r, i) => {
    if (coversAllPorts(inbound ? r.destinationPorts : r.sourcePorts)) setBit(localPortFull, i);
    if (coversAllPorts(inbound ? r.sourcePorts : r.destinationPorts)) setBit(remotePortFull, i);
    if (r.matchesTcp) setBit(protocolTcp, i);
    if (r.matchesUdp) setBit(protocolUdp, i);
    if (firstUnknownTagRule < 0 && r.unknownTags.length > 0) firstUnknownTagRule = i;
    const remoteAtoms = r.atoms(inbound ? 'source' : 'destination');
    const localAtoms = r.atoms(inbound ? 'destination' : 'source');
    remoteLists.push(sideFlat(r.idx, r.vnet, remoteAtoms, family, true));
    localLists.push(sideFlat(r.idx, r.vnet, localAtoms, family, false));
    for (let k = 0; k < localAtoms.length; k++) {
      const a = localAtoms[k] as AddressAtom;
      if (a.kind !== 'asg') continue;
      const asg = lower(r.idx, a.asgId);
      let bits = localAsgRules.get(asg);
      if (!bits) localAsgRules.set(asg, (bits = new Uint32Array(words)));
      setBit(bits, i);
    }
  });
  const addressDim = (
    lists: (number[] | bigint[])[],
  ): SegmentDimension<number> | SegmentDimension<bigint> => {
    if (family === 4) return buildNumberDimension(lists as number[][], words, MAX_V4);
    const d = buildDimension<bigint>(lists as bigint[][], words, 0n, 1n, MAX_V6);
    return { starts: d.starts, offsets: d.offsets, pool: d.pool };
  };
  const portDim = (lists: number[][]): SegmentDimension<number> => buildNumberDimension(lists, words, 65535);
  return {
    direction,
    family,
    rules: mine,
    words,
    remote: addressDim(remoteLists),
    localPort: portDim(mine.map((r) => (inbound ? r.destinationPorts : r.sourcePorts))),
    remotePort: portDim(mine.map((r) => (inbound ? r.sourcePorts : r.destinationPorts))),
    localPortFull,
    remotePortFull,
    firstUnknownTagRule,
    local: addressDim(localLists),
    localAsgRules,
    protocolTcp,
    protocolUdp,
  };
}

/** Does the local side of the rule hold the address (plain prefixes) or name one of the configuration's ASGs? */
function localSideMatches(
  r: CompiledRule,
  inbound: boolean,
  local: IpAddress,
  localAsgIds: string[],
): boolean {
  const plain = inbound ? r.destinationWithoutAsgs : r.sourceWithoutAsgs;
  if (local.family === 4 ? flatContains(plain.v4, local.v4) : flatContains(plain.v6, local.v6)) return true;
  const asgs = inbound ? r.destinationAsgIds : r.sourceAsgIds;
  for (let i = 0; i < asgs.length; i++) if (localAsgIds.includes(asgs[i] as string)) return true;
  return false;
}

/** Per IP configuration: protocol ∧ (local address in the plain local side ∨ configuration in a local ASG). */
function specialise(shared: SharedDecisionTable, local: IpAddress, localAsgIds: string[]): DecisionTable {
  const w = shared.words;
  const localBits = new Uint32Array(w);
  const d = shared.local;
  const seg =
    local.family === 4
      ? segmentOfNumber(d.starts as Float64Array, local.v4)
      : segmentOfBigint(d.starts as bigint[], local.v6);
  const off = d.offsets[seg] as number;
  for (let i = 0; i < w; i++) localBits[i] = d.pool[off + i] as number;
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
  return { ...shared, tcp, udp };
}

/** Compiled rules of one layer in one context, and their shared tables per direction and family. */
interface SharedLayer {
  id: string;
  rules: LazyCompiledRule[];
  tables: Map<string, SharedDecisionTable>;
}

function sharedTable(layer: SharedLayer, direction: Direction, family: 4 | 6): SharedDecisionTable {
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

function sharedNsgLayer(idx: NetworkIndex, vnet: VirtualNetwork, nsg: NetworkSecurityGroup): SharedLayer {
  const k = `nsg|${key(nsg.id)}|${key(vnet.id)}`;
  let s = idx.sharedLayers.get(k) as SharedLayer | undefined;
  if (!s) {
    const rules = [...nsg.securityRules].sort((a, b) => a.priority - b.priority);
    s = { id: nsg.id, rules: rules.map((r) => compileNsgRule(idx, vnet, nsg, r)), tables: new Map() };
    idx.sharedLayers.set(k, s);
  }
  return s;
}

function sharedAdminLayer(idx: NetworkIndex, vnet: VirtualNetwork, subnet: Subnet): SharedLayer | null {
  const k = `admin|${key(vnet.id)}|${key(subnet.id)}`;
  let s = idx.sharedLayers.get(k) as SharedLayer | null | undefined;
  if (s === undefined) {
    const adminRules = applicableAdminRules(idx, vnet, subnet);
    const first = adminRules[0];
    s = first
      ? {
          id: first.manager.id,
          rules: adminRules.map((a) => compileAdminRule(idx, vnet, a.rule)),
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
): CompiledPolicy | null {
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
  return {
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
    inboundNsgLayers: [subnetNsg, nicNsg].filter((l): l is CompiledLayer => l !== null),
    outboundNsgLayers: [nicNsg, subnetNsg].filter((l): l is CompiledLayer => l !== null),
  };
}

/**
 * Compiles the effective policy of a NIC's IP configuration (the primary one when `ipConfigName` is absent).
 * Returns null when the NIC or the IP configuration does not exist. Never throws on user data.
 * Rule resolution and decision tables are cached per network (by object identity) and shared between IP
 * configurations of the same context; only the local-address bitsets are per configuration.
 */
export function compilePolicy(network: Network, nicId: string, ipConfigName?: string): CompiledPolicy | null {
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

function addrIn(set: IntervalSet, ip: IpAddress): boolean {
  return ip.family === 4 ? flatContains(set.v4, ip.v4) : flatContains(set.v6, ip.v6);
}

function portIn(flat: number[], port: number): boolean {
  return port < 0 ? coversAllPorts(flat) : flatContains(flat, port);
}

/** Checks one compiled rule against a flow, condition by condition (NSG-diagnostics style). */
export function checkCompiledRule(r: CompiledRule, f: FlowTuple): RuleCheck {
  const inbound = f.direction === 'Inbound';
  const protocolMatched = r.direction === f.direction && (f.isTcp ? r.matchesTcp : r.matchesUdp);
  const sourceMatched = inbound
    ? addrIn(r.source, f.remote)
    : localSideMatches(r, false, f.local, f.localAsgIds);
  const destinationMatched = inbound
    ? localSideMatches(r, true, f.local, f.localAsgIds)
    : addrIn(r.destination, f.remote);
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
