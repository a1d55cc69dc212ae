/**
 * Reference scan (task §4): the obviously-correct, slow evaluator. It reads the validated network directly,
 * finds everything by linear search, scans each layer's rules in priority order and re-parses every address
 * and prefix text on every check. It shares no code with compile.ts / evaluate.ts beyond the strict parsers,
 * so the property test can hold the compiled path against it; it is also the bench baseline.
 * Never throws on user data. Returns no trace.
 */
import { show } from './parse';
import { parseAddressPrefix, parseIpAddress } from './address';
import type {
  AddressAtom,
  AdminRule,
  AdminRuleCollection,
  FlowQueryInput,
  FlowVerdict,
  IpConfiguration,
  Network,
  NetworkInterface,
  NetworkSecurityGroup,
  PortRange,
  RuleProtocol,
  SecurityRule,
  Subnet,
  VerifyResult,
  VirtualNetwork,
} from './model';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

interface Addr {
  family: 4 | 6;
  value: bigint;
}

function addr(text: string): Addr | null {
  const r = parseIpAddress(text);
  if (!r.ok) return null;
  return { family: r.value.family, value: r.value.family === 4 ? BigInt(r.value.v4) : r.value.v6 };
}

/** Parses the prefix text afresh and tests containment. */
function inPrefix(prefixText: string, a: Addr): boolean {
  const p = parseAddressPrefix(prefixText);
  if (!p.ok || p.value.family !== a.family) return false;
  return BigInt(p.value.first) <= a.value && a.value <= BigInt(p.value.last);
}

function inAny(prefixTexts: string[], a: Addr): boolean {
  return prefixTexts.some((t) => inPrefix(t, a));
}

interface Ctx {
  network: Network;
  vnet: VirtualNetwork;
  cfg: IpConfiguration;
}

function vnetTagPrefixes(vnet: VirtualNetwork): string[] {
  const out = vnet.addressPrefixes.map((p) => p.text);
  for (const peer of vnet.peerings) {
    if (peer.allowVirtualNetworkAccess && same(peer.peeringState, 'Connected')) {
      out.push(...peer.remoteAddressPrefixes.map((p) => p.text));
    }
  }
  out.push('168.63.129.16/32');
  out.push(...vnet.extraVirtualNetworkPrefixes.map((p) => p.text));
  return out;
}

function tagMatches(ctx: Ctx, tag: string, a: Addr): boolean {
  if (same(tag, 'VirtualNetwork')) return inAny(vnetTagPrefixes(ctx.vnet), a);
  if (same(tag, 'AzureLoadBalancer')) return inPrefix('168.63.129.16/32', a);
  if (same(tag, 'Internet')) {
    if (inAny(vnetTagPrefixes(ctx.vnet), a)) return false;
    // The configured exclusions apply to either family (an IPv6 entry narrows 2000::/3).
    if (
      inAny(
        ctx.network.options.internetExclusions.map((p) => p.text),
        a,
      )
    )
      return false;
    return a.family === 4 || inPrefix('2000::/3', a);
  }
  const user = ctx.network.serviceTags.find((t) => same(t.name, tag));
  return user
    ? inAny(
        user.addressPrefixes.map((p) => p.text),
        a,
      )
    : false;
}

function subnetOf(network: Network, id: string): { subnet: Subnet; vnet: VirtualNetwork } | null {
  for (const vnet of network.virtualNetworks) {
    for (const subnet of vnet.subnets) if (same(subnet.id, id)) return { subnet, vnet };
  }
  return null;
}

function atomMatches(ctx: Ctx, atom: AddressAtom, a: Addr, isLocalSide: boolean): boolean {
  switch (atom.kind) {
    case 'any':
      return true;
    case 'prefix':
      return inPrefix(atom.prefix.text, a);
    case 'tag':
      return tagMatches(ctx, atom.tag, a);
    case 'asg':
      if (isLocalSide) return ctx.cfg.applicationSecurityGroupIds.some((id) => same(id, atom.asgId));
      // remote side: the IP configuration in the same VNet that owns the address
      for (const nic of ctx.network.networkInterfaces) {
        for (const c of nic.ipConfigurations) {
          const where = subnetOf(ctx.network, c.subnetId);
          if (!where || !same(where.vnet.id, ctx.vnet.id)) continue;
          const ca = addr(c.privateIPAddress);
          if (ca && ca.family === a.family && ca.value === a.value) {
            if (c.applicationSecurityGroupIds.some((id) => same(id, atom.asgId))) return true;
          }
        }
      }
      return false;
    case 'networkGroup': {
      for (const m of ctx.network.networkManagers) {
        for (const g of m.networkGroups) {
          if (!same(g.id, atom.networkGroupId)) continue;
          for (const member of g.staticMemberIds) {
            if (g.memberType === 'VirtualNetwork') {
              const v = ctx.network.virtualNetworks.find((x) => same(x.id, member));
              if (
                v &&
                inAny(
                  v.addressPrefixes.map((p) => p.text),
                  a,
                )
              )
                return true;
            } else {
              const s = subnetOf(ctx.network, member);
              if (
                s &&
                inAny(
                  s.subnet.addressPrefixes.map((p) => p.text),
                  a,
                )
              )
                return true;
            }
          }
        }
      }
      return false;
    }
  }
}

function portMatches(ranges: PortRange[], port: number | '*'): boolean {
  if (port === '*') return coversEveryPort(ranges);
  return ranges.some((r) => r.from <= port && port <= r.to);
}

/**
 * A `*` query port matches a port condition that covers 0–65535 (§7.5); `*` and `0-65535` are the same (§2.3), and
 * so is a list whose elements together cover them (`0-80`, `81-65535`).
 */
function coversEveryPort(ranges: PortRange[]): boolean {
  let next = 0; // every port below `next` is covered
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    if (r.from > next) return false;
    next = Math.max(next, r.to + 1);
  }
  return next > 65535;
}

function protocolMatches(p: RuleProtocol, q: string): boolean {
  return p === '*' || same(p, q);
}

interface Flow {
  inbound: boolean;
  protocol: string;
  local: Addr;
  remote: Addr;
  localPort: number | '*';
  remotePort: number | '*';
}

function ruleMatches(
  ctx: Ctx,
  r: {
    direction: string;
    protocol: RuleProtocol;
    source: AddressAtom[];
    destination: AddressAtom[];
    sourcePorts: PortRange[];
    destinationPorts: PortRange[];
  },
  f: Flow,
): boolean {
  if (r.direction !== (f.inbound ? 'Inbound' : 'Outbound')) return false;
  if (!protocolMatches(r.protocol, f.protocol)) return false;
  const srcAddr = f.inbound ? f.remote : f.local;
  const dstAddr = f.inbound ? f.local : f.remote;
  if (!r.source.some((x) => atomMatches(ctx, x, srcAddr, !f.inbound))) return false;
  if (!r.destination.some((x) => atomMatches(ctx, x, dstAddr, f.inbound))) return false;
  if (!portMatches(r.sourcePorts, f.inbound ? f.remotePort : f.localPort)) return false;
  return portMatches(r.destinationPorts, f.inbound ? f.localPort : f.remotePort);
}

function adminRulesFor(network: Network, vnet: VirtualNetwork, subnet: Subnet): AdminRule[] {
  if (subnet.adminRulesExempt) return [];
  const sub = (id: string) => (/^\/?subscriptions\/([^/]+)/i.exec(id)?.[1] ?? id).toLowerCase();
  // Every deployed configuration with the collections that reach this subnet, and its manager's scope rank.
  const reaching: { setting: string; rank: number; collections: AdminRuleCollection[] }[] = [];
  for (const m of network.networkManagers) {
    const inScope =
      m.scope.managementGroups.length > 0 || m.scope.subscriptions.some((s) => sub(s) === sub(vnet.id));
    if (!inScope) continue;
    for (const cfg of m.securityAdminConfigurations) {
      const deployed = m.deployments.some(
        (d) =>
          same(d.deploymentType, 'SecurityAdmin') &&
          d.region === vnet.location &&
          d.configurationIds.some((c) => same(c, cfg.id)),
      );
      if (!deployed) continue;
      const collections = cfg.ruleCollections.filter((rc) =>
        rc.appliesToGroupIds.some((gid) =>
          m.networkGroups.some(
            (g) =>
              same(g.id, gid) &&
              g.staticMemberIds.some((mid) =>
                same(mid, g.memberType === 'VirtualNetwork' ? vnet.id : subnet.id),
              ),
          ),
        ),
      );
      if (collections.length === 0) continue;
      reaching.push({
        setting: cfg.applyOnNetworkIntentPolicyBasedServices,
        rank: m.scope.managementGroups.length > 0 ? 0 : 1,
        collections,
      });
    }
  }
  // §8.6: the highest scope's setting wins for an exempt VNet (if that scope's configurations agree).
  const topRank = Math.min(...reaching.map((r) => r.rank));
  const topSettings = [...new Set(reaching.filter((r) => r.rank === topRank).map((r) => r.setting))];
  const found: { rule: AdminRule; rank: number }[] = [];
  for (const r of reaching) {
    const setting = topSettings.length === 1 ? (topSettings[0] as string) : r.setting;
    if (vnet.adminRulesExempt && setting === 'None') continue;
    for (const rc of r.collections) {
      for (const rule of rc.rules) {
        if (vnet.adminRulesExempt && setting === 'AllowRulesOnly' && rule.access === 'Deny') continue;
        found.push({ rule, rank: r.rank });
      }
    }
  }
  const accessRank = (a: string) => (a === 'Deny' ? 0 : a === 'AlwaysAllow' ? 1 : 2);
  found.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.rule.priority - b.rule.priority ||
      accessRank(a.rule.access) - accessRank(b.rule.access) ||
      a.rule.id.toLowerCase().localeCompare(b.rule.id.toLowerCase()),
  );
  return found.map((f) => f.rule);
}

function parsePort(s: unknown): number | '*' | null {
  if (typeof s !== 'string') return null;
  if (s === '*') return '*';
  if (!/^(0|[1-9][0-9]{0,4})$/.test(s)) return null;
  const n = Number(s);
  return n <= 65535 ? n : null;
}

/** Evaluates one query by scanning the raw rules. Same contract as `Verifier.verifyFlow` without trace. */
export function referenceVerifyFlow(network: Network, q: FlowQueryInput): VerifyResult {
  const err = (code: Parameters<typeof mk>[0], field: keyof FlowQueryInput, message: string): VerifyResult =>
    mk(code, field, message);
  const dir = show(q.direction).toLowerCase();
  if (dir !== 'inbound' && dir !== 'outbound') return err('InvalidDirection', 'direction', 'bad direction');
  const inbound = dir === 'inbound';
  const protocol = show(q.protocol).toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp') return err('InvalidProtocol', 'protocol', 'bad protocol');
  const local = addr(show(q.localIpAddress));
  if (!local) return err('InvalidIpAddress', 'localIpAddress', 'bad local address');
  const remote = addr(show(q.remoteIpAddress));
  if (!remote) return err('InvalidIpAddress', 'remoteIpAddress', 'bad remote address');
  if (network.options.strictIpv4 && local.family === 6)
    return err('Ipv6NotSupported', 'localIpAddress', 'IPv6');
  if (network.options.strictIpv4 && remote.family === 6)
    return err('Ipv6NotSupported', 'remoteIpAddress', 'IPv6');
  if (local.family !== remote.family)
    return err('AddressFamilyMismatch', 'remoteIpAddress', 'families differ');
  const localPort = parsePort(q.localPort);
  if (localPort === null || (localPort === '*' && inbound))
    return err('InvalidPort', 'localPort', 'bad port');
  const remotePort = parsePort(q.remotePort);
  if (remotePort === null || (remotePort === '*' && !inbound))
    return err('InvalidPort', 'remotePort', 'bad port');

  const vm = network.virtualMachines.find((v) => same(v.id, show(q.targetResourceId)));
  if (!vm) return err('NotFound', 'targetResourceId', 'no such VM');
  if (!vm.running) return err('VmNotRunning', 'targetResourceId', 'VM not running');
  const vmNics = vm.networkInterfaces
    .map((ref) => network.networkInterfaces.find((n) => same(n.id, ref.id)))
    .filter((n): n is NetworkInterface => n !== undefined);
  const owns = (n: NetworkInterface): IpConfiguration | undefined =>
    n.ipConfigurations.find((c) => {
      const ca = addr(c.privateIPAddress);
      return ca !== null && ca.family === local.family && ca.value === local.value;
    });
  let nic: NetworkInterface | undefined;
  let cfg: IpConfiguration | undefined;
  if (q.targetNicResourceId) {
    if (!network.networkInterfaces.some((n) => same(n.id, show(q.targetNicResourceId))))
      return err('NotFound', 'targetNicResourceId', 'no such NIC');
    nic = vmNics.find((n) => same(n.id, show(q.targetNicResourceId)));
    if (!nic) return err('NicNotAttachedToVm', 'targetNicResourceId', 'not attached');
    cfg = owns(nic);
  } else {
    if (vmNics.length > 1 && vmNics.some((n) => n.enableIPForwarding))
      return err('TargetNicRequired', 'targetNicResourceId', 'name the NIC');
    nic = vmNics.find((n) => owns(n) !== undefined);
    cfg = nic ? owns(nic) : undefined;
    if (!nic && vmNics.length === 1) nic = vmNics[0];
  }
  if (!cfg) {
    if (nic && nic.enableIPForwarding) {
      cfg = nic.ipConfigurations.find((c) => c.primary) ?? nic.ipConfigurations.find((c) => c.family === 4);
    }
    if (!cfg) return err('LocalIpNotOnTarget', 'localIpAddress', 'not on target');
  }
  const theNic = nic as NetworkInterface;
  const where = subnetOf(network, cfg.subnetId);
  if (!where) return err('NotFound', 'targetNicResourceId', 'no subnet');
  const ctx: Ctx = { network, vnet: where.vnet, cfg };
  const flow: Flow = { inbound, protocol, local, remote, localPort, remotePort };

  const base = (access: 'Allow' | 'Deny'): FlowVerdict => ({
    access,
    ruleName: null,
    decidedBy: 'none',
    ruleKind: null,
    networkSecurityGroupId: null,
    ruleId: null,
    adminRuleId: null,
    adminConfigurationId: null,
    networkManagerId: null,
    networkInterfaceId: theNic.id,
    ipConfigurationName: cfg.name,
    trace: [],
    notes: [],
  });

  let adminAllow: AdminRule | null = null;
  for (const r of adminRulesFor(network, where.vnet, where.subnet)) {
    const asRule = {
      direction: r.direction,
      protocol: r.protocol,
      source: r.sources,
      destination: r.destinations,
      sourcePorts: r.sourcePorts,
      destinationPorts: r.destinationPorts,
    };
    if (!ruleMatches(ctx, asRule, flow)) continue;
    if (r.access === 'Allow') {
      adminAllow = r;
      break;
    }
    return { ok: true, verdict: adminVerdict(base(r.access === 'Deny' ? 'Deny' : 'Allow'), r, true) };
  }
  const nsgById = (id: string | null): NetworkSecurityGroup | undefined =>
    id ? network.networkSecurityGroups.find((n) => same(n.id, id)) : undefined;
  const subnetNsg = nsgById(where.subnet.networkSecurityGroupId);
  const nicNsg = nsgById(theNic.networkSecurityGroupId);
  const layers: [NetworkSecurityGroup | undefined, 'subnetNsg' | 'nicNsg'][] = inbound
    ? [
        [subnetNsg, 'subnetNsg'],
        [nicNsg, 'nicNsg'],
      ]
    : [
        [nicNsg, 'nicNsg'],
        [subnetNsg, 'subnetNsg'],
      ];
  let last: FlowVerdict | null = null;
  for (const [nsg, layer] of layers) {
    if (!nsg) continue;
    const sorted: SecurityRule[] = [...nsg.securityRules].sort((a, b) => a.priority - b.priority);
    const hit = sorted.find((r) => ruleMatches(ctx, r, flow));
    if (!hit) continue;
    const v = base(hit.access);
    v.ruleName = `${hit.kind === 'default' ? 'defaultSecurityRules' : 'securityRules'}/${hit.name}`;
    v.decidedBy = layer;
    v.ruleKind = hit.kind;
    v.networkSecurityGroupId = nsg.id;
    v.ruleId = hit.kind === 'default' ? null : (hit.id ?? `${nsg.id}/securityRules/${hit.name}`);
    if (adminAllow) adminVerdict(v, adminAllow, false);
    if (hit.access === 'Deny') return { ok: true, verdict: v };
    last = v;
  }
  if (last) return { ok: true, verdict: last };
  if (adminAllow) return { ok: true, verdict: adminVerdict(base('Allow'), adminAllow, true) };
  return { ok: true, verdict: base('Allow') };
}

function adminVerdict(v: FlowVerdict, r: AdminRule, decides: boolean): FlowVerdict {
  if (decides) {
    v.ruleName = r.name;
    v.decidedBy = 'adminRule';
    v.ruleKind = 'admin';
    v.ruleId = r.id;
  }
  v.adminRuleId = r.id;
  v.adminConfigurationId = r.configurationId;
  v.networkManagerId = r.networkManagerId;
  return v;
}

function mk(
  code:
    | 'InvalidIpAddress'
    | 'InvalidPort'
    | 'InvalidProtocol'
    | 'InvalidDirection'
    | 'LocalIpNotOnTarget'
    | 'NicNotAttachedToVm'
    | 'TargetNicRequired'
    | 'NotFound'
    | 'VmNotRunning'
    | 'Ipv6NotSupported'
    | 'AddressFamilyMismatch',
  field: keyof FlowQueryInput,
  message: string,
): VerifyResult {
  return { ok: false, error: { code, field, message } };
}
