/**
 * Seeded random networks and flow queries, shared by the bench and the property test.
 * Deterministic for a given seed (mulberry32); no I/O.
 */
import type {
  AdminAddressItemInput,
  AdminRuleInput,
  FlowQueryInput,
  NetworkInput,
  NetworkInterfaceInput,
  NetworkManagerInput,
  SecurityRuleInput,
  VirtualMachineInput,
  VirtualNetworkInput,
} from '../model';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
export function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)] as T;
}
const chance = (rng: Rng, p: number): boolean => rng() < p;

export interface GenerateOptions {
  vnets: number;
  subnetsPerVnet: number;
  nicsPerSubnet: number;
  nsgs: number;
  rulesPerNsg: number;
  adminRules: number;
  asgs: number;
  /** Probability of IPv6 rules / IP configurations. */
  ipv6: number;
  /** Probability that a NIC has IP forwarding. */
  forwarding: number;
  /** When true every subnet and NIC gets an NSG (bench); else random. */
  allNsgs: boolean;
  /** When true the admin rules always apply to every VNet (bench). */
  adminAlwaysApplies: boolean;
  /** Let rules name service tags the network does not define (they never match, and add a note). */
  unknownTags?: boolean;
  /**
   * Sometimes give a port list whose elements only together cover 0–65535 (`['0-80', '81-65535']`), which a
   * `*` query port must match (§7.5 with §2.3). Off by default, so the bench's seeded networks stay as they were.
   */
  splitFullPortLists?: boolean;
}

export const SUB = '/subscriptions/11111111-2222-3333-4444-555555555555';
const RG = `${SUB}/resourceGroups/gen`;
const NET = `${RG}/providers/Microsoft.Network`;
const REGIONS = ['westeurope', 'northeurope'];

function v4(a: number, b: number, c: number, d: number): string {
  return `${a}.${b}.${c}.${d}`;
}

function v4Prefix(rng: Rng, base: [number, number, number, number]): string {
  const len = pick(rng, [32, 32, 28, 24, 24, 20, 16, 12, 8]);
  const n = ((base[0] << 24) >>> 0) + (base[1] << 16) + (base[2] << 8) + base[3];
  const size = 2 ** (32 - len);
  const first = Math.floor(n / size) * size;
  const text = v4((first >>> 24) & 255, (first >>> 16) & 255, (first >>> 8) & 255, first & 255);
  return len === 32 && chance(rng, 0.5) ? text : `${text}/${len}`;
}

function v6Prefix(rng: Rng, vnetIndex: number): string {
  const len = pick(rng, [128, 64, 48, 32, 3]);
  if (len === 3) return '2000::/3';
  if (len === 32) return pick(rng, ['fd00::/32', '2603:1020::/32', '2001:db8::/32']);
  if (len === 48) return `fd00:${vnetIndex}::/48`;
  if (len === 64) return `fd00:${vnetIndex}:0:${int(rng, 0, 2)}::/64`;
  return `fd00:${vnetIndex}:0:${int(rng, 0, 2)}::${int(rng, 4, 8).toString(16)}`;
}

function interestingV4(rng: Rng, vnets: number): [number, number, number, number] {
  const r = rng();
  if (r < 0.55) return [10, int(rng, 0, vnets), int(rng, 0, 3), int(rng, 0, 12)];
  if (r < 0.65) return [168, 63, 129, 16];
  if (r < 0.75) return [13, 107, int(rng, 0, 255), int(rng, 0, 255)];
  if (r < 0.85) return [172, 31, int(rng, 0, 3), int(rng, 0, 255)];
  if (r < 0.92) return [20, 60, int(rng, 0, 255), int(rng, 0, 255)];
  return [int(rng, 1, 223), int(rng, 0, 255), int(rng, 0, 255), int(rng, 0, 255)];
}

export function interestingAddress(rng: Rng, vnets: number, family: 4 | 6): string {
  if (family === 4) {
    const a = interestingV4(rng, vnets);
    return v4(...a);
  }
  const r = rng();
  if (r < 0.6) return `fd00:${int(rng, 0, vnets)}:0:${int(rng, 0, 2)}::${int(rng, 4, 8).toString(16)}`;
  if (r < 0.8) return `2603:1020::${int(rng, 1, 0xffff).toString(16)}`;
  return `2001:db8::${int(rng, 1, 0xffff).toString(16)}`;
}

function portSpec(rng: Rng, split = false): { single?: string; list?: string[] } {
  if (split && chance(rng, 0.15)) {
    const cut = pick(rng, [0, 80, 1023, 32767, 65534]);
    return chance(rng, 0.5)
      ? { list: [`0-${cut}`, `${cut + 1}-65535`] }
      : { list: [`${cut + 1}-65535`, `0-${Math.min(65535, cut + int(rng, 0, 500))}`] };
  }
  const r = rng();
  const one = (): string => {
    const p = pick(rng, [22, 80, 443, 1433, 3389, 8080, 0, 65535, int(rng, 1, 65535)]);
    return chance(rng, 0.3) ? `${p}-${Math.min(65535, p + int(rng, 0, 2000))}` : String(p);
  };
  if (r < 0.45) return { single: '*' };
  if (r < 0.8) return { single: one() };
  const list: string[] = [];
  for (let i = int(rng, 1, 4); i > 0; i--) list.push(one());
  return { list };
}

const KNOWN_TAGS = [
  'VirtualNetwork',
  'Internet',
  'AzureLoadBalancer',
  'Storage.WestEurope',
  'virtualnetwork',
];
const tagsOf = (o: GenerateOptions): string[] =>
  o.unknownTags ? [...KNOWN_TAGS, 'Sql.Unknown'] : KNOWN_TAGS;

function side(
  rng: Rng,
  o: GenerateOptions,
  family: 4 | 6,
  asgIds: string[],
): { prefix?: string; prefixes?: string[]; asgs?: string[] } {
  const r = rng();
  if (r < 0.2) return { prefix: '*' };
  if (r < 0.35) return { prefix: pick(rng, tagsOf(o)) };
  if (r < 0.45 && asgIds.length > 0) {
    const out = new Set<string>();
    for (let i = int(rng, 1, 2); i > 0; i--) out.add(pick(rng, asgIds));
    return { asgs: [...out] };
  }
  const one = (): string =>
    family === 4 ? v4Prefix(rng, interestingV4(rng, o.vnets)) : v6Prefix(rng, int(rng, 0, o.vnets));
  if (r < 0.7) return { prefix: one() };
  const list: string[] = [];
  for (let i = int(rng, 1, 5); i > 0; i--) list.push(one());
  return { prefixes: list };
}

function securityRule(
  rng: Rng,
  o: GenerateOptions,
  name: string,
  priority: number,
  direction: string,
  asgIds: string[],
): SecurityRuleInput {
  const family: 4 | 6 = chance(rng, o.ipv6) ? 6 : 4;
  // A rule's ASGs on both sides belong to one VNet (§2.2.9), chosen by its priority so the draws stay as before.
  const ruleAsgs = asgIds.filter((_, a) => a % o.vnets === priority % o.vnets);
  const src = side(rng, o, family, ruleAsgs);
  const dst = side(rng, o, family, ruleAsgs);
  const split = o.splitFullPortLists === true;
  const sp = chance(rng, 0.8) ? { single: '*' } : portSpec(rng, split);
  const dp = portSpec(rng, split);
  const rule: SecurityRuleInput = {
    name,
    priority,
    direction,
    access: chance(rng, 0.5) ? 'Allow' : 'Deny',
    protocol: pick(rng, ['*', '*', 'Tcp', 'Udp', 'Tcp', 'Icmp']),
  };
  if (src.prefix !== undefined) rule.sourceAddressPrefix = src.prefix;
  if (src.prefixes) rule.sourceAddressPrefixes = src.prefixes;
  if (src.asgs) rule.sourceApplicationSecurityGroupIds = src.asgs;
  if (dst.prefix !== undefined) rule.destinationAddressPrefix = dst.prefix;
  if (dst.prefixes) rule.destinationAddressPrefixes = dst.prefixes;
  if (dst.asgs) rule.destinationApplicationSecurityGroupIds = dst.asgs;
  if (sp.single !== undefined) rule.sourcePortRange = sp.single;
  if (sp.list) rule.sourcePortRanges = sp.list;
  if (dp.single !== undefined) rule.destinationPortRange = dp.single;
  if (dp.list) rule.destinationPortRanges = dp.list;
  return rule;
}

function shuffledPriorities(rng: Rng, lo: number, hi: number, n: number): number[] {
  const all: number[] = [];
  for (let p = lo; p <= hi; p++) all.push(p);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, n);
}

export function generateNetwork(seed: number, o: GenerateOptions): NetworkInput {
  const rng = mulberry32(seed);
  const asgIds: string[] = [];
  for (let i = 0; i < o.asgs; i++) asgIds.push(`${NET}/applicationSecurityGroups/asg${i}`);
  const nsgIds: string[] = [];
  for (let i = 0; i < o.nsgs; i++) nsgIds.push(`${NET}/networkSecurityGroups/nsg${i}`);
  const networkSecurityGroups = nsgIds.map((id, i) => {
    const inPr = shuffledPriorities(rng, 100, 4096, o.rulesPerNsg);
    const outPr = shuffledPriorities(rng, 100, 4096, o.rulesPerNsg);
    const rules: SecurityRuleInput[] = [];
    for (let k = 0; k < o.rulesPerNsg; k++) {
      const inbound = chance(rng, 0.5);
      const pr = (inbound ? inPr : outPr)[k] as number;
      const r = securityRule(rng, o, `r${k}`, pr, inbound ? 'Inbound' : 'Outbound', asgIds);
      if (chance(rng, 0.5)) r.id = `${id}/securityRules/r${k}`;
      rules.push(r);
    }
    return { id, name: `nsg${i}`, securityRules: rules };
  });
  const vnetIds: string[] = [];
  for (let i = 0; i < o.vnets; i++) vnetIds.push(`${NET}/virtualNetworks/vnet${i}`);
  const virtualNetworks: VirtualNetworkInput[] = vnetIds.map((id, i) => ({
    id,
    name: `vnet${i}`,
    location: o.adminAlwaysApplies ? 'westeurope' : pick(rng, REGIONS),
    addressPrefixes: [`10.${i}.0.0/16`, `fd00:${i}::/48`],
    extraVirtualNetworkPrefixes: chance(rng, 0.3) ? ['192.168.50.0/24'] : [],
    adminRulesExempt: !o.adminAlwaysApplies && chance(rng, 0.1),
    subnets: Array.from({ length: o.subnetsPerVnet }, (_, s) => ({
      id: `${id}/subnets/s${s}`,
      name: `s${s}`,
      addressPrefixes: [`10.${i}.${s}.0/24`, `fd00:${i}:0:${s}::/64`],
      networkSecurityGroupId: o.allNsgs || chance(rng, 0.7) ? pick(rng, nsgIds) : null,
      adminRulesExempt: !o.adminAlwaysApplies && chance(rng, 0.05),
    })),
    virtualNetworkPeerings:
      o.vnets > 1
        ? [
            {
              name: 'peer',
              remoteVirtualNetworkId: vnetIds[(i + 1) % o.vnets] as string,
              remoteAddressPrefixes: [`10.${(i + 1) % o.vnets}.0.0/16`, `fd00:${(i + 1) % o.vnets}::/48`],
              allowVirtualNetworkAccess: chance(rng, 0.7),
              peeringState: pick(rng, ['Connected', 'Connected', 'Initiated', 'Disconnected']),
            },
          ]
        : [],
  }));
  const networkInterfaces: NetworkInterfaceInput[] = [];
  const virtualMachines: VirtualMachineInput[] = [];
  virtualNetworks.forEach((vnet, i) => {
    vnet.subnets.forEach((subnet, s) => {
      for (let n = 0; n < o.nicsPerSubnet; n++) {
        const nicId = `${NET}/networkInterfaces/nic-${i}-${s}-${n}`;
        // ASG a has its members in VNet a mod vnets (§5: one VNet per ASG); `chance` first keeps the draws as before.
        const asgsOf = (): string[] => asgIds.filter((_, a) => chance(rng, 0.3) && a % o.vnets === i);
        const configs = [
          {
            name: 'ipconfig1',
            privateIPAddress: v4(10, i, s, 4 + 2 * n),
            primary: true,
            subnetId: subnet.id,
            applicationSecurityGroupIds: asgsOf(),
          },
        ];
        if (chance(rng, 0.3)) {
          configs.push({
            name: 'ipconfig2',
            privateIPAddress: v4(10, i, s, 5 + 2 * n),
            primary: false,
            subnetId: subnet.id,
            applicationSecurityGroupIds: asgsOf(),
          });
        }
        if (chance(rng, o.ipv6)) {
          configs.push({
            name: 'ipconfig-v6',
            privateIPAddress: `fd00:${i}:0:${s}::${(4 + n).toString(16)}`,
            primary: false,
            subnetId: subnet.id,
            applicationSecurityGroupIds: asgsOf(),
          });
        }
        networkInterfaces.push({
          id: nicId,
          name: `nic-${i}-${s}-${n}`,
          networkSecurityGroupId: o.allNsgs || chance(rng, 0.6) ? pick(rng, nsgIds) : null,
          enableIPForwarding: chance(rng, o.forwarding),
          ipConfigurations: configs,
        });
        const last = virtualMachines[virtualMachines.length - 1];
        if (last && chance(rng, 0.15) && last.networkInterfaces.length === 1) {
          last.networkInterfaces.push({ id: nicId, primary: false });
        } else {
          virtualMachines.push({
            id: `${RG}/providers/Microsoft.Compute/virtualMachines/vm-${i}-${s}-${n}`,
            name: `vm-${i}-${s}-${n}`,
            location: vnet.location,
            powerState: chance(rng, 0.05) ? 'PowerState/deallocated' : 'PowerState/running',
            networkInterfaces: [{ id: nicId, primary: true }],
          });
        }
      }
    });
  });
  const input: NetworkInput = {
    virtualNetworks,
    networkSecurityGroups,
    applicationSecurityGroups: asgIds.map((id, i) => ({ id, name: `asg${i}` })),
    networkInterfaces,
    virtualMachines,
    serviceTags: [
      { name: 'Storage.WestEurope', addressPrefixes: ['20.60.0.0/16', '13.107.0.0/20', '2603:1020::/32'] },
    ],
    networkManagers: o.adminRules > 0 ? generateManagers(rng, o, virtualNetworks) : [],
  };
  return input;
}

function generateManagers(rng: Rng, o: GenerateOptions, vnets: VirtualNetworkInput[]): NetworkManagerInput[] {
  const managers: NetworkManagerInput[] = [];
  const count = o.adminAlwaysApplies ? 1 : int(rng, 1, 2);
  for (let m = 0; m < count; m++) {
    const id = `${NET}/networkManagers/nm${m}`;
    const groups = [
      {
        id: `${id}/networkGroups/all`,
        name: 'all',
        memberType: 'VirtualNetwork',
        staticMemberIds: vnets.map((v) => v.id),
      },
      {
        id: `${id}/networkGroups/some`,
        name: 'some',
        memberType: 'VirtualNetwork',
        staticMemberIds: vnets.filter(() => chance(rng, 0.5)).map((v) => v.id),
      },
      {
        id: `${id}/networkGroups/subnets`,
        name: 'subnets',
        memberType: 'Subnet',
        staticMemberIds: vnets.flatMap((v) => v.subnets.filter(() => chance(rng, 0.4)).map((s) => s.id)),
      },
    ];
    const cfgId = `${id}/securityAdminConfigurations/cfg`;
    const collections = [0, 1].map((c) => {
      const rcId = `${cfgId}/ruleCollections/rc${c}`;
      const used = new Set<string>();
      const rules: AdminRuleInput[] = [];
      const n = Math.ceil(o.adminRules / (2 * count));
      for (let k = 0; k < n; k++) {
        const direction = chance(rng, 0.5) ? 'Inbound' : 'Outbound';
        let priority = int(rng, 1, Math.max(20, n * 2));
        while (used.has(`${direction}${priority}`)) priority++;
        used.add(`${direction}${priority}`);
        const family: 4 | 6 = chance(rng, o.ipv6) ? 6 : 4;
        const items = (): AdminAddressItemInput[] => {
          const r = rng();
          if (r < 0.35) return [];
          if (r < 0.5) return [{ addressPrefix: pick(rng, tagsOf(o)), addressPrefixType: 'ServiceTag' }];
          if (r < 0.6) return [{ addressPrefix: pick(rng, groups).id, addressPrefixType: 'NetworkGroup' }];
          const out: AdminAddressItemInput[] = [];
          for (let i = int(rng, 1, 3); i > 0; i--) {
            out.push({
              addressPrefix:
                family === 4
                  ? v4Prefix(rng, interestingV4(rng, o.vnets))
                  : v6Prefix(rng, int(rng, 0, o.vnets)),
              addressPrefixType: 'IPPrefix',
            });
          }
          return out;
        };
        const ports = (p: number): string[] => {
          if (!chance(rng, p)) return [];
          const s = portSpec(rng, o.splitFullPortLists === true);
          return s.list ?? [s.single as string];
        };
        rules.push({
          id: `${rcId}/rules/a${k}`,
          name: `a${m}${c}${k}`,
          kind: 'Custom',
          access: pick(rng, ['Allow', 'Deny', 'AlwaysAllow', 'Allow']),
          priority,
          direction,
          protocol: pick(rng, ['Any', 'Tcp', 'Udp', 'Icmp']),
          sources: items(),
          destinations: items(),
          sourcePortRanges: ports(0.2),
          destinationPortRanges: ports(0.6),
        });
      }
      return {
        id: rcId,
        name: `rc${c}`,
        appliesToGroupIds: o.adminAlwaysApplies ? [groups[0]!.id] : [pick(rng, groups).id],
        rules,
      };
    });
    managers.push({
      id,
      name: `nm${m}`,
      scope: {
        managementGroups:
          !o.adminAlwaysApplies && chance(rng, 0.3)
            ? ['/providers/Microsoft.Management/managementGroups/mg']
            : [],
        subscriptions: o.adminAlwaysApplies || chance(rng, 0.8) ? [SUB] : ['/subscriptions/other'],
      },
      networkGroups: groups,
      securityAdminConfigurations: [
        {
          id: cfgId,
          name: 'cfg',
          applyOnNetworkIntentPolicyBasedServices: pick(rng, ['None', 'All', 'AllowRulesOnly']),
          ruleCollections: collections,
        },
      ],
      deployments: [
        {
          region: o.adminAlwaysApplies ? 'westeurope' : pick(rng, REGIONS),
          deploymentType: 'SecurityAdmin',
          configurationIds: [cfgId],
        },
      ],
    });
  }
  return managers;
}

/** Random queries against a generated network; mostly valid, some deliberately not. */
export function generateQueries(
  input: NetworkInput,
  seed: number,
  count: number,
  o: { vnets: number; errors: boolean; foreignLocal?: number },
): FlowQueryInput[] {
  const rng = mulberry32(seed);
  const out: FlowQueryInput[] = [];
  const nicById = new Map(input.networkInterfaces.map((n) => [n.id, n]));
  for (let i = 0; i < count; i++) {
    const vm = pick(rng, input.virtualMachines);
    const nics = vm.networkInterfaces.map((r) => nicById.get(r.id)).filter((n) => n !== undefined);
    const nic = pick(rng, nics);
    const cfg = pick(rng, nic.ipConfigurations);
    const family: 4 | 6 = cfg.privateIPAddress.includes(':') ? 6 : 4;
    const inbound = chance(rng, 0.5);
    const port = (): string => String(pick(rng, [22, 80, 443, 3389, 8080, 0, 65535, int(rng, 0, 65535)]));
    const q: FlowQueryInput = {
      targetResourceId: chance(rng, 0.1) ? vm.id.toUpperCase() : vm.id,
      direction: inbound ? pick(rng, ['Inbound', 'inbound']) : 'Outbound',
      protocol: pick(rng, ['TCP', 'UDP', 'tcp']),
      localIpAddress: chance(rng, o.foreignLocal ?? 0.1)
        ? interestingAddress(rng, o.vnets, family)
        : cfg.privateIPAddress,
      localPort: !inbound && chance(rng, 0.1) ? '*' : port(),
      remoteIpAddress: interestingAddress(rng, o.vnets, family),
      remotePort: inbound && chance(rng, 0.1) ? '*' : port(),
    };
    if (chance(rng, 0.2)) q.targetNicResourceId = nic.id;
    if (o.errors && chance(rng, 0.05)) {
      const e = int(rng, 0, 5);
      if (e === 0) q.localIpAddress = '010.0.0.1';
      if (e === 1) q.remotePort = inbound ? '70000' : '*';
      if (e === 2) q.protocol = 'ICMP';
      if (e === 3) q.remoteIpAddress = family === 4 ? 'fd00::1' : '10.0.0.1';
      if (e === 4) q.targetResourceId = `${vm.id}-missing`;
      if (e === 5) q.targetNicResourceId = pick(rng, input.networkInterfaces).id;
    }
    out.push(q);
  }
  return out;
}
