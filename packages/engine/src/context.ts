/**
 * Lookups over a validated network (ids compared case-insensitively) and the context-dependent expansions:
 * service tags per VNet (§4), ASG membership per IP configuration (§5), network groups and the applicable,
 * ordered security admin rules (§8).
 */
import {
  type IntervalSet,
  type IpAddress,
  containsFlat,
  emptySet,
  MAX_V4,
  MAX_V6,
  setFromPrefixes,
  subtract,
  union,
  normaliseSet,
  parseAddressPrefix,
} from './address';
import type {
  AddressAtom,
  AdminRule,
  AdminRuleCollection,
  IpConfiguration,
  Network,
  NetworkGroup,
  NetworkInterface,
  NetworkManager,
  NetworkSecurityGroup,
  Prefix,
  SecurityAdminConfiguration,
  Subnet,
  VirtualMachine,
  VirtualNetwork,
} from './model';

export const HOST_VIP = '168.63.129.16';
export const IMDS_IP = '169.254.169.254';

function prefixOf(text: string): Prefix {
  const r = parseAddressPrefix(text);
  if (!r.ok) throw new Error(`engine constant ${text} is not a prefix`);
  return r.value;
}

const HOST_VIP_SET = setFromPrefixes([prefixOf(`${HOST_VIP}/32`)]);
const IPV6_GLOBAL = setFromPrefixes([prefixOf('2000::/3')]);
const IPV4_ALL = setFromPrefixes([prefixOf('0.0.0.0/0')]);

export interface NetworkIndex {
  network: Network;
  vnets: Map<string, VirtualNetwork>;
  subnets: Map<string, Subnet>;
  nics: Map<string, NetworkInterface>;
  vms: Map<string, VirtualMachine>;
  nsgs: Map<string, NetworkSecurityGroup>;
  /** NIC key → owning VM. */
  nicVm: Map<string, VirtualMachine>;
  /** VNet key → IP configurations of NICs in that VNet. */
  vnetConfigs: Map<string, IpConfiguration[]>;
  /** Lower-cased user tag name → set. */
  userTags: Map<string, IntervalSet>;
  groups: Map<string, { group: NetworkGroup; manager: NetworkManager }>;
  /** Per-VNet tag and ASG expansions (keyed by the VNet object). */
  vnetCaches: Map<
    VirtualNetwork,
    { virtualNetwork?: IntervalSet; internet?: IntervalSet; asgs: Map<string, IntervalSet> }
  >;
  lowerCache: Map<string, string>;
  /** Compiled-layer parts shared by every IP configuration in the same context (compile.ts). */
  sharedLayers: Map<string, unknown>;
}

const indexCache = new WeakMap<Network, NetworkIndex>();

export function key(id: string): string {
  return id.toLowerCase();
}

export function indexNetwork(network: Network): NetworkIndex {
  const cached = indexCache.get(network);
  if (cached) return cached;
  const idx: NetworkIndex = {
    network,
    vnets: new Map(),
    subnets: new Map(),
    nics: new Map(),
    vms: new Map(),
    nsgs: new Map(),
    nicVm: new Map(),
    vnetConfigs: new Map(),
    userTags: new Map(),
    groups: new Map(),
    vnetCaches: new Map(),
    lowerCache: new Map(),
    sharedLayers: new Map(),
  };
  for (const v of network.virtualNetworks) {
    idx.vnets.set(key(v.id), v);
    for (const s of v.subnets) idx.subnets.set(key(s.id), s);
  }
  for (const n of network.networkSecurityGroups) idx.nsgs.set(key(n.id), n);
  for (const n of network.networkInterfaces) {
    idx.nics.set(key(n.id), n);
    for (const c of n.ipConfigurations) {
      const subnet = idx.subnets.get(key(c.subnetId));
      if (!subnet) continue;
      const vk = key(subnet.virtualNetworkId);
      const list = idx.vnetConfigs.get(vk) ?? [];
      list.push(c);
      idx.vnetConfigs.set(vk, list);
    }
  }
  for (const vm of network.virtualMachines) {
    idx.vms.set(key(vm.id), vm);
    for (const r of vm.networkInterfaces) idx.nicVm.set(key(r.id), vm);
  }
  for (const t of network.serviceTags)
    idx.userTags.set(t.name.toLowerCase(), setFromPrefixes(t.addressPrefixes));
  for (const m of network.networkManagers) {
    for (const g of m.networkGroups) idx.groups.set(key(g.id), { group: g, manager: m });
  }
  indexCache.set(network, idx);
  return idx;
}

interface VnetCache {
  virtualNetwork?: IntervalSet;
  internet?: IntervalSet;
  /** Raw ASG id (as written in the rule) → member addresses. */
  asgs: Map<string, IntervalSet>;
}

function vnetCache(idx: NetworkIndex, vnet: VirtualNetwork): VnetCache {
  let c = idx.vnetCaches.get(vnet);
  if (!c) idx.vnetCaches.set(vnet, (c = { asgs: new Map() }));
  return c;
}

/** Lower-cases a string once per distinct string (compilation resolves the same ids and tags many times). */
export function lower(idx: NetworkIndex, s: string): string {
  let l = idx.lowerCache.get(s);
  if (l === undefined) idx.lowerCache.set(s, (l = s.toLowerCase()));
  return l;
}

/** VirtualNetwork(vnet) per §4.1: all VNet prefixes, Connected peers with access allowed, the host VIP, extras. */
export function virtualNetworkTag(idx: NetworkIndex, vnet: VirtualNetwork): IntervalSet {
  const cache = vnetCache(idx, vnet);
  if (cache.virtualNetwork) return cache.virtualNetwork;
  const prefixes: Prefix[] = [...vnet.addressPrefixes, ...vnet.extraVirtualNetworkPrefixes];
  for (const p of vnet.peerings) {
    if (p.allowVirtualNetworkAccess && p.peeringState.toLowerCase() === 'connected')
      prefixes.push(...p.remoteAddressPrefixes);
  }
  return (cache.virtualNetwork = union(setFromPrefixes(prefixes), HOST_VIP_SET));
}

/** Internet(vnet) per §4.3: IPv4 minus the exclusions minus VirtualNetwork; IPv6 = 2000::/3 minus VirtualNetwork. */
export function internetTag(idx: NetworkIndex, vnet: VirtualNetwork): IntervalSet {
  const cache = vnetCache(idx, vnet);
  if (cache.internet) return cache.internet;
  const base = union(IPV4_ALL, IPV6_GLOBAL);
  return (cache.internet = subtract(
    subtract(base, setFromPrefixes(idx.network.options.internetExclusions)),
    virtualNetworkTag(idx, vnet),
  ));
}

const KNOWN = { set: emptySet(), known: true };

/** Expands a tag in the context of a VNet; `known` is false for tags the network does not define. */
export function resolveTag(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  tag: string,
): { set: IntervalSet; known: boolean } {
  const set = tagSet(idx, vnet, tag);
  return set ? { ...KNOWN, set } : { set: emptySet(), known: false };
}

/** The tag's addresses in the VNet's context, or null for a tag the network does not define. */
export function tagSet(idx: NetworkIndex, vnet: VirtualNetwork, tag: string): IntervalSet | null {
  const t = lower(idx, tag);
  if (t === 'virtualnetwork') return virtualNetworkTag(idx, vnet);
  if (t === 'internet') return internetTag(idx, vnet);
  if (t === 'azureloadbalancer') return HOST_VIP_SET;
  return idx.userTags.get(t) ?? null;
}

const BUILT_IN_TAG_KEYS = new Set(['virtualnetwork', 'internet', 'azureloadbalancer']);

/** Is the tag built in or defined by the network? (Case-insensitive.) */
export function isKnownTag(idx: NetworkIndex, tag: string): boolean {
  const t = lower(idx, tag);
  return BUILT_IN_TAG_KEYS.has(t) || idx.userTags.has(t);
}

/** Addresses of the IP configurations in `vnet` that are members of the ASG (remote side, §5). */
export function asgMemberSet(idx: NetworkIndex, vnet: VirtualNetwork, asgId: string): IntervalSet {
  const cache = vnetCache(idx, vnet);
  const hit = cache.asgs.get(asgId);
  if (hit) return hit;
  const ak = key(asgId);
  const v4: number[] = [];
  const v6: bigint[] = [];
  for (const c of idx.vnetConfigs.get(key(vnet.id)) ?? []) {
    if (!c.applicationSecurityGroupIds.some((a) => key(a) === ak)) continue;
    if (c.family === 4) v4.push(c.v4, c.v4);
    else v6.push(c.v6, c.v6);
  }
  const set = normaliseSet({ v4, v6 });
  cache.asgs.set(asgId, set);
  return set;
}

/** NetworkGroup address items: member VNets' address spaces, or member subnets' prefixes (§8.4). */
export function networkGroupSet(idx: NetworkIndex, groupId: string): IntervalSet {
  const g = idx.groups.get(key(groupId));
  if (!g) return emptySet();
  const prefixes: Prefix[] = [];
  for (const m of g.group.staticMemberIds) {
    if (g.group.memberType === 'VirtualNetwork')
      prefixes.push(...(idx.vnets.get(key(m))?.addressPrefixes ?? []));
    else prefixes.push(...(idx.subnets.get(key(m))?.addressPrefixes ?? []));
  }
  return setFromPrefixes(prefixes);
}

export interface SideResolution {
  /** Every address the side names; ASGs expanded to their members' addresses in the VNet. */
  set: IntervalSet;
  /** The side without its ASG alternatives (the same object when it has none). */
  setWithoutAsgs: IntervalSet;
  /** Lower-cased ids of the ASGs the side names. */
  asgKeys: string[];
  unknownTags: string[];
}

const FULL: IntervalSet = Object.freeze({
  v4: Object.freeze([0, MAX_V4]) as unknown as number[],
  v6: Object.freeze([0n, MAX_V6]) as unknown as bigint[],
}) as IntervalSet;
const NONE: IntervalSet = Object.freeze({
  v4: Object.freeze([]) as unknown as number[],
  v6: Object.freeze([]) as unknown as bigint[],
}) as IntervalSet;
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];

/** The shared, frozen full and empty sets. */
export const FULL_SET = FULL;
export const EMPTY_INTERVALS = NONE;

function atomSet(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  a: AddressAtom,
  unknownTags: string[],
): IntervalSet {
  switch (a.kind) {
    case 'any':
      return FULL;
    case 'prefix':
      return a.prefix.family === 4
        ? { v4: [Number(a.prefix.first), Number(a.prefix.last)], v6: NONE.v6 }
        : { v4: NONE.v4, v6: [BigInt(a.prefix.first), BigInt(a.prefix.last)] };
    case 'tag': {
      const set = tagSet(idx, vnet, a.tag);
      if (set === null) unknownTags.push(a.tag);
      return set ?? NONE;
    }
    case 'asg':
      return asgMemberSet(idx, vnet, a.asgId);
    case 'networkGroup':
      return networkGroupSet(idx, a.networkGroupId);
  }
}

/**
 * Resolves a rule side to addresses in the context of a VNet. ASGs are expanded to the addresses of their
 * member IP configurations in the VNet (the remote-side meaning, §5); the local-side meaning (membership of
 * the evaluated IP configuration) uses `asgKeys` and `setWithoutAsgs`.
 */
export function resolveSide(idx: NetworkIndex, vnet: VirtualNetwork, atoms: AddressAtom[]): SideResolution {
  const unknown: string[] = [];
  if (atoms.length === 1) {
    const a = atoms[0] as AddressAtom;
    const set = atomSet(idx, vnet, a, unknown);
    if (a.kind === 'asg')
      return { set, setWithoutAsgs: NONE, asgKeys: [key(a.asgId)], unknownTags: NO_STRINGS };
    return {
      set,
      setWithoutAsgs: set,
      asgKeys: NO_STRINGS,
      unknownTags: unknown.length ? unknown : NO_STRINGS,
    };
  }
  const plain: IntervalSet[] = [];
  const asgSets: IntervalSet[] = [];
  const asgKeys: string[] = [];
  for (const a of atoms) {
    if (a.kind === 'asg') {
      asgSets.push(atomSet(idx, vnet, a, unknown));
      asgKeys.push(key(a.asgId));
    } else plain.push(atomSet(idx, vnet, a, unknown));
  }
  const setWithoutAsgs =
    plain.length === 0 ? NONE : plain.length === 1 ? (plain[0] as IntervalSet) : union(...plain);
  const set = asgSets.length === 0 ? setWithoutAsgs : union(setWithoutAsgs, ...asgSets);
  return {
    set,
    setWithoutAsgs,
    asgKeys: asgKeys.length ? asgKeys : NO_STRINGS,
    unknownTags: unknown.length ? unknown : NO_STRINGS,
  };
}

const FULL_V4: number[] = FULL.v4;
const FULL_V6: bigint[] = FULL.v6;

function atomFlat(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  a: AddressAtom,
  family: 4 | 6,
): number[] | bigint[] {
  switch (a.kind) {
    case 'any':
      return family === 4 ? FULL_V4 : FULL_V6;
    case 'prefix':
      if (a.prefix.family !== family) return family === 4 ? NONE.v4 : NONE.v6;
      return family === 4
        ? [a.prefix.first as number, a.prefix.last as number]
        : [a.prefix.first as bigint, a.prefix.last as bigint];
    case 'tag': {
      const set = tagSet(idx, vnet, a.tag) ?? NONE;
      return family === 4 ? set.v4 : set.v6;
    }
    case 'asg': {
      const set = asgMemberSet(idx, vnet, a.asgId);
      return family === 4 ? set.v4 : set.v6;
    }
    case 'networkGroup': {
      const set = networkGroupSet(idx, a.networkGroupId);
      return family === 4 ? set.v4 : set.v6;
    }
  }
}

/**
 * IPv4 union of several atoms in one pass (table building): the atoms' intervals are gathered, sorted by
 * start (insertion sort; lists are short) and merged, adjacent intervals joining — the same normal form as
 * `union`, without its intermediate sets. Null above 64 intervals (the caller then uses `union`).
 */
function sideFlatV4(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  atoms: AddressAtom[],
  withAsgs: boolean,
): number[] | null {
  const pairs: number[] = [];
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k] as AddressAtom;
    if (a.kind === 'asg' && !withAsgs) continue;
    if (a.kind === 'prefix') {
      if (a.prefix.family === 4) pairs.push(a.prefix.first as number, a.prefix.last as number);
    } else {
      const flat = atomFlat(idx, vnet, a, 4) as number[];
      if (pairs.length + flat.length > 128) return null;
      for (let i = 0; i < flat.length; i++) pairs.push(flat[i] as number);
    }
    if (pairs.length > 128) return null;
  }
  const n = pairs.length;
  for (let i = 2; i < n; i += 2) {
    const lo = pairs[i] as number;
    const hi = pairs[i + 1] as number;
    let j = i - 2;
    while (j >= 0 && (pairs[j] as number) > lo) {
      pairs[j + 2] = pairs[j] as number;
      pairs[j + 3] = pairs[j + 1] as number;
      j -= 2;
    }
    pairs[j + 2] = lo;
    pairs[j + 3] = hi;
  }
  let m = 0;
  for (let i = 0; i < n; i += 2) {
    const lo = pairs[i] as number;
    const hi = pairs[i + 1] as number;
    if (m > 0 && (pairs[m - 1] as number) + 1 >= lo) {
      if (hi > (pairs[m - 1] as number)) pairs[m - 1] = hi;
    } else {
      pairs[m] = lo;
      pairs[m + 1] = hi;
      m += 2;
    }
  }
  pairs.length = m;
  return pairs;
}

/**
 * One family's flat interval list of a side, without building a SideResolution (table building).
 * `withAsgs` false leaves ASG alternatives out (the local side tests ASG membership instead).
 */
export function sideFlat(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  atoms: AddressAtom[],
  family: 4 | 6,
  withAsgs: boolean,
): number[] | bigint[] {
  if (atoms.length === 1) {
    const a = atoms[0] as AddressAtom;
    if (a.kind === 'asg' && !withAsgs) return family === 4 ? NONE.v4 : NONE.v6;
    return atomFlat(idx, vnet, a, family);
  }
  if (family === 4) {
    const flat = sideFlatV4(idx, vnet, atoms, withAsgs);
    if (flat !== null) return flat;
  }
  const sets: IntervalSet[] = [];
  for (const a of atoms) {
    if (a.kind === 'asg' && !withAsgs) continue;
    const flat = atomFlat(idx, vnet, a, family);
    sets.push(family === 4 ? { v4: flat as number[], v6: NONE.v6 } : { v4: NONE.v4, v6: flat as bigint[] });
  }
  const u = union(...sets);
  return family === 4 ? u.v4 : u.v6;
}

/**
 * Does a side's plain part (its atoms other than ASGs) hold the address? The local-side test of one IP
 * configuration, without building the side's interval list.
 */
export function sideHoldsAddress(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  atoms: AddressAtom[],
  ip: IpAddress,
): boolean {
  const v4 = ip.family === 4;
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k] as AddressAtom;
    switch (a.kind) {
      case 'any':
        return true;
      case 'prefix':
        if (a.prefix.family !== ip.family) break;
        if (v4) {
          if (ip.v4 >= (a.prefix.first as number) && ip.v4 <= (a.prefix.last as number)) return true;
        } else if (ip.v6 >= (a.prefix.first as bigint) && ip.v6 <= (a.prefix.last as bigint)) return true;
        break;
      case 'tag': {
        const set = tagSet(idx, vnet, a.tag);
        if (set !== null && (v4 ? containsFlat(set.v4, ip.v4) : containsFlat(set.v6, ip.v6))) return true;
        break;
      }
      case 'networkGroup': {
        const set = networkGroupSet(idx, a.networkGroupId);
        if (v4 ? containsFlat(set.v4, ip.v4) : containsFlat(set.v6, ip.v6)) return true;
        break;
      }
      case 'asg':
        break;
    }
  }
  return false;
}

/** Subscription id from an ARM id (`/subscriptions/<sub>/…`), lower-cased, or from a bare subscription id. */
export function subscriptionOf(id: string): string {
  const m = /^\/?subscriptions\/([^/]+)/i.exec(id);
  return (m ? (m[1] as string) : id).toLowerCase();
}

export interface ApplicableAdminRule {
  rule: AdminRule;
  manager: NetworkManager;
  scopeRank: number;
}

const ACCESS_RANK = { Deny: 0, AlwaysAllow: 1, Allow: 2 } as const;

/**
 * The admin rules that apply to a subnet of a VNet (§8.3), in evaluation order (§8.5, §8.6): managers with a
 * management-group scope first, then priority, then Deny > AlwaysAllow > Allow, then rule id.
 */
export function applicableAdminRules(
  idx: NetworkIndex,
  vnet: VirtualNetwork,
  subnet: Subnet,
): ApplicableAdminRule[] {
  const out: ApplicableAdminRule[] = [];
  if (subnet.adminRulesExempt) return out;
  const vk = key(vnet.id);
  const sk = key(subnet.id);
  const sub = subscriptionOf(vnet.id);
  // Configurations deployed to the VNet's region whose collections reach it (a group it or the subnet is in).
  const reaching: {
    manager: NetworkManager;
    cfg: SecurityAdminConfiguration;
    scopeRank: number;
    collections: AdminRuleCollection[];
  }[] = [];
  for (const m of idx.network.networkManagers) {
    const inScope =
      m.scope.managementGroups.length > 0 || m.scope.subscriptions.some((s) => subscriptionOf(s) === sub);
    if (!inScope) continue;
    const memberGroups = new Set<string>();
    for (const g of m.networkGroups) {
      const members = g.staticMemberIds.map(key);
      if (g.memberType === 'VirtualNetwork' ? members.includes(vk) : members.includes(sk))
        memberGroups.add(key(g.id));
    }
    if (memberGroups.size === 0) continue;
    const deployed = new Set<string>();
    for (const d of m.deployments) {
      if (d.deploymentType.toLowerCase() !== 'securityadmin' || d.region !== vnet.location) continue;
      for (const c of d.configurationIds) deployed.add(key(c));
    }
    const scopeRank = m.scope.managementGroups.length > 0 ? 0 : 1;
    for (const cfg of m.securityAdminConfigurations) {
      if (!deployed.has(key(cfg.id))) continue;
      const collections = cfg.ruleCollections.filter((rc) =>
        rc.appliesToGroupIds.some((g) => memberGroups.has(key(g))),
      );
      if (collections.length > 0) reaching.push({ manager: m, cfg, scopeRank, collections });
    }
  }
  // §8.6: on an exempt VNet, the highest-scope manager's applyOnNetworkIntentPolicyBasedServices wins (when the
  // configurations of that scope agree; otherwise each keeps its own).
  let setting: string | null = null;
  if (vnet.adminRulesExempt && reaching.length > 0) {
    const top = Math.min(...reaching.map((r) => r.scopeRank));
    const settings = new Set(
      reaching.filter((r) => r.scopeRank === top).map((r) => r.cfg.applyOnNetworkIntentPolicyBasedServices),
    );
    if (settings.size === 1) setting = [...settings][0] as string;
  }
  for (const { manager, cfg, scopeRank, collections } of reaching) {
    const apply = setting ?? cfg.applyOnNetworkIntentPolicyBasedServices;
    if (vnet.adminRulesExempt && apply === 'None') continue;
    const allowOnly = vnet.adminRulesExempt && apply === 'AllowRulesOnly';
    for (const rc of collections) {
      for (const r of rc.rules) {
        if (allowOnly && r.access === 'Deny') continue;
        out.push({ rule: r, manager, scopeRank });
      }
    }
  }
  out.sort(
    (a, b) =>
      a.scopeRank - b.scopeRank ||
      a.rule.priority - b.rule.priority ||
      ACCESS_RANK[a.rule.access] - ACCESS_RANK[b.rule.access] ||
      (key(a.rule.id) < key(b.rule.id) ? -1 : key(a.rule.id) > key(b.rule.id) ? 1 : 0),
  );
  // The same rule reached through several groups is evaluated once.
  return out.filter((r, i) => i === 0 || out[i - 1]?.rule !== r.rule);
}

export function isPlatformAddress(ip: IpAddress): boolean {
  return ip.family === 4 && (ip.text === HOST_VIP || ip.text === IMDS_IP);
}
