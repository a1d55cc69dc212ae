/**
 * Evaluation semantics, one table per section of azure-semantics.md. Every verdict is also checked against
 * the reference scan (test/helpers.ts).
 */
import fc from 'fast-check';
import { createVerifier } from './evaluate';
import type { FlowQueryInput, NetworkInput } from './model';
import { parseNetwork } from './parse';
import {
  ASG_APP,
  ASG_WEB,
  CFG,
  NG_VNET1,
  NIC1,
  NIC_APP,
  NM,
  NSG_NIC,
  NSG_SUBNET,
  RC,
  SUBNET_APP,
  VM1,
  VM_APP,
  adminRule,
  network,
  query,
  rule,
} from './test/fixtures';
import { verdictOf, verify } from './test/helpers';

const deny = (
  name: string,
  priority: number,
  extra: Parameters<typeof rule>[0] extends infer T ? Partial<T> : never = {},
) => rule({ name, priority, access: 'Deny', ...extra });
const allow = (
  name: string,
  priority: number,
  extra: Parameters<typeof rule>[0] extends infer T ? Partial<T> : never = {},
) => rule({ name, priority, access: 'Allow', ...extra });

const inbound = (p: Partial<FlowQueryInput> = {}) => query({ direction: 'Inbound', ...p });
const outbound = (p: Partial<FlowQueryInput> = {}) =>
  query({ direction: 'Outbound', localPort: '50000', remoteIpAddress: '10.0.2.4', remotePort: '443', ...p });

describe('§6.2 layer order and "every NSG must allow" (pitfall §12.1)', () => {
  it.each([
    [
      '§6.2 inbound evaluates subnet NSG before NIC NSG (both deny → subnet decides)',
      network({ subnetRules: [deny('s', 100)], nicRules: [deny('n', 100)] }),
      inbound(),
      { access: 'Deny', decidedBy: 'subnetNsg', ruleName: 'securityRules/s' },
    ],
    [
      '§6.2 outbound evaluates NIC NSG before subnet NSG (both deny → NIC decides)',
      network({
        subnetRules: [deny('s', 100, { direction: 'Outbound' })],
        nicRules: [deny('n', 100, { direction: 'Outbound' })],
      }),
      outbound(),
      { access: 'Deny', decidedBy: 'nicNsg', ruleName: 'securityRules/n' },
    ],
    [
      '§6.2 inbound: subnet allows, NIC denies → Deny (an allow does not win over the other layer)',
      network({ subnetRules: [allow('s', 100)], nicRules: [deny('n', 100)] }),
      inbound(),
      { access: 'Deny', decidedBy: 'nicNsg', ruleName: 'securityRules/n' },
    ],
    [
      '§6.2 outbound: NIC allows, subnet denies → Deny',
      network({
        subnetRules: [deny('s', 100, { direction: 'Outbound' })],
        nicRules: [allow('n', 100, { direction: 'Outbound' })],
      }),
      outbound(),
      { access: 'Deny', decidedBy: 'subnetNsg', ruleName: 'securityRules/s' },
    ],
    [
      '§6.3 inbound: both allow → the NIC NSG rule (last evaluated) is reported',
      network({ subnetRules: [allow('s', 100)], nicRules: [allow('n', 100)] }),
      inbound(),
      { access: 'Allow', decidedBy: 'nicNsg', ruleName: 'securityRules/n' },
    ],
    [
      '§6.3 outbound: both allow → the subnet NSG rule (last evaluated) is reported',
      network({
        subnetRules: [allow('s', 100, { direction: 'Outbound' })],
        nicRules: [allow('n', 100, { direction: 'Outbound' })],
      }),
      outbound(),
      { access: 'Allow', decidedBy: 'subnetNsg', ruleName: 'securityRules/s' },
    ],
  ])('%s', (_name, input, q, expected) => {
    expect(verdictOf(input, q)).toMatchObject(expected);
  });

  it.each([
    ['Inbound', ['subnetNsg', 'nicNsg']],
    ['Outbound', ['nicNsg', 'subnetNsg']],
  ])('§6.2 trace lists the layers of a %s flow in evaluation order', (direction, layers) => {
    const v = verdictOf(network(), direction === 'Inbound' ? inbound() : outbound(), { trace: true });
    expect(v.trace.map((t) => t.layer)).toEqual(layers);
    expect(v.trace.every((t) => t.rules === undefined)).toBe(true);
  });
});

describe('§6.2 missing NSGs are pass-through; defaults only where an NSG exists (pitfall §12.2)', () => {
  it.each([
    [
      '§6.2 no NSG anywhere → Allow with no rule name',
      VM_APP,
      '10.0.2.4',
      { access: 'Allow', ruleName: null, decidedBy: 'none', ruleKind: null },
    ],
  ])('%s', (_n, vm, ip, expected) => {
    const v = verdictOf(
      network(),
      inbound({ targetResourceId: vm, localIpAddress: ip, remoteIpAddress: '13.107.21.200' }),
    );
    expect(v).toMatchObject(expected);
  });

  it('§6.2 only a NIC NSG: internet traffic ends at its DenyAllInBound and the trace has one layer', () => {
    const v = verdictOf(network({ subnetRules: null }), inbound({ remoteIpAddress: '13.107.21.200' }), {
      trace: true,
    });
    expect(v).toMatchObject({
      access: 'Deny',
      decidedBy: 'nicNsg',
      ruleName: 'defaultSecurityRules/DenyAllInBound',
    });
    expect(v.trace).toHaveLength(1);
  });

  it('§6.2 only a subnet NSG allowing: its rule decides (no synthesised NIC defaults)', () => {
    const v = verdictOf(
      network({ nicRules: null, subnetRules: [allow('web', 100, { destinationPortRange: '80' })] }),
      inbound({ remoteIpAddress: '13.107.21.200' }),
    );
    expect(v).toMatchObject({ access: 'Allow', decidedBy: 'subnetNsg', ruleName: 'securityRules/web' });
  });
});

describe('§2.7 local/remote map to source/destination by direction (pitfall §12.3)', () => {
  const input = network({ nicRules: [deny('src80', 100, { sourcePortRange: '80' })] });
  it.each([
    [
      '§2.7 inbound: a source-port-80 rule does not match local port 80',
      { localPort: '80', remotePort: '60000' },
      'defaultSecurityRules/AllowVnetInBound',
    ],
    [
      '§2.7 inbound: a source-port-80 rule matches remote port 80',
      { localPort: '60000', remotePort: '80' },
      'securityRules/src80',
    ],
  ])('%s', (_n, ports, ruleName) => {
    expect(verdictOf(input, inbound(ports)).ruleName).toBe(ruleName);
  });

  it.each([
    [
      '§2.7 outbound: the source address is the local address',
      { sourceAddressPrefix: '10.0.1.4', destinationAddressPrefix: '10.0.2.4' },
      'Deny',
    ],
    [
      '§2.7 outbound: the destination address is the remote address (swapped sides do not match)',
      { sourceAddressPrefix: '10.0.2.4', destinationAddressPrefix: '10.0.1.4' },
      'Allow',
    ],
  ])('%s', (_n, sides, access) => {
    const input2 = network({ nicRules: [deny('out', 100, { direction: 'Outbound', ...sides })] });
    expect(verdictOf(input2, outbound()).access).toBe(access);
  });
});

describe('§6.2 strict priority order, first match wins (pitfall §12.4)', () => {
  it.each([
    [
      '§6.2 rules are sorted by priority, not by their order in the input',
      [deny('late', 200), allow('early', 100)],
      'securityRules/early',
    ],
    [
      '§6.2 no longest-prefix logic: a broad deny at 200 beats a /32 allow at 300',
      [
        allow('exact', 300, { sourceAddressPrefix: '10.0.2.4' }),
        deny('broad', 200, { sourceAddressPrefix: '10.0.0.0/8' }),
      ],
      'securityRules/broad',
    ],
    [
      '§6.2 evaluation stops at the first match (a later matching deny is not reached)',
      [allow('first', 100, { sourceAddressPrefix: '10.0.2.0/24' }), deny('second', 101)],
      'securityRules/first',
    ],
  ])('%s', (_n, rules, ruleName) => {
    expect(verdictOf(network({ nicRules: rules }), inbound()).ruleName).toBe(ruleName);
  });
});

describe('§4.1 VirtualNetwork tag (pitfall §12.5)', () => {
  const base = network();
  const withVnet = (f: (n: NetworkInput) => void): NetworkInput => {
    const n = network();
    f(n);
    return n;
  };
  it.each([
    [
      '§4.1 every VNet prefix, not only the first',
      withVnet((n) => n.virtualNetworks[0]!.addressPrefixes.push('10.50.0.0/16')),
      '10.50.0.9',
      'defaultSecurityRules/AllowVnetInBound',
    ],
    [
      '§4.1 a Connected peering with access allowed is included',
      base,
      '10.1.0.5',
      'defaultSecurityRules/AllowVnetInBound',
    ],
    [
      '§4.1 a peering with allowVirtualNetworkAccess false is excluded',
      withVnet((n) => (n.virtualNetworks[0]!.virtualNetworkPeerings[0]!.allowVirtualNetworkAccess = false)),
      '10.1.0.5',
      'defaultSecurityRules/DenyAllInBound',
    ],
    [
      '§4.1 a peering that is only Initiated is excluded',
      withVnet((n) => (n.virtualNetworks[0]!.virtualNetworkPeerings[0]!.peeringState = 'Initiated')),
      '10.1.0.5',
      'defaultSecurityRules/DenyAllInBound',
    ],
    [
      '§4.1 the host VIP 168.63.129.16 hits AllowVnetInBound before AllowAzureLoadBalancerInBound',
      base,
      '168.63.129.16',
      'defaultSecurityRules/AllowVnetInBound',
    ],
    [
      '§4.1 extra prefixes (on-premises, UDR) are included',
      withVnet((n) => (n.virtualNetworks[0]!.extraVirtualNetworkPrefixes = ['192.168.50.0/24'])),
      '192.168.50.7',
      'defaultSecurityRules/AllowVnetInBound',
    ],
    [
      '§4.1 unpeered private space is not included',
      base,
      '10.10.10.10',
      'defaultSecurityRules/DenyAllInBound',
    ],
    [
      '§11.7 169.254.169.254 is not in VirtualNetwork',
      base,
      '169.254.169.254',
      'defaultSecurityRules/DenyAllInBound',
    ],
    ['§4.1 the VNet IPv6 prefix is included', base, 'fd00:1::99', 'defaultSecurityRules/AllowVnetInBound'],
  ])('%s', (_n, input, remote, ruleName) => {
    const local = remote.includes(':') ? 'fd00:1:0:1::4' : '10.0.1.4';
    expect(verdictOf(input, inbound({ remoteIpAddress: remote, localIpAddress: local })).ruleName).toBe(
      ruleName,
    );
  });

  it('§4.1 a custom "deny VirtualNetwork" also blocks load-balancer probes from 168.63.129.16', () => {
    const v = verdictOf(
      network({ nicRules: [deny('noVnet', 100, { sourceAddressPrefix: 'VirtualNetwork' })] }),
      inbound({ remoteIpAddress: '168.63.129.16' }),
    );
    expect(v).toMatchObject({ access: 'Deny', ruleName: 'securityRules/noVnet' });
    expect(v.notes.join(' ')).toMatch(/platform/);
  });

  it('§4.2 AzureLoadBalancer decides only when the destination is outside VirtualNetwork (IP forwarding)', () => {
    const n = network();
    n.networkInterfaces[0]!.enableIPForwarding = true;
    const v = verdictOf(n, inbound({ localIpAddress: '10.99.0.1', remoteIpAddress: '168.63.129.16' }));
    expect(v.ruleName).toBe('defaultSecurityRules/AllowAzureLoadBalancerInBound');
  });
});

describe('§4.3 Internet tag (pitfall §12.6)', () => {
  it.each([
    ['§4.3 a public address is Internet', '13.107.21.200', 'defaultSecurityRules/AllowInternetOutBound'],
    [
      '§4.3 10.10.10.10 is neither VirtualNetwork nor Internet',
      '10.10.10.10',
      'defaultSecurityRules/DenyAllOutBound',
    ],
    [
      '§4.3 172.31.0.100 is neither VirtualNetwork nor Internet',
      '172.31.0.100',
      'defaultSecurityRules/DenyAllOutBound',
    ],
    [
      '§4.3 100.64.0.1 (shared address space) is excluded by default',
      '100.64.0.1',
      'defaultSecurityRules/DenyAllOutBound',
    ],
    [
      '§4.3 a VNet address is VirtualNetwork, not Internet',
      '10.0.2.4',
      'defaultSecurityRules/AllowVnetOutBound',
    ],
    ['§4.3 IPv6 Internet is 2000::/3', '2001:4860::8888', 'defaultSecurityRules/AllowInternetOutBound'],
    [
      '§4.3 IPv6 unique-local space outside the VNet is not Internet',
      'fd00:99::1',
      'defaultSecurityRules/DenyAllOutBound',
    ],
  ])('%s', (_n, remote, ruleName) => {
    const local = remote.includes(':') ? 'fd00:1:0:1::4' : '10.0.1.4';
    expect(verdictOf(network(), outbound({ remoteIpAddress: remote, localIpAddress: local })).ruleName).toBe(
      ruleName,
    );
  });

  it('§4.3 the exclusion list is configurable (and VirtualNetwork is still subtracted)', () => {
    const n = network();
    n.options = { internetExclusions: [] };
    expect(verdictOf(n, outbound({ remoteIpAddress: '10.10.10.10' })).ruleName).toBe(
      'defaultSecurityRules/AllowInternetOutBound',
    );
    expect(verdictOf(n, outbound({ remoteIpAddress: '10.0.2.4' })).ruleName).toBe(
      'defaultSecurityRules/AllowVnetOutBound',
    );
  });

  // verdictOf also holds the reference scan to the same answer: it used to ignore IPv6 entries.
  it.each([
    [
      '§4.3 an IPv6 exclusion removes its range from IPv6 Internet',
      ['2001:db8::/32'],
      '2001:db8::1',
      'DenyAllOutBound',
    ],
    [
      '§4.3 an IPv6 exclusion leaves the rest of 2000::/3',
      ['2001:db8::/32'],
      '2001:4860::8888',
      'AllowInternetOutBound',
    ],
    ['§4.3 excluding ::/0 empties IPv6 Internet', ['::/0'], '2001:4860::8888', 'DenyAllOutBound'],
    ['§4.3 excluding ::/0 leaves IPv4 Internet', ['::/0'], '13.107.21.200', 'AllowInternetOutBound'],
  ])('%s', (_n, exclusions, remote, ruleName) => {
    const n = network();
    n.options = { internetExclusions: exclusions };
    const local = remote.includes(':') ? 'fd00:1:0:1::4' : '10.0.1.4';
    expect(verdictOf(n, outbound({ remoteIpAddress: remote, localIpAddress: local })).ruleName).toBe(
      `defaultSecurityRules/${ruleName}`,
    );
  });
});

describe('§2.5 protocol matching (pitfall §12.7)', () => {
  it.each([
    ['§2.5 an Icmp rule never matches a TCP query', 'Icmp', 'TCP', 'Allow'],
    ['§2.5 an Esp rule never matches a UDP query', 'Esp', 'UDP', 'Allow'],
    ['§2.5 an Ah rule never matches a TCP query', 'Ah', 'TCP', 'Allow'],
    ['§2.5 a Tcp rule matches a TCP query (case-insensitive)', 'Tcp', 'TCP', 'Deny'],
    ['§2.5 a Tcp rule matches a lower-case tcp query', 'Tcp', 'tcp', 'Deny'],
    ['§2.5 a Tcp rule does not match a UDP query', 'Tcp', 'UDP', 'Allow'],
    ['§2.5 a * rule matches UDP', '*', 'UDP', 'Deny'],
  ])('%s', (_n, protocol, queryProtocol, access) => {
    expect(
      verdictOf(network({ nicRules: [deny('p', 100, { protocol })] }), inbound({ protocol: queryProtocol }))
        .access,
    ).toBe(access);
  });
});

describe('§5 application security groups per IP configuration (pitfall §12.8)', () => {
  it.each([
    [
      '§5 destination ASG on inbound tests the local IP configuration (member)',
      { destinationApplicationSecurityGroupIds: [ASG_WEB], destinationAddressPrefix: null },
      {},
      'Deny',
    ],
    [
      "§5 membership is per IP configuration: the NIC's other configuration is not a member",
      { destinationApplicationSecurityGroupIds: [ASG_WEB], destinationAddressPrefix: null },
      { localIpAddress: '10.0.1.5' },
      'Allow',
    ],
    [
      '§5 source ASG on inbound resolves the remote IP to its IP configuration',
      { sourceApplicationSecurityGroupIds: [ASG_APP], sourceAddressPrefix: null },
      {},
      'Deny',
    ],
    [
      "§5 an unknown remote IP in the ASG's subnet matches no ASG (not resolved to the subnet)",
      { sourceApplicationSecurityGroupIds: [ASG_APP], sourceAddressPrefix: null },
      { remoteIpAddress: '10.0.2.99' },
      'Allow',
    ],
    [
      '§5 several ASGs in one field are OR-ed',
      { sourceApplicationSecurityGroupIds: [ASG_WEB, ASG_APP], sourceAddressPrefix: null },
      {},
      'Deny',
    ],
  ])('%s', (_n, sides, q, access) => {
    expect(verdictOf(network({ subnetRules: [deny('asg', 100, sides)] }), inbound(q)).access).toBe(access);
  });

  it('§5 outbound: source ASG tests the local configuration, destination ASG the remote one', () => {
    const n = network({
      nicRules: [
        deny('o', 100, {
          direction: 'Outbound',
          sourceApplicationSecurityGroupIds: [ASG_WEB],
          sourceAddressPrefix: null,
          destinationApplicationSecurityGroupIds: [ASG_APP],
          destinationAddressPrefix: null,
        }),
      ],
    });
    expect(verdictOf(n, outbound()).access).toBe('Deny');
    expect(verdictOf(n, outbound({ localIpAddress: '10.0.1.5' })).access).toBe('Allow');
  });
});

describe('§8 security admin rules (pitfall §12.9)', () => {
  const nsgDeny = { nicRules: [deny('nsgDeny', 100)] };
  it.each([
    [
      '§8.5 admin Deny stops evaluation',
      [adminRule({ name: 'blockAll', priority: 10, access: 'Deny' })],
      nsgDeny,
      { access: 'Deny', decidedBy: 'adminRule', ruleName: 'blockAll', ruleKind: 'admin' },
    ],
    [
      '§8.5 admin AlwaysAllow stops evaluation and bypasses an NSG deny',
      [adminRule({ name: 'always', priority: 10, access: 'AlwaysAllow' })],
      nsgDeny,
      { access: 'Allow', decidedBy: 'adminRule', ruleName: 'always' },
    ],
    [
      '§8.5 admin Allow continues to the NSGs, which may still deny',
      [adminRule({ name: 'allow', priority: 10, access: 'Allow' })],
      nsgDeny,
      {
        access: 'Deny',
        decidedBy: 'nicNsg',
        ruleName: 'securityRules/nsgDeny',
        adminRuleId: `${RC}/rules/allow`,
      },
    ],
    [
      '§8.5 no admin match → NSGs decide (no implicit admin deny)',
      [adminRule({ name: 'otherPort', priority: 10, access: 'Deny', destinationPortRanges: ['22'] })],
      {},
      { access: 'Allow', decidedBy: 'nicNsg' },
    ],
    [
      '§8.5 lower priority number first across rule collections',
      [
        adminRule({ name: 'b', priority: 20, access: 'Deny' }),
        adminRule({ name: 'a', priority: 5, access: 'AlwaysAllow' }),
      ],
      nsgDeny,
      { ruleName: 'a', access: 'Allow' },
    ],
    [
      '§8.4 empty sources/destinations/ports match anything',
      [adminRule({ name: 'empty', priority: 1 })],
      {},
      { ruleName: 'empty' },
    ],
    [
      '§8.4 IPPrefix sources narrow the match',
      [
        adminRule({
          name: 'fromInternet',
          priority: 1,
          sources: [{ addressPrefix: '13.0.0.0/8', addressPrefixType: 'IPPrefix' }],
        }),
      ],
      {},
      { decidedBy: 'nicNsg' },
    ],
    [
      '§8.4 ServiceTag sources use the tag semantics',
      [
        adminRule({
          name: 'fromVnet',
          priority: 1,
          sources: [{ addressPrefix: 'VirtualNetwork', addressPrefixType: 'ServiceTag' }],
        }),
      ],
      {},
      { ruleName: 'fromVnet' },
    ],
    [
      "§8.4 NetworkGroup sources are the member VNets' address spaces",
      [
        adminRule({
          name: 'fromGroup',
          priority: 1,
          sources: [{ addressPrefix: NG_VNET1, addressPrefixType: 'NetworkGroup' }],
        }),
      ],
      {},
      { ruleName: 'fromGroup' },
    ],
    [
      '§8.4 admin protocol Any matches UDP',
      [adminRule({ name: 'any', priority: 1, protocol: 'Any' })],
      {},
      { ruleName: 'any' },
    ],
  ])('%s', (_n, rules, nsgs, expected) => {
    expect(verdictOf(network({ ...nsgs, adminRules: rules }), inbound({ protocol: 'UDP' }))).toMatchObject(
      expected,
    );
  });

  it('§8.5 a tie across rule collections is broken Deny > AlwaysAllow > Allow', () => {
    const n = network({ adminRules: [adminRule({ name: 'allowIt', priority: 7, access: 'Allow' })] });
    n.networkManagers![0]!.securityAdminConfigurations[0]!.ruleCollections.push({
      id: `${CFG}/ruleCollections/rc2`,
      name: 'rc2',
      appliesToGroupIds: [NG_VNET1],
      rules: [
        adminRule({
          id: `${CFG}/ruleCollections/rc2/rules/denyIt`,
          name: 'denyIt',
          priority: 7,
          access: 'Deny',
        }),
      ],
    });
    const { issues } = parseNetwork(n);
    expect(issues.map((i) => i.code)).toContain('AdminRulePriorityTie');
    expect(verdictOf(n, inbound()).ruleName).toBe('denyIt');
  });

  it.each([
    ["§8.2 a configuration not deployed to the VNet's region does not apply", { adminRegion: 'northeurope' }],
    [
      "§8.3 a VNet outside the manager's subscription scope does not apply",
      { adminScopeSubscriptions: ['/subscriptions/99999999-0000-0000-0000-000000000000'] },
    ],
  ])('%s', (_n, o) => {
    const v = verdictOf(
      network({ adminRules: [adminRule({ name: 'blockAll', priority: 1 })], ...o }),
      inbound(),
    );
    expect(v.decidedBy).not.toBe('adminRule');
  });

  it('§8.3 a VNet that is not a member of the targeted network group is not covered', () => {
    const n = network({ adminRules: [adminRule({ name: 'blockAll', priority: 1 })] });
    n.networkManagers![0]!.networkGroups[0]!.staticMemberIds = [n.virtualNetworks[1]!.id];
    expect(verdictOf(n, inbound()).decidedBy).not.toBe('adminRule');
  });

  it('§8.3 a static member outside the model is a warning, covers nothing, and leaves the real members covered', () => {
    const n = network({ adminRules: [adminRule({ name: 'blockAll', priority: 1 })] });
    const outside =
      '/subscriptions/s9/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/elsewhere';
    n.networkManagers![0]!.networkGroups[0]!.staticMemberIds.push(outside);
    const { issues } = parseNetwork(n);
    const about = issues.filter((i) => i.message.includes('elsewhere'));
    expect(about).toEqual([
      expect.objectContaining({ code: 'NetworkGroupMemberNotInModel', severity: 'warning' }),
    ]);
    expect(verdictOf(n, inbound()).ruleName).toBe('blockAll');
  });

  it('§8.3 Subnet-type groups cover only their member subnets', () => {
    const n = network({ adminRules: [adminRule({ name: 'blockAll', priority: 1 })] });
    n.networkManagers![0]!.networkGroups[0]!.memberType = 'Subnet';
    n.networkManagers![0]!.networkGroups[0]!.staticMemberIds = [SUBNET_APP];
    expect(verdictOf(n, inbound()).decidedBy).not.toBe('adminRule');
    expect(
      verdictOf(
        n,
        inbound({ targetResourceId: VM_APP, localIpAddress: '10.0.2.4', remoteIpAddress: '10.0.1.4' }),
      ).ruleName,
    ).toBe('blockAll');
  });

  it('§8.6 a management-group scope covers every VNet (we hold no hierarchy)', () => {
    const n = network({
      adminRules: [adminRule({ name: 'blockAll', priority: 1 })],
      adminScopeSubscriptions: [],
    });
    n.networkManagers![0]!.scope.managementGroups = ['/providers/Microsoft.Management/managementGroups/root'];
    expect(verdictOf(n, inbound()).ruleName).toBe('blockAll');
  });

  it.each([
    ['§8.3 an exempt VNet gets no admin rules by default', 'None', 'Allow'],
    ['§8.3 AllowRulesOnly applies only allow rules to an exempt VNet', 'AllowRulesOnly', 'Allow'],
    ['§8.3 All applies every rule to an exempt VNet', 'All', 'Deny'],
  ])('%s', (_n, apply, access) => {
    const n = network({ adminRules: [adminRule({ name: 'blockAll', priority: 1 })] });
    n.virtualNetworks[0]!.adminRulesExempt = true;
    n.networkManagers![0]!.securityAdminConfigurations[0]!.applyOnNetworkIntentPolicyBasedServices = apply;
    expect(verdictOf(n, inbound()).access).toBe(access);
  });

  it.each([
    ['None', 'All', 'Allow'],
    ['All', 'None', 'Deny'],
    ['AllowRulesOnly', 'All', 'Allow'],
  ])(
    '§8.6 on an exempt VNet the higher scope (management group: %s) wins over the subscription manager (%s) → %s',
    (mgSetting, subSetting, access) => {
      const n = network({ adminRules: [adminRule({ name: 'subDeny', priority: 1 })] });
      n.virtualNetworks[0]!.adminRulesExempt = true;
      const subManager = n.networkManagers![0]!;
      subManager.securityAdminConfigurations[0]!.applyOnNetworkIntentPolicyBasedServices = subSetting;
      // A management-group manager whose one rule matches nothing here: only its setting matters.
      const mgManager = JSON.parse(
        JSON.stringify(subManager).replaceAll(NM, `${NM}-mg`),
      ) as typeof subManager;
      mgManager.scope = {
        managementGroups: ['/providers/Microsoft.Management/managementGroups/root'],
        subscriptions: [],
      };
      mgManager.securityAdminConfigurations[0]!.applyOnNetworkIntentPolicyBasedServices = mgSetting;
      mgManager.securityAdminConfigurations[0]!.ruleCollections[0]!.rules = [
        adminRule({ name: 'mgOther', priority: 1, destinationPortRanges: ['1'] }),
      ].map((r) => ({ ...r, id: r.id.replace(NM, `${NM}-mg`) }));
      n.networkManagers!.push(mgManager);
      const v = verdictOf(n, inbound());
      expect(v.access).toBe(access);
      if (access === 'Deny') expect(v.ruleName).toBe('subDeny');
    },
  );

  it('§6.3 admin Allow and no NSG anywhere → Allow naming the admin rule', () => {
    const v = verdictOf(
      network({ adminRules: [adminRule({ name: 'allowIt', priority: 3, access: 'Allow' })] }),
      inbound({ targetResourceId: VM_APP, localIpAddress: '10.0.2.4', remoteIpAddress: '10.0.1.4' }),
    );
    expect(v).toMatchObject({
      access: 'Allow',
      ruleName: 'allowIt',
      decidedBy: 'adminRule',
      networkManagerId: NM,
      adminConfigurationId: CFG,
    });
  });

  it('§8.5 trace shows the admin layer first with Continue for an admin Allow', () => {
    const v = verdictOf(
      network({ adminRules: [adminRule({ name: 'allowIt', priority: 3, access: 'Allow' })] }),
      inbound(),
      { trace: true },
    );
    expect(v.trace.map((t) => [t.layer, t.result])).toEqual([
      ['adminRule', 'Continue'],
      ['subnetNsg', 'Allow'],
      ['nicNsg', 'Allow'],
    ]);
    expect(v.trace[0]).toMatchObject({ id: NM, matchedRule: { ruleName: 'allowIt' } });
  });
});

describe('§6.3 rule name conventions (pitfall §12.10)', () => {
  it.each([
    [
      '§6.3 custom rules are securityRules/<name>',
      network({ nicRules: [deny('Deny_8080', 100)] }),
      inbound(),
      'securityRules/Deny_8080',
    ],
    [
      '§6.3 default rules are defaultSecurityRules/<ARM name>',
      network(),
      inbound({ remoteIpAddress: '13.107.21.200' }),
      'defaultSecurityRules/DenyAllInBound',
    ],
    [
      '§6.3 admin rules are the bare rule name',
      network({ adminRules: [adminRule({ name: 'blockAll', priority: 1 })] }),
      inbound(),
      'blockAll',
    ],
  ])('%s', (_n, input, q, ruleName) => {
    const v = verdictOf(input, q);
    expect(v.ruleName).toBe(ruleName);
    expect(v.ruleName).not.toMatch(/^(UserRule_|DefaultRule_|DefaultInboundDenyAll)/);
  });

  it('§6.3 verdicts carry the NSG id, the rule id and the evaluated NIC/IP configuration', () => {
    const n = network({ nicRules: [{ ...deny('x', 100), id: `${NSG_NIC}/securityRules/x` }] });
    expect(verdictOf(n, inbound())).toMatchObject({
      networkSecurityGroupId: NSG_NIC,
      ruleId: `${NSG_NIC}/securityRules/x`,
      networkInterfaceId: NIC1,
      ipConfigurationName: 'ipconfig1',
    });
  });
});

describe('§2.4 address families (pitfall §12.11)', () => {
  it.each([
    [
      '§2.4 a 0.0.0.0/0 deny does not match an IPv6 flow',
      '0.0.0.0/0',
      'fd00:1:0:1::4',
      'fd00:1::99',
      'Allow',
    ],
    ['§2.4 a 0.0.0.0/0 deny matches an IPv4 flow', '0.0.0.0/0', '10.0.1.4', '10.0.2.4', 'Deny'],
    ['§2.4 a ::/0 deny matches an IPv6 flow', '::/0', 'fd00:1:0:1::4', 'fd00:1::99', 'Deny'],
    ['§2.4 a ::/0 deny does not match an IPv4 flow', '::/0', '10.0.1.4', '10.0.2.4', 'Allow'],
    ['§2.4 * matches both families (IPv6)', '*', 'fd00:1:0:1::4', 'fd00:1::99', 'Deny'],
  ])('%s', (_n, prefix, local, remote, access) => {
    const v = verdictOf(
      network({ nicRules: [deny('fam', 100, { sourceAddressPrefix: prefix })] }),
      inbound({ localIpAddress: local, remoteIpAddress: remote }),
    );
    expect(v.access).toBe(access);
  });

  it('§2.4 a dotted tail after :: is IPv4-compatible (RFC 4291 §2.2), read alike in rules and queries', () => {
    for (const [prefix, remote, decides] of [
      ['::1.2.3.4', '::1.2.3.4', true],
      ['::102:304/128', '::1.2.3.4', true],
      ['::1.2.3.4', '::102:304', true],
      ['::1.2.3.4', '::ffff:1.2.3.4', false],
      ['::ffff:1.2.3.4', '::1.2.3.4', false],
    ] as const) {
      const n = network({ subnetRules: [deny('compat', 100, { sourceAddressPrefix: prefix })] });
      const v = verdictOf(n, inbound({ localIpAddress: 'fd00:1:0:1::4', remoteIpAddress: remote }));
      expect([prefix, remote, v.ruleName === 'securityRules/compat']).toEqual([prefix, remote, decides]);
    }
  });

  it('§2.4 a CIDR matches its network and broadcast addresses like any other', () => {
    const n = network({ nicRules: [deny('cidr', 100, { sourceAddressPrefix: '10.0.2.0/24' })] });
    expect(verdictOf(n, inbound({ remoteIpAddress: '10.0.2.0' })).access).toBe('Deny');
    expect(verdictOf(n, inbound({ remoteIpAddress: '10.0.2.255' })).access).toBe('Deny');
    expect(verdictOf(n, inbound({ remoteIpAddress: '10.0.3.0' })).access).toBe('Allow');
  });

  it('§2.3 a rule giving both port forms matches on its non-empty list only', () => {
    const n = network({
      nicRules: [deny('both', 100, { destinationPortRange: '*', destinationPortRanges: ['443'] })],
    });
    expect(verdictOf(n, inbound({ localPort: '443' })).ruleName).toBe('securityRules/both');
    expect(verdictOf(n, inbound({ localPort: '80' })).ruleName).not.toBe('securityRules/both');
  });

  it('§2.3 port ranges are inclusive at both ends and lists are OR-ed', () => {
    const n = network({
      nicRules: [
        deny('ports', 100, { destinationPortRange: null, destinationPortRanges: ['80', '10000-10005'] }),
      ],
    });
    for (const [port, access] of [
      ['80', 'Deny'],
      ['10000', 'Deny'],
      ['10005', 'Deny'],
      ['10006', 'Allow'],
      ['81', 'Allow'],
    ] as const) {
      expect(verdictOf(n, inbound({ localPort: port })).access).toBe(access);
    }
  });
});

describe('§7.5 wildcard query ports', () => {
  it.each([
    ['§7.5 a * remote port on an inbound query does not satisfy a rule naming source port 80', '80', 'Allow'],
    ['§7.5 a * remote port satisfies a rule whose source ports are *', '*', 'Deny'],
    ['§7.5 a * remote port satisfies a rule whose source ports are 0-65535', '0-65535', 'Deny'],
  ])('%s', (_n, sourcePortRange, access) => {
    const v = verdictOf(
      network({ nicRules: [deny('w', 100, { sourcePortRange })] }),
      inbound({ remotePort: '*' }),
    );
    expect(v.access).toBe(access);
    expect(v.notes.join(' ')).toMatch(
      /'\*' port matches only rules whose port condition on that side covers every port/,
    );
  });

  it('§7.5 outbound: the local port may be *', () => {
    expect(verdictOf(network(), outbound({ localPort: '*' })).access).toBe('Allow');
  });
  it.each([
    [['0-80', '81-65535'], 'Deny'],
    [['81-65535', '0-100'], 'Deny'],
    [['0-80', '82-65535'], 'Allow'],
    [['1-65535'], 'Allow'],
  ])(
    '§7.5 with §2.3 a * remote port satisfies a port list whose elements together cover 0-65535: %j → %s',
    (sourcePortRanges, access) => {
      const v = verdictOf(
        network({ nicRules: [deny('w', 100, { sourcePortRange: null, sourcePortRanges })] }),
        inbound({ remotePort: '*' }),
      );
      expect(v.access).toBe(access);
    },
  );
});

describe('§6.1 / §7.3 query validation and target resolution errors', () => {
  const twoNics = (): NetworkInput => {
    const n = network();
    n.virtualMachines[0]!.networkInterfaces.push({ id: NIC_APP, primary: false });
    n.virtualMachines.splice(1, 1);
    n.networkInterfaces[1]!.enableIPForwarding = true;
    return n;
  };
  const stopped = (): NetworkInput => {
    const n = network();
    n.virtualMachines[0]!.powerState = 'PowerState/deallocated';
    return n;
  };
  const strict = (): NetworkInput => {
    const n = network();
    n.options = { strictIpv4: true };
    return n;
  };
  it.each([
    [
      'octal IPv4 local address',
      network(),
      inbound({ localIpAddress: '010.0.1.4' }),
      'InvalidIpAddress',
      'localIpAddress',
    ],
    [
      'short IPv4 remote address',
      network(),
      inbound({ remoteIpAddress: '10.1' }),
      'InvalidIpAddress',
      'remoteIpAddress',
    ],
    [
      'hex IPv4 remote address',
      network(),
      inbound({ remoteIpAddress: '0x0a.0.0.1' }),
      'InvalidIpAddress',
      'remoteIpAddress',
    ],
    ['port above 65535', network(), inbound({ localPort: '65536' }), 'InvalidPort', 'localPort'],
    // §7.1: ports are strings; the reference scan used to accept a JSON number the verifier rejects.
    [
      'a JSON number as local port',
      network(),
      inbound({ localPort: 80 as unknown as string }),
      'InvalidPort',
      'localPort',
    ],
    [
      'a JSON number as remote port',
      network(),
      inbound({ remotePort: 60000 as unknown as string }),
      'InvalidPort',
      'remotePort',
    ],
    [
      'a list as direction',
      network(),
      inbound({ direction: ['Inbound'] as unknown as string }),
      'InvalidDirection',
      'direction',
    ],
    ['negative port', network(), inbound({ remotePort: '-1' }), 'InvalidPort', 'remotePort'],
    [
      '* on the destination side (inbound local port)',
      network(),
      inbound({ localPort: '*' }),
      'InvalidPort',
      'localPort',
    ],
    [
      '* on the destination side (outbound remote port)',
      network(),
      outbound({ remotePort: '*' }),
      'InvalidPort',
      'remotePort',
    ],
    ['ICMP protocol', network(), inbound({ protocol: 'ICMP' }), 'InvalidProtocol', 'protocol'],
    ['* protocol', network(), inbound({ protocol: '*' }), 'InvalidProtocol', 'protocol'],
    ['bad direction', network(), inbound({ direction: 'Both' }), 'InvalidDirection', 'direction'],
    ['unknown VM', network(), inbound({ targetResourceId: `${VM1}x` }), 'NotFound', 'targetResourceId'],
    [
      'unknown NIC',
      network(),
      inbound({ targetNicResourceId: `${NIC1}x` }),
      'NotFound',
      'targetNicResourceId',
    ],
    [
      'NIC of another VM',
      network(),
      inbound({ targetNicResourceId: NIC_APP }),
      'NicNotAttachedToVm',
      'targetNicResourceId',
    ],
    [
      'local IP not on the VM',
      network(),
      inbound({ localIpAddress: '10.0.1.99' }),
      'LocalIpNotOnTarget',
      'localIpAddress',
    ],
    [
      'several NICs with IP forwarding and no targetNic',
      twoNics(),
      inbound(),
      'TargetNicRequired',
      'targetNicResourceId',
    ],
    ['deallocated VM', stopped(), inbound(), 'VmNotRunning', 'targetResourceId'],
    [
      'IPv6 in strict mode',
      strict(),
      inbound({ localIpAddress: 'fd00:1:0:1::4', remoteIpAddress: 'fd00:1::9' }),
      'Ipv6NotSupported',
      'localIpAddress',
    ],
    [
      'local IPv4 with remote IPv6',
      network(),
      inbound({ remoteIpAddress: 'fd00:1::9' }),
      'AddressFamilyMismatch',
      'remoteIpAddress',
    ],
  ])('§7.3 %s → error code and field', (_n, input, q, code, field) => {
    const r = verify(input, q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code, field });
  });

  it.each([
    ['§6.1 ids are compared case-insensitively', inbound({ targetResourceId: VM1.toUpperCase() })],
    [
      '§6.1 targetNicResourceId may be given (any case)',
      inbound({ targetNicResourceId: NIC1.toLowerCase() }),
    ],
    [
      '§6.1 the NIC is found from the local IP among several NICs without forwarding',
      inbound({ localIpAddress: '10.0.1.5' }),
    ],
  ])('%s', (_n, q) => {
    expect(verify(network(), q).ok).toBe(true);
  });

  it('§6.1 with targetNic given, several NICs with forwarding are fine', () => {
    const n = twoNics();
    const v = verdictOf(n, inbound({ targetNicResourceId: NIC_APP, localIpAddress: '10.0.2.4' }));
    expect(v.networkInterfaceId).toBe(NIC_APP);
  });
});

describe('§7.4 IP forwarding', () => {
  it("§7.4 a forwarded local IP is evaluated with the NIC NSG, the primary configuration's subnet NSG and ASGs", () => {
    const n = network({
      nicRules: [
        allow('fwd', 100, {
          destinationApplicationSecurityGroupIds: [ASG_WEB],
          destinationAddressPrefix: null,
        }),
      ],
      subnetRules: [allow('s', 100)],
    });
    n.networkInterfaces[0]!.enableIPForwarding = true;
    const v = verdictOf(n, inbound({ localIpAddress: '10.200.0.1', remoteIpAddress: '13.107.21.200' }), {
      trace: true,
    });
    expect(v).toMatchObject({
      access: 'Allow',
      ruleName: 'securityRules/fwd',
      ipConfigurationName: 'ipconfig1',
    });
    expect(v.notes.join(' ')).toMatch(/evaluated with its IP forwarding context/);
    expect(v.trace.map((t) => t.appliedTo)).toEqual([n.virtualNetworks[0]!.subnets[0]!.id, NIC1]);
  });

  it('§7.4 without forwarding a foreign local IP is rejected', () => {
    const r = verify(network(), inbound({ localIpAddress: '10.200.0.1' }));
    expect(r.ok ? null : r.error.code).toBe('LocalIpNotOnTarget');
  });
});

describe('§9 statefulness: every query is the first packet of a new flow', () => {
  it('§9 a reply-shaped outbound query is judged by outbound rules and may be denied', () => {
    const n = network({
      nicRules: [
        allow('web', 100, { destinationPortRange: '80' }),
        deny('noOut', 100, { direction: 'Outbound' }),
      ],
    });
    expect(verdictOf(n, inbound({ localPort: '80', remotePort: '50000' })).access).toBe('Allow');
    expect(verdictOf(n, outbound({ localPort: '80', remotePort: '50000' }))).toMatchObject({
      access: 'Deny',
      ruleName: 'securityRules/noOut',
    });
  });
});

describe('§4.4 service tags', () => {
  it.each([
    ['§4.4 a user-defined tag expands to its prefixes', 'Storage.WestEurope', '20.60.1.1', 'Deny'],
    ['§4.4 tag names are case-insensitive', 'storage.westeurope', '20.60.1.1', 'Deny'],
    ['§4.4 an address outside the tag does not match', 'Storage.WestEurope', '13.107.21.200', 'Allow'],
  ])('%s', (_n, tag, remote, access) => {
    const v = verdictOf(
      network({ nicRules: [deny('tag', 100, { direction: 'Outbound', destinationAddressPrefix: tag })] }),
      outbound({ remoteIpAddress: remote }),
    );
    expect(v.access).toBe(access);
  });

  it('§4.4 an unknown tag never matches, warns at parse time and adds a note to the verdict', () => {
    const n = network({ nicRules: [deny('unknown', 100, { sourceAddressPrefix: 'AzureCloud.Mars' })] });
    const { network: parsed, issues } = parseNetwork(n);
    expect(issues).toEqual([expect.objectContaining({ code: 'UnknownServiceTag', severity: 'warning' })]);
    const r = createVerifier(parsed).verifyFlow(inbound());
    expect(r.ok && r.verdict).toMatchObject({
      access: 'Allow',
      ruleName: 'defaultSecurityRules/AllowVnetInBound',
    });
    expect(r.ok && r.verdict.notes.join(' ')).toMatch(/AzureCloud\.Mars/);
  });
});

describe('§10 trace and NSG-diagnostics detail (per-rule match flags)', () => {
  it('detail lists every rule of each evaluated layer up to the deciding one, with per-condition flags', () => {
    const n = network({
      subnetRules: [],
      nicRules: [
        deny('icmp', 100, { protocol: 'Icmp' }),
        deny('port22', 110, { destinationPortRange: '22' }),
        allow('web', 120, { destinationPortRange: '80' }),
        deny('never', 130),
      ],
    });
    const v = verdictOf(n, inbound(), { detail: true });
    const nic = v.trace.find((t) => t.layer === 'nicNsg');
    expect(nic?.rules?.map((r) => r.ruleName)).toEqual([
      'securityRules/icmp',
      'securityRules/port22',
      'securityRules/web',
    ]);
    expect(nic?.rules?.[0]).toMatchObject({
      protocolMatched: false,
      sourceMatched: true,
      destinationPortMatched: true,
      matched: false,
    });
    expect(nic?.rules?.[1]).toMatchObject({
      protocolMatched: true,
      destinationPortMatched: false,
      matched: false,
    });
    expect(nic?.rules?.[2]).toMatchObject({ matched: true });
    expect(nic?.matchedRule).toMatchObject({ ruleName: 'securityRules/web', access: 'Allow', priority: 120 });
    const subnet = v.trace.find((t) => t.layer === 'subnetNsg');
    expect(subnet?.rules?.at(-1)).toMatchObject({
      ruleName: 'defaultSecurityRules/AllowVnetInBound',
      matched: true,
    });
    expect(subnet?.id).toBe(NSG_SUBNET);
  });
});

describe('§7.3 verifyFlow survives random queries (errors as data, never exceptions)', () => {
  it('random field values always give a result', () => {
    const { network: parsed } = parseNetwork(
      network({ adminRules: [adminRule({ name: 'a', priority: 1, access: 'Allow' })] }),
    );
    const verifier = createVerifier(parsed);
    const field = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('10.0.1.4', 'fd00:1:0:1::4', '*', '80', 'Inbound', 'tcp', VM1, NIC1),
      fc.anything({ maxDepth: 1 }),
    );
    fc.assert(
      fc.property(
        fc.record({
          targetResourceId: field,
          targetNicResourceId: field,
          direction: field,
          protocol: field,
          localIpAddress: field,
          localPort: field,
          remoteIpAddress: field,
          remotePort: field,
        }),
        (q) => {
          const r = verifier.verifyFlow(q as unknown as FlowQueryInput, { detail: true });
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
        },
      ),
      { seed: 9, numRuns: 3000 },
    );
  });
});

describe('query spelling on the fast path (case-insensitive words, cached ids)', () => {
  const oracle = (s: string, word: string): boolean => s.toLowerCase() === word;
  it.each([
    ['Inbound', 'direction', true],
    ['INBOUND', 'direction', true],
    ['inBound', 'direction', true],
    ['\u0130nbound', 'direction', false], // dotted capital I lower-cases to two code units
    ['inbound ', 'direction', false],
    ['inboun', 'direction', false],
    ['inbound\u0000', 'direction', false],
    ['TCP', 'protocol', true],
    ['tCp', 'protocol', true],
    ['Tcp ', 'protocol', false],
    ['tcq', 'protocol', false],
    ['UDP', 'protocol', true],
    ['uDp', 'protocol', true],
  ])('%j as %s: accepted = %s (same as toLowerCase)', (text, field, accepted) => {
    const q = field === 'direction' ? inbound({ direction: text }) : inbound({ protocol: text });
    const r = verify(network(), q);
    expect(r.ok).toBe(accepted);
    expect(accepted).toBe(
      field === 'direction' ? oracle(text, 'inbound') : oracle(text, 'tcp') || oracle(text, 'udp'),
    );
    if (!r.ok) expect(r.error.code).toBe(field === 'direction' ? 'InvalidDirection' : 'InvalidProtocol');
  });

  it('a NIC id spelled differently answers the same, and repeated unknown/foreign ids keep their errors', () => {
    const { network: n } = parseNetwork(network());
    const v = createVerifier(n);
    for (let i = 0; i < 3; i++) {
      const a = v.verifyFlow(inbound({ targetNicResourceId: NIC1.toUpperCase() }));
      const b = v.verifyFlow(inbound({ targetNicResourceId: NIC1 }));
      expect(a.ok && b.ok && a.verdict).toEqual(b.ok && b.verdict);
      const unknown = v.verifyFlow(inbound({ targetNicResourceId: `${NIC1}x` }));
      expect(!unknown.ok && unknown.error.code).toBe('NotFound');
      const foreign = v.verifyFlow(inbound({ targetNicResourceId: NIC_APP.toLowerCase() }));
      expect(!foreign.ok && foreign.error.code).toBe('NicNotAttachedToVm');
      const wrongType = v.verifyFlow(inbound({ targetNicResourceId: 42 as unknown as string }));
      expect(!wrongType.ok && wrongType.error.code).toBe('NotFound');
    }
  });

  it('verdicts reused per deciding rule still name the admin Allow and the notes of each flow', () => {
    // The same NSG rule decides under two different admin Allows and with or without a `*` port note.
    const input = network({
      nicRules: [allow('web', 100, { destinationPortRange: '80-443' })],
      adminRules: [
        adminRule({ name: 'allow80', priority: 10, access: 'Allow', destinationPortRanges: ['80'] }),
        adminRule({ name: 'allow443', priority: 20, access: 'Allow', destinationPortRanges: ['443'] }),
      ],
    });
    const v = createVerifier(parseNetwork(input).network);
    for (let round = 0; round < 3; round++) {
      for (const [port, remotePort, admin, wildcard] of [
        ['80', '60000', 'allow80', false],
        ['443', '60000', 'allow443', false],
        ['443', '*', 'allow443', true],
        ['80', '*', 'allow80', true],
      ] as const) {
        const q = inbound({ localPort: port, remotePort });
        const r = v.verifyFlow(q);
        if (!r.ok) throw new Error(r.error.message);
        expect(r.verdict).toMatchObject({
          access: 'Allow',
          decidedBy: 'nicNsg',
          ruleName: 'securityRules/web',
          adminRuleId: `${RC}/rules/${admin}`,
        });
        expect(r.verdict.notes.some((n) => n.includes("'*' port matches"))).toBe(wildcard);
        expect(r.verdict).toEqual(verdictOf(input, q));
      }
    }
  });

  it('a reused verdict is frozen: a caller cannot change what later flows are told', () => {
    const v = createVerifier(parseNetwork(network()).network);
    const first = v.verifyFlow(inbound());
    if (!first.ok) throw new Error(first.error.message);
    const before = JSON.stringify(first);
    expect(() => {
      (first.verdict as { access: string }).access = 'Deny';
    }).toThrow(TypeError);
    expect(() => first.verdict.notes.push('mine')).toThrow(TypeError);
    expect(JSON.stringify(v.verifyFlow(inbound()))).toBe(before);
  });

  it('IPv6 queries: the word-parsed fast path, the trace path and the reference agree', () => {
    for (const [local, remote] of [
      ['fd00:1:0:1::4', 'fd00:1::9'],
      ['FD00:1:0:1:0:0:0:4', '2001:db8::1'],
      ['fd00:1:0:1::4', '::ffff:10.0.0.1'],
    ] as const) {
      const q = inbound({ localIpAddress: local, remoteIpAddress: remote });
      const fast = verify(network(), q);
      const traced = verify(network(), q, { trace: true });
      expect(fast.ok).toBe(true);
      if (fast.ok && traced.ok) expect(fast.verdict.ruleName).toBe(traced.verdict.ruleName);
    }
  });
});
