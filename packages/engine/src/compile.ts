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
import { type IntervalSet, type IpAddress, MAX_V4, MAX_V6, formatIpv4, formatIpv6, fullSet } from './address';
import { type NetworkIndex, applicableAdminRules, indexNetwork, key, resolveSide } from './context';
import type {
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

/** One rule with every condition resolved to intervals, seen from the evaluated IP configuration. */
export interface CompiledRule {
  /** Azure's display name: `securityRules/<n>`, `defaultSecurityRules/<n>` or the bare admin rule name. */
  ruleName: string;
  name: string;
  kind: 'custom' | 'default' | 'admin';
  /** ARM id (custom rules without an id get `<nsg id>/securityRules/<name>`; defaults null). */
  ruleId: string | null;
  priority: number;
  access: 'Allow' | 'Deny' | 'AlwaysAllow';
  direction: Direction;
  protocol: RuleProtocol;
  matchesTcp: boolean;
  matchesUdp: boolean;
  /** Addresses of the rule's source side. */
  source: IntervalSet;
  destination: IntervalSet;
  /** Flat inclusive port intervals `[from, to, …]`, sorted and merged. */
  sourcePorts: number[];
  destinationPorts: number[];
  /** True when a side is a local ASG test (ASG membership of the evaluated IP configuration). */
  unknownTags: string[];
  nsgRule: SecurityRule | null;
  adminRule: AdminRule | null;
  /** Admin rules: the owning network manager / configuration. */
  networkManagerId: string | null;
  configurationId: string | null;
}

/** Segments of one dimension: `starts[i]` is the first value of segment i; its rules are `pool[offsets[i] …]`. */
export interface SegmentDimension<K extends number | bigint> {
  starts: K extends number ? Float64Array : bigint[];
  offsets: Int32Array;
  pool: Uint32Array;
}

export interface DecisionTable {
  direction: Direction;
  family: 4 | 6;
  /** The layer's rules of this direction, in evaluation order; bit i ↔ rules[i]. */
  rules: CompiledRule[];
  words: number;
  /** Protocol ∧ local-address condition, per query protocol. */
  tcp: Uint32Array;
  udp: Uint32Array;
  remote: SegmentDimension<number> | SegmentDimension<bigint>;
  localPort: SegmentDimension<number>;
  remotePort: SegmentDimension<number>;
  /** Rules whose local / remote port condition covers 0–65535 (for `*` query ports, §7.5). */
  localPortFull: Uint32Array;
  remotePortFull: Uint32Array;
  /** Lowest bit of a rule with an unknown service tag, or -1. */
  firstUnknownTagRule: number;
}

export interface CompiledLayer {
  layer: LayerKind;
  /** NSG id, or the network manager id of the first applicable admin rule. */
  id: string;
  /** Subnet / NIC id for NSG layers, VNet id for the admin layer. */
  appliedTo: string;
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

function portsFlat(ports: PortRange[]): number[] {
  const sorted = [...ports].sort((a, b) => a.from - b.from);
  const out: number[] = [];
  for (const p of sorted) {
    const n = out.length;
    if (n > 0 && (out[n - 1] as number) + 1 >= p.from) {
      if (p.to > (out[n - 1] as number)) out[n - 1] = p.to;
    } else out.push(p.from, p.to);
  }
  return out;
}

function protocolFlags(p: RuleProtocol): { tcp: boolean; udp: boolean } {
  return { tcp: p === '*' || p === 'Tcp', udp: p === '*' || p === 'Udp' };
}

function compileNsgRule(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  cfg: IpConfiguration,
  nsg: NetworkSecurityGroup,
  r: SecurityRule,
): CompiledRule {
  const inbound = r.direction === 'Inbound';
  const src = resolveSide(idx, vnet, r.source, inbound ? null : cfg);
  const dst = resolveSide(idx, vnet, r.destination, inbound ? cfg : null);
  const f = protocolFlags(r.protocol);
  const isDefault = r.kind === 'default';
  return {
    ruleName: `${isDefault ? 'defaultSecurityRules' : 'securityRules'}/${r.name}`,
    name: r.name,
    kind: r.kind,
    ruleId: isDefault ? null : (r.id ?? `${nsg.id}/securityRules/${r.name}`),
    priority: r.priority,
    access: r.access,
    direction: r.direction,
    protocol: r.protocol,
    matchesTcp: f.tcp,
    matchesUdp: f.udp,
    source: src.set,
    destination: dst.set,
    sourcePorts: portsFlat(r.sourcePorts),
    destinationPorts: portsFlat(r.destinationPorts),
    unknownTags: [...src.unknownTags, ...dst.unknownTags],
    nsgRule: r,
    adminRule: null,
    networkManagerId: null,
    configurationId: null,
  };
}

function compileAdminRule(idx: NetworkIndex, vnet: VirtualNetwork, r: AdminRule): CompiledRule {
  // Admin address items name no ASGs, so the side resolution needs no local IP configuration.
  const src = resolveSide(idx, vnet, r.sources, null);
  const dst = resolveSide(idx, vnet, r.destinations, null);
  const f = protocolFlags(r.protocol);
  return {
    ruleName: r.name,
    name: r.name,
    kind: 'admin',
    ruleId: r.id,
    priority: r.priority,
    access: r.access,
    direction: r.direction,
    protocol: r.protocol,
    matchesTcp: f.tcp,
    matchesUdp: f.udp,
    source: src.set,
    destination: dst.set,
    sourcePorts: portsFlat(r.sourcePorts),
    destinationPorts: portsFlat(r.destinationPorts),
    unknownTags: [...src.unknownTags, ...dst.unknownTags],
    nsgRule: null,
    adminRule: r,
    networkManagerId: r.networkManagerId,
    configurationId: r.configurationId,
  };
}

function hashWords(words: Uint32Array, from: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ (words[from + i] as number), 0x01000193);
  return h >>> 0;
}

class BitsetPool {
  private data: Uint32Array;
  private size = 0;
  private readonly byHash = new Map<number, number[]>();
  constructor(private readonly words: number) {
    this.data = new Uint32Array(Math.max(words, 1) * 16);
  }
  /** Stores the bitset (or finds an identical one) and returns its offset. */
  add(bits: Uint32Array): number {
    const w = this.words;
    const h = hashWords(bits, 0, w);
    const candidates = this.byHash.get(h);
    if (candidates) {
      for (const off of candidates) {
        let same = true;
        for (let i = 0; i < w; i++) {
          if (this.data[off + i] !== bits[i]) {
            same = false;
            break;
          }
        }
        if (same) return off;
      }
    }
    if (this.size + w > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2 + w);
      grown.set(this.data);
      this.data = grown;
    }
    const off = this.size;
    this.data.set(bits.subarray(0, w), off);
    this.size += w;
    if (candidates) candidates.push(off);
    else this.byHash.set(h, [off]);
    return off;
  }
  finish(): Uint32Array {
    return this.data.slice(0, Math.max(this.size, 1));
  }
}

/**
 * Cuts one dimension into elementary segments. `perRule[i]` is rule i's flat interval list (sorted, merged).
 */
function buildDimension<K extends number | bigint>(
  perRule: K[][],
  words: number,
  min: K,
  one: K,
  max: K,
): { starts: K[]; offsets: Int32Array; pool: Uint32Array } {
  const points: K[] = [];
  const bits: number[] = [];
  for (let r = 0; r < perRule.length; r++) {
    const flat = perRule[r] as K[];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      points.push(flat[i] as K);
      bits.push(r + 1); // set
      const hi = flat[i + 1] as K;
      if (hi < max) {
        points.push(((hi as number) + (one as number)) as K);
        bits.push(-(r + 1)); // clear
      }
    }
  }
  const order = points.map((_, i) => i);
  order.sort((a, b) => {
    const pa = points[a] as K;
    const pb = points[b] as K;
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
  const pool = new BitsetPool(words);
  const cur = new Uint32Array(Math.max(words, 1));
  const starts: K[] = [min];
  const offs: number[] = [pool.add(cur)];
  let i = 0;
  while (i < order.length) {
    const p = points[order[i] as number] as K;
    while (i < order.length && points[order[i] as number] === p) {
      const b = bits[order[i] as number] as number;
      const r = Math.abs(b) - 1;
      if (b > 0) cur[r >>> 5] = (cur[r >>> 5] as number) | (1 << (r & 31));
      else cur[r >>> 5] = (cur[r >>> 5] as number) & ~(1 << (r & 31));
      i++;
    }
    const off = pool.add(cur);
    if (p === min) {
      offs[0] = off;
    } else if (offs[offs.length - 1] !== off) {
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

function buildTable(rules: CompiledRule[], direction: Direction, local: IpAddress): DecisionTable {
  const mine = rules.filter((r) => r.direction === direction);
  const n = mine.length;
  const words = Math.max(1, Math.ceil(n / 32));
  const inbound = direction === 'Inbound';
  const tcp = new Uint32Array(words);
  const udp = new Uint32Array(words);
  const localPortFull = new Uint32Array(words);
  const remotePortFull = new Uint32Array(words);
  let firstUnknownTagRule = -1;
  mine.forEach((r, i) => {
    const localSet = inbound ? r.destination : r.source;
    const localOk =
      local.family === 4 ? flatContains(localSet.v4, local.v4) : flatContains(localSet.v6, local.v6);
    if (localOk && r.matchesTcp) setBit(tcp, i);
    if (localOk && r.matchesUdp) setBit(udp, i);
    if (coversAllPorts(inbound ? r.destinationPorts : r.sourcePorts)) setBit(localPortFull, i);
    if (coversAllPorts(inbound ? r.sourcePorts : r.destinationPorts)) setBit(remotePortFull, i);
    if (firstUnknownTagRule < 0 && r.unknownTags.length > 0) firstUnknownTagRule = i;
  });
  const remoteSets = mine.map((r) => (inbound ? r.source : r.destination));
  let remote: SegmentDimension<number> | SegmentDimension<bigint>;
  if (local.family === 4) {
    const d = buildDimension<number>(
      remoteSets.map((s) => s.v4),
      words,
      0,
      1,
      MAX_V4,
    );
    remote = { starts: Float64Array.from(d.starts), offsets: d.offsets, pool: d.pool };
  } else {
    const d = buildDimension<bigint>(
      remoteSets.map((s) => s.v6),
      words,
      0n,
      1n,
      MAX_V6,
    );
    remote = { starts: d.starts, offsets: d.offsets, pool: d.pool };
  }
  const portDim = (lists: number[][]): SegmentDimension<number> => {
    const d = buildDimension<number>(lists, words, 0, 1, 65535);
    return { starts: Float64Array.from(d.starts), offsets: d.offsets, pool: d.pool };
  };
  return {
    direction,
    family: local.family,
    rules: mine,
    words,
    tcp,
    udp,
    remote,
    localPort: portDim(mine.map((r) => (inbound ? r.destinationPorts : r.sourcePorts))),
    remotePort: portDim(mine.map((r) => (inbound ? r.sourcePorts : r.destinationPorts))),
    localPortFull,
    remotePortFull,
    firstUnknownTagRule,
  };
}

function makeLayer(
  layer: LayerKind,
  id: string,
  appliedTo: string,
  rules: CompiledRule[],
  local: IpAddress,
): CompiledLayer {
  return {
    layer,
    id,
    appliedTo,
    rules,
    inbound: buildTable(rules, 'Inbound', local),
    outbound: buildTable(rules, 'Outbound', local),
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
  const adminRules = applicableAdminRules(idx, vnet, subnet);
  const admin =
    adminRules.length > 0
      ? makeLayer(
          'adminRule',
          (adminRules[0] as { manager: { id: string } }).manager.id,
          vnet.id,
          adminRules.map((a) => compileAdminRule(idx, vnet, a.rule)),
          local,
        )
      : null;
  const nsgLayer = (layer: LayerKind, nsgId: string | null, appliedTo: string): CompiledLayer | null => {
    if (!nsgId) return null;
    const nsg = idx.nsgs.get(key(nsgId));
    if (!nsg) return null;
    const rules = [...nsg.securityRules].sort((a, b) => a.priority - b.priority);
    return makeLayer(
      layer,
      nsg.id,
      appliedTo,
      rules.map((r) => compileNsgRule(idx, vnet, cfg, nsg, r)),
      local,
    );
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
  const sourceMatched = addrIn(r.source, inbound ? f.remote : f.local);
  const destinationMatched = addrIn(r.destination, inbound ? f.local : f.remote);
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

/** The full address space, exported for analyses that need a universe. */
export const UNIVERSE: IntervalSet = fullSet();
