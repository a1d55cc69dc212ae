import fc from 'fast-check';
import { DEFAULT_SECURITY_RULES } from './defaults';
import type { AdminRuleInput, NetworkInput, SecurityRuleInput } from './model';
import { parseNetwork, validateAdminRule, validateSecurityRule } from './parse';
import {
  ASG_APP,
  ASG_WEB,
  NIC1,
  NSG_NIC,
  NSG_SUBNET,
  RC,
  SUBNET_REMOTE,
  SUBNET_WEB,
  VM1,
  adminRule,
  network,
  rule,
} from './test/fixtures';

const base = (extra: Partial<SecurityRuleInput> = {}): SecurityRuleInput =>
  rule({ name: 'r1', priority: 100, ...extra });
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('§2.2 validateSecurityRule (paths relative to the rule)', () => {
  it.each([
    ['a valid rule', base(), []],
    ['§2.2.2 priority below 100', base({ priority: 99 }), [['SecurityRuleInvalidPriority', ['priority']]]],
    ['§2.2.2 priority above 4096', base({ priority: 4097 }), [['SecurityRuleInvalidPriority', ['priority']]]],
    [
      '§2.2.2 fractional priority',
      base({ priority: 100.5 }),
      [['SecurityRuleInvalidPriority', ['priority']]],
    ],
    [
      '§2.2.3 port above 65535',
      base({ destinationPortRange: '65536' }),
      [['SecurityRuleInvalidPortRange', ['destinationPortRange']]],
    ],
    [
      '§2.2.3 reversed range',
      base({ destinationPortRange: '90-80' }),
      [['SecurityRuleInvalidPortRange', ['destinationPortRange']]],
    ],
    [
      '§2.2.3 comma list in the single port field (pitfall §12.12)',
      base({ destinationPortRange: '80,443' }),
      [['SecurityRuleInvalidPortRange', ['destinationPortRange']]],
    ],
    [
      '§2.2.3 bad element in a port list',
      base({ destinationPortRange: null, destinationPortRanges: ['80', 'http'] }),
      [['SecurityRuleInvalidPortRange', ['destinationPortRanges', 1]]],
    ],
    [
      '§2.2.4 CIDR with host bits set (pitfall §12.12)',
      base({ sourceAddressPrefix: '50.206.209.68/27' }),
      [['SecurityRuleInvalidAddressPrefix', ['sourceAddressPrefix']]],
    ],
    [
      '§2.2.4 dash range',
      base({ sourceAddressPrefix: '10.0.0.1-10.0.0.9' }),
      [['SecurityRuleInvalidAddressPrefix', ['sourceAddressPrefix']]],
    ],
    [
      '§2.2.4 octal IPv4',
      base({ destinationAddressPrefix: '010.0.0.1' }),
      [['SecurityRuleInvalidAddressPrefix', ['destinationAddressPrefix']]],
    ],
    [
      '§2.2.4 comma list in the single prefix field',
      base({ sourceAddressPrefix: '10.0.0.0/8,192.168.0.0/16' }),
      [['SecurityRuleInvalidAddressPrefix', ['sourceAddressPrefix']]],
    ],
    [
      '§2.2.5 tag inside a plural prefix list (pitfall §12.12)',
      base({ sourceAddressPrefix: null, sourceAddressPrefixes: ['10.0.0.0/8', 'VirtualNetwork'] }),
      [['SecurityRuleParameterContainsUnsupportedValue', ['sourceAddressPrefixes', 1]]],
    ],
    [
      '§2.2.5 * inside a plural prefix list',
      base({ destinationAddressPrefix: null, destinationAddressPrefixes: ['*'] }),
      [['SecurityRuleParameterContainsUnsupportedValue', ['destinationAddressPrefixes', 0]]],
    ],
    [
      '§2.2.6 both singular and plural on one side',
      base({ sourceAddressPrefixes: ['10.0.0.0/8'] }),
      [['SecurityRuleInvalidAddressSpecification', ['sourceAddressPrefix']]],
    ],
    [
      '§2.2.6 prefix and ASG on one side',
      base({ destinationApplicationSecurityGroupIds: [ASG_WEB] }),
      [['SecurityRuleInvalidAddressSpecification', ['destinationAddressPrefix']]],
    ],
    [
      '§2.2.6 nothing on one side',
      base({ sourceAddressPrefix: null }),
      [['SecurityRuleInvalidAddressSpecification', ['sourceAddressPrefix']]],
    ],
    [
      '§2.2.7 IPv4 and IPv6 in one rule',
      base({ sourceAddressPrefix: '10.0.0.0/8', destinationAddressPrefix: 'fd00::/16' }),
      [['SecurityRuleInvalidAddressPrefix', []]],
    ],
    [
      '§2.2.8 eleven ASGs on one side',
      base({
        sourceAddressPrefix: null,
        sourceApplicationSecurityGroupIds: Array.from({ length: 11 }, (_, i) => `${ASG_WEB}${i}`),
      }),
      [
        [
          'NumberOfApplicationSecurityGroupsReferencedInSecurityRuleLimitReached',
          ['sourceApplicationSecurityGroupIds'],
        ],
      ],
    ],
    ['§2.1 name starting with a dash', base({ name: '-bad' }), [['InvalidResourceName', ['name']]]],
    ['§2.1 name ending with a dot', base({ name: 'bad.' }), [['InvalidResourceName', ['name']]]],
    ['§2.1 name of 81 characters', base({ name: 'a'.repeat(81) }), [['InvalidResourceName', ['name']]]],
    [
      '§2.1 description over 140 characters',
      base({ description: 'x'.repeat(141) }),
      [['SecurityRuleInvalidDescription', ['description']]],
    ],
    [
      '§2.1 protocol Any is not an NSG protocol',
      base({ protocol: 'Any' }),
      [['SecurityRuleInvalidProtocol', ['protocol']]],
    ],
    [
      '§2.1 access must be Allow or Deny',
      base({ access: 'AlwaysAllow' }),
      [['SecurityRuleInvalidAccess', ['access']]],
    ],
    [
      '§2.1 direction must be Inbound or Outbound',
      base({ direction: 'Both' }),
      [['SecurityRuleInvalidDirection', ['direction']]],
    ],
  ])('%s', (_n, r, expected) => {
    const issues = validateSecurityRule(r);
    expect(issues.map((i) => [i.code, i.path])).toEqual(expected);
    expect(issues.every((i) => i.severity === 'error' && i.message.length > 0)).toBe(true);
  });

  it('§2.3 both port forms: the list is used, the single field ignored with a warning', () => {
    const issues = validateSecurityRule(
      base({ destinationPortRange: 'not-a-port', destinationPortRanges: ['443'] }),
    );
    expect(issues.map((i) => [i.code, i.path, i.severity])).toEqual([
      ['SecurityRulePortRangeIgnored', ['destinationPortRange'], 'warning'],
    ]);
  });

  it.each([['80'], ['0-65535'], ['*']])('§2.2.3 accepts port %s', (p) => {
    expect(validateSecurityRule(base({ sourcePortRange: p }))).toEqual([]);
  });

  it.each([['a'], ['a_'], ['rule.1-x_'], ['a'.repeat(80)]])('§2.1 accepts rule name %s', (name) => {
    expect(validateSecurityRule(base({ name }))).toEqual([]);
  });
});

describe('§8.1 validateAdminRule', () => {
  const a = (extra: Partial<AdminRuleInput> = {}) => adminRule({ name: 'a1', priority: 1, ...extra });
  it.each([
    ['a valid rule (priority 1 is allowed for admin rules)', a(), []],
    [
      '§8.1 protocol * is not an admin protocol (pitfall §12.9)',
      a({ protocol: '*' }),
      [['AdminRuleInvalidProtocol', ['protocol']]],
    ],
    ['§8.1 priority 0', a({ priority: 0 }), [['AdminRuleInvalidPriority', ['priority']]]],
    ['§8.1 priority 4097', a({ priority: 4097 }), [['AdminRuleInvalidPriority', ['priority']]]],
    ['§8.1 access Block', a({ access: 'Block' }), [['AdminRuleInvalidAccess', ['access']]]],
    [
      '§8.1 unknown addressPrefixType',
      a({ sources: [{ addressPrefix: '10.0.0.0/8', addressPrefixType: 'Cidr' }] }),
      [['AdminRuleInvalidAddressPrefixType', ['sources', 0, 'addressPrefixType']]],
    ],
    [
      '§8.1 IPPrefix with host bits',
      a({ destinations: [{ addressPrefix: '10.0.0.1/8', addressPrefixType: 'IPPrefix' }] }),
      [['AdminRuleInvalidAddressPrefix', ['destinations', 0, 'addressPrefix']]],
    ],
    [
      '§8.1 bad port',
      a({ destinationPortRanges: ['99999'] }),
      [['AdminRuleInvalidPortRange', ['destinationPortRanges', 0]]],
    ],
  ])('%s', (_n, r, expected) => {
    expect(validateAdminRule(r).map((i) => [i.code, i.path])).toEqual(expected);
  });
});

describe('§2.2 / §1 parseNetwork: cross-references, uniqueness, resource constraints', () => {
  const mutate = (f: (n: NetworkInput) => void): NetworkInput => {
    const n = network();
    f(n);
    return n;
  };
  it.each([
    [
      '§2.2.1 duplicate (priority, direction) in one NSG → SecurityRuleConflict, later rule dropped',
      network({ nicRules: [rule({ name: 'a', priority: 100 }), rule({ name: 'b', priority: 100 })] }),
      'SecurityRuleConflict',
      ['networkSecurityGroups', 1, 'securityRules', 1, 'priority'],
      `${NSG_NIC}`,
    ],
    [
      '§2.1 duplicate rule names (case-insensitive) in one NSG',
      network({ nicRules: [rule({ name: 'a', priority: 100 }), rule({ name: 'A', priority: 101 })] }),
      'SecurityRuleNameNotUnique',
      ['networkSecurityGroups', 1, 'securityRules', 1, 'name'],
      `${NSG_NIC}`,
    ],
    [
      'dangling ASG reference in a rule',
      network({
        nicRules: [
          rule({
            name: 'a',
            priority: 100,
            sourceAddressPrefix: null,
            sourceApplicationSecurityGroupIds: [`${ASG_WEB}-gone`],
          }),
        ],
      }),
      'ReferencedResourceNotFound',
      ['networkSecurityGroups', 1, 'securityRules', 0, 'sourceApplicationSecurityGroupIds', 0],
      `${NSG_NIC}`,
    ],
    [
      'dangling NSG reference on a subnet',
      mutate((n) => (n.virtualNetworks[0]!.subnets[0]!.networkSecurityGroupId = `${NSG_SUBNET}-gone`)),
      'ReferencedResourceNotFound',
      ['virtualNetworks', 0, 'subnets', 0, 'networkSecurityGroupId'],
      SUBNET_WEB,
    ],
    [
      'dangling subnet reference on an IP configuration',
      mutate((n) => (n.networkInterfaces[0]!.ipConfigurations[2]!.subnetId = `${SUBNET_WEB}-gone`)),
      'ReferencedResourceNotFound',
      ['networkInterfaces', 0, 'ipConfigurations', 2, 'subnetId'],
      NIC1,
    ],
    [
      'dangling NIC reference on a VM',
      mutate((n) => n.virtualMachines[0]!.networkInterfaces.push({ id: `${NIC1}-gone`, primary: false })),
      'ReferencedResourceNotFound',
      ['virtualMachines', 0, 'networkInterfaces', 1, 'id'],
      VM1,
    ],
    [
      '§5 an ASG whose members would span two VNets',
      mutate((n) =>
        n.networkInterfaces.push({
          id: `${NIC1}-remote`,
          name: 'nic-remote',
          enableIPForwarding: false,
          ipConfigurations: [
            {
              name: 'ipconfig1',
              privateIPAddress: '10.1.0.4',
              primary: true,
              subnetId: SUBNET_REMOTE,
              applicationSecurityGroupIds: [ASG_APP],
            },
          ],
        }),
      ),
      'ApplicationSecurityGroupInDifferentVirtualNetwork',
      ['networkInterfaces', 2, 'ipConfigurations', 0, 'applicationSecurityGroupIds', 0],
      `${NIC1}-remote`,
    ],
    [
      '§1.3 no primary IP configuration',
      mutate((n) => (n.networkInterfaces[0]!.ipConfigurations[0]!.primary = false)),
      'NicPrimaryIpConfigurationCount',
      ['networkInterfaces', 0, 'ipConfigurations'],
      NIC1,
    ],
    [
      '§1.3 the primary IP configuration must be IPv4',
      mutate((n) => {
        n.networkInterfaces[0]!.ipConfigurations[0]!.primary = false;
        n.networkInterfaces[0]!.ipConfigurations[1]!.primary = true;
      }),
      'NicPrimaryIpConfigurationNotIpv4',
      ['networkInterfaces', 0, 'ipConfigurations'],
      NIC1,
    ],
    [
      '§1.3 at most one IPv6 address per NIC',
      mutate((n) =>
        n.networkInterfaces[0]!.ipConfigurations.push({
          name: 'v6b',
          privateIPAddress: 'fd00:1:0:1::5',
          primary: false,
          subnetId: SUBNET_WEB,
          applicationSecurityGroupIds: [],
        }),
      ),
      'NicTooManyIpv6Addresses',
      ['networkInterfaces', 0, 'ipConfigurations'],
      NIC1,
    ],
    [
      '§1.4 a VM with several NICs needs exactly one primary',
      mutate((n) => {
        n.virtualMachines[0]!.networkInterfaces.push({ id: n.networkInterfaces[1]!.id, primary: true });
        n.virtualMachines.splice(1, 1);
      }),
      'VmPrimaryNicCount',
      ['virtualMachines', 0, 'networkInterfaces'],
      VM1,
    ],
    [
      '§1.3 strict address parsing on IP configurations',
      mutate((n) => (n.networkInterfaces[0]!.ipConfigurations[2]!.privateIPAddress = '10.0.1.05')),
      'InvalidIpAddress',
      ['networkInterfaces', 0, 'ipConfigurations', 2, 'privateIPAddress'],
      NIC1,
    ],
    [
      '§1.2 IPv6 subnets must be /64',
      mutate((n) => n.virtualNetworks[0]!.subnets[1]!.addressPrefixes.push('fd00:1:0:2::/80')),
      'InvalidSubnetPrefix',
      ['virtualNetworks', 0, 'subnets', 1, 'addressPrefixes', 1],
      undefined,
    ],
  ])('%s', (_n, input, code, path, resourceId) => {
    const { issues } = parseNetwork(input);
    const found = issues.find((i) => i.code === code);
    expect(found).toBeDefined();
    expect(found?.path).toEqual(path);
    if (resourceId) expect(found?.resourceId).toBe(resourceId);
    expect(found?.severity).toBe('error');
  });

  it('§2.2.9 ASGs used as source and destination must have their NICs in one VNet', () => {
    const n = network({
      nicRules: [
        rule({
          name: 'x',
          priority: 100,
          sourceAddressPrefix: null,
          sourceApplicationSecurityGroupIds: [ASG_WEB],
          destinationAddressPrefix: null,
          destinationApplicationSecurityGroupIds: [ASG_APP],
        }),
      ],
    });
    expect(codes(parseNetwork(n).issues)).toEqual([]);
    n.applicationSecurityGroups.push({ id: `${ASG_APP}2`, name: 'asg-app2' });
    n.virtualNetworks[1]!.subnets[0]!.id = `${n.virtualNetworks[1]!.id}/subnets/default`;
    n.networkInterfaces.push({
      id: `${NIC1}-remote`,
      name: 'r',
      enableIPForwarding: false,
      ipConfigurations: [
        {
          name: 'c',
          privateIPAddress: '10.1.0.4',
          primary: true,
          subnetId: n.virtualNetworks[1]!.subnets[0]!.id,
          applicationSecurityGroupIds: [`${ASG_APP}2`],
        },
      ],
    });
    n.networkSecurityGroups[1]!.securityRules[0]!.destinationApplicationSecurityGroupIds = [`${ASG_APP}2`];
    const { issues, network: parsed } = parseNetwork(n);
    expect(codes(issues)).toEqual(['SecurityRuleApplicationSecurityGroupsInDifferentVirtualNetworks']);
    expect(parsed.networkSecurityGroups[1]!.securityRules.map((r) => r.name)).not.toContain('x');
  });

  it('an invalid rule is dropped with its issue; the valid ones and the six defaults remain', () => {
    const { network: parsed, issues } = parseNetwork(
      network({ nicRules: [rule({ name: 'good', priority: 100 }), rule({ name: 'bad', priority: 50 })] }),
    );
    expect(codes(issues)).toEqual(['SecurityRuleInvalidPriority']);
    expect(issues[0]?.path).toEqual(['networkSecurityGroups', 1, 'securityRules', 1, 'priority']);
    expect(parsed.networkSecurityGroups[1]!.securityRules.map((r) => r.name)).toEqual([
      'good',
      ...DEFAULT_SECURITY_RULES.filter(() => true).map((r) => r.name),
    ]);
  });

  it('never stops at the first problem', () => {
    const { issues } = parseNetwork(
      network({
        nicRules: [rule({ name: '-x', priority: 1, protocol: 'ICMPv6', destinationPortRange: '1,2' })],
      }),
    );
    expect(codes(issues).sort()).toEqual([
      'InvalidResourceName',
      'SecurityRuleInvalidPortRange',
      'SecurityRuleInvalidPriority',
      'SecurityRuleInvalidProtocol',
    ]);
  });

  it('ids are compared case-insensitively across references', () => {
    const n = network();
    n.virtualNetworks[0]!.subnets[0]!.networkSecurityGroupId = NSG_SUBNET.toUpperCase();
    n.virtualMachines[0]!.networkInterfaces[0]!.id = NIC1.toLowerCase();
    expect(parseNetwork(n).issues).toEqual([]);
  });

  it('§8.1 admin rules: invalid rules dropped with a path into the manager, unknown groups reported', () => {
    const n = network({
      adminRules: [
        adminRule({ name: 'ok', priority: 1 }),
        adminRule({ name: 'star', priority: 2, protocol: '*' }),
        adminRule({
          name: 'ng',
          priority: 3,
          sources: [{ addressPrefix: `${RC}/nope`, addressPrefixType: 'NetworkGroup' }],
        }),
      ],
    });
    const { issues, network: parsed } = parseNetwork(n);
    expect(issues.map((i) => [i.code, i.path.join('/')])).toEqual([
      [
        'AdminRuleInvalidProtocol',
        'networkManagers/0/securityAdminConfigurations/0/ruleCollections/0/rules/1/protocol',
      ],
      [
        'ReferencedResourceNotFound',
        'networkManagers/0/securityAdminConfigurations/0/ruleCollections/0/rules/2/sources/0/addressPrefix',
      ],
    ]);
    expect(
      parsed.networkManagers[0]!.securityAdminConfigurations[0]!.ruleCollections[0]!.rules.map((r) => r.name),
    ).toEqual(['ok']);
  });

  it('§3 DEFAULT_SECURITY_RULES holds the six defaults with ARM names and descriptions', () => {
    expect(DEFAULT_SECURITY_RULES.map((r) => [r.name, r.direction, r.priority, r.access])).toEqual([
      ['AllowVnetInBound', 'Inbound', 65000, 'Allow'],
      ['AllowAzureLoadBalancerInBound', 'Inbound', 65001, 'Allow'],
      ['DenyAllInBound', 'Inbound', 65500, 'Deny'],
      ['AllowVnetOutBound', 'Outbound', 65000, 'Allow'],
      ['AllowInternetOutBound', 'Outbound', 65001, 'Allow'],
      ['DenyAllOutBound', 'Outbound', 65500, 'Deny'],
    ]);
    expect(DEFAULT_SECURITY_RULES[0]?.description).toBe('Allow inbound traffic from all VMs in VNET');
  });
});

describe('§2.2 parsers survive random input (issues, never exceptions)', () => {
  const anything = fc.anything({ maxDepth: 3 });
  it('validateSecurityRule / validateAdminRule on random objects', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            name: fc.oneof(fc.string(), anything),
            priority: fc.oneof(fc.integer(), anything),
            direction: fc.oneof(fc.constantFrom('Inbound', 'Outbound'), fc.string()),
            access: fc.string(),
            protocol: fc.string(),
            sourceAddressPrefix: fc.oneof(fc.string(), anything),
            sourceAddressPrefixes: fc.array(fc.string()),
            destinationPortRange: fc.string(),
            destinationPortRanges: anything,
            sources: anything,
            destinations: anything,
            kind: anything,
            id: fc.string(),
          },
          { requiredKeys: [] },
        ),
        (r) => {
          const a = validateSecurityRule(r as unknown as SecurityRuleInput);
          const b = validateAdminRule(r as unknown as AdminRuleInput);
          expect(Array.isArray(a) && Array.isArray(b)).toBe(true);
          expect(a.length + b.length).toBeGreaterThan(0);
        },
      ),
      { seed: 3, numRuns: 2000 },
    );
  });

  it('parseNetwork on random structures never throws and never reports an internal error', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            virtualNetworks: anything,
            networkSecurityGroups: fc.array(
              fc.record({ id: fc.string(), securityRules: fc.array(anything) }),
            ),
            applicationSecurityGroups: anything,
            networkInterfaces: fc.array(
              fc.record({
                id: fc.string(),
                ipConfigurations: fc.array(anything),
                networkSecurityGroupId: anything,
              }),
            ),
            virtualMachines: anything,
            serviceTags: anything,
            networkManagers: fc.array(
              fc.record({
                id: fc.string(),
                networkGroups: anything,
                securityAdminConfigurations: anything,
                deployments: anything,
                scope: anything,
              }),
            ),
            options: anything,
          },
          { requiredKeys: [] },
        ),
        (input) => {
          const { issues, network: parsed } = parseNetwork(input as unknown as NetworkInput);
          expect(issues.some((i) => i.code === 'InternalError')).toBe(false);
          expect(Array.isArray(parsed.networkSecurityGroups)).toBe(true);
        },
      ),
      { seed: 5, numRuns: 1500 },
    );
  });

  it('parseNetwork on non-objects', () => {
    for (const v of [null, undefined, 42, 'x', []]) {
      const r = parseNetwork(v as unknown as NetworkInput);
      expect(r.issues.some((i) => i.code === 'InternalError')).toBe(false);
    }
  });
});

describe('parse problems are data: wrong shapes are reported, not silently dropped (README "never throws")', () => {
  it.each([
    ['null input', null, []],
    ['a number as input', 42, []],
    ['an array as input', [], []],
    ['a string as input', 'x', []],
  ])('%s → one InvalidNetworkInput issue at the root', (_n, v, path) => {
    const r = parseNetwork(v as unknown as NetworkInput);
    expect(r.issues.map((i) => [i.code, i.path, i.severity])).toEqual([
      ['InvalidNetworkInput', path, 'error'],
    ]);
  });

  it.each([
    ['virtualNetworks', 5],
    ['networkSecurityGroups', 'x'],
    ['applicationSecurityGroups', {}],
    ['networkInterfaces', true],
    ['virtualMachines', { id: 'x' }],
    ['serviceTags', 'Storage'],
    ['networkManagers', 7],
  ])('%s given as a non-list → InvalidNetworkInput at that key', (k, v) => {
    const n = { ...network(), [k]: v } as unknown as NetworkInput;
    const { issues } = parseNetwork(n);
    expect(issues.filter((i) => i.code === 'InvalidNetworkInput').map((i) => i.path)).toEqual([[k]]);
  });

  it('absent optional lists and null are not problems', () => {
    const n = network();
    delete n.serviceTags;
    n.networkManagers = undefined;
    expect(parseNetwork(n).issues).toEqual([]);
  });

  it.each([
    ['validateSecurityRule', validateSecurityRule as (r: unknown) => unknown],
    ['validateAdminRule', validateAdminRule as (r: unknown) => unknown],
  ])('%s on an object whose getter throws returns an InternalError issue', (_n, validate) => {
    const hostile = Object.defineProperty({}, 'name', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expect(() => validate(hostile)).not.toThrow();
    expect(validate(hostile)).toEqual([expect.objectContaining({ code: 'InternalError', path: [] })]);
  });
});

describe('§4.4 / §8.4 issue paths name the field that holds the unknown tag or group', () => {
  const rc = ['networkManagers', 0, 'securityAdminConfigurations', 0, 'ruleCollections', 0, 'rules', 0];
  it.each([
    [
      'NSG rule, unknown tag as source',
      network({ nicRules: [rule({ name: 'r', priority: 100, sourceAddressPrefix: 'Sql.WestEurope' })] }),
      'UnknownServiceTag',
      ['networkSecurityGroups', 1, 'securityRules', 0, 'sourceAddressPrefix'],
    ],
    [
      'NSG rule, unknown tag as destination',
      network({ nicRules: [rule({ name: 'r', priority: 100, destinationAddressPrefix: 'Sql' })] }),
      'UnknownServiceTag',
      ['networkSecurityGroups', 1, 'securityRules', 0, 'destinationAddressPrefix'],
    ],
    [
      'admin rule, unknown tag in the second destination',
      network({
        adminRules: [
          adminRule({
            name: 'a',
            priority: 1,
            destinations: [
              { addressPrefix: '10.0.0.0/8', addressPrefixType: 'IPPrefix' },
              { addressPrefix: 'Sql', addressPrefixType: 'ServiceTag' },
            ],
          }),
        ],
      }),
      'UnknownServiceTag',
      [...rc, 'destinations', 1, 'addressPrefix'],
    ],
    [
      'admin rule, unknown network group as source',
      network({
        adminRules: [
          adminRule({
            name: 'a',
            priority: 1,
            sources: [{ addressPrefix: `${RC}/nope`, addressPrefixType: 'NetworkGroup' }],
          }),
        ],
      }),
      'ReferencedResourceNotFound',
      [...rc, 'sources', 0, 'addressPrefix'],
    ],
  ])('%s', (_n, input, code, path) => {
    expect(parseNetwork(input).issues.map((i) => [i.code, i.path])).toEqual([[code, path]]);
  });
});

describe('§1.3 an IP configuration reports all its problems at once (never stops at the first)', () => {
  const withConfig = (cfg: Record<string, unknown>): NetworkInput => {
    const n = network();
    (n.networkInterfaces[1]!.ipConfigurations as unknown[]).push(cfg);
    return n;
  };
  const at = (...p: (string | number)[]) => ['networkInterfaces', 1, 'ipConfigurations', 1, ...p];
  it.each([
    [
      'bad name, bad address, unknown subnet, unknown ASG',
      {
        name: '',
        privateIPAddress: '10.0.2.300',
        subnetId: `${SUBNET_WEB}-gone`,
        applicationSecurityGroupIds: ['x'],
      },
      [
        ['InvalidIpConfiguration', at('name')],
        ['InvalidIpAddress', at('privateIPAddress')],
        ['ReferencedResourceNotFound', at('subnetId')],
        ['ReferencedResourceNotFound', at('applicationSecurityGroupIds', 0)],
      ],
    ],
    [
      'version contradicting the address, unknown subnet',
      {
        name: 'c2',
        privateIPAddress: '10.0.2.9',
        privateIPAddressVersion: 'IPv6',
        subnetId: 'nope',
        applicationSecurityGroupIds: [],
      },
      [
        ['InvalidIpAddressVersion', at('privateIPAddressVersion')],
        ['ReferencedResourceNotFound', at('subnetId')],
      ],
    ],
  ])('%s', (_n, cfg, expected) => {
    const { issues, network: parsed } = parseNetwork(withConfig(cfg));
    expect(issues.filter((i) => i.path[0] === 'networkInterfaces').map((i) => [i.code, i.path])).toEqual(
      expected,
    );
    // the configuration is still dropped
    expect(parsed.networkInterfaces[1]!.ipConfigurations.map((c) => c.name)).toEqual(['ipconfig1']);
  });
});

describe('§2.2.1 / §8.1 a rule dropped for a duplicate still reports its other problems', () => {
  it('an NSG rule with a duplicate name and a duplicate (priority, direction) gets both issues', () => {
    const { issues } = parseNetwork(
      network({ nicRules: [rule({ name: 'a', priority: 100 }), rule({ name: 'A', priority: 100 })] }),
    );
    expect(issues.map((i) => [i.code, i.path.join('/')])).toEqual([
      ['SecurityRuleNameNotUnique', 'networkSecurityGroups/1/securityRules/1/name'],
      ['SecurityRuleConflict', 'networkSecurityGroups/1/securityRules/1/priority'],
    ]);
  });

  it('an admin rule with a duplicate id is still validated', () => {
    const dup = adminRule({ name: 'b', priority: 0, protocol: '*' });
    dup.id = adminRule({ name: 'a', priority: 1 }).id;
    const { issues } = parseNetwork(network({ adminRules: [adminRule({ name: 'a', priority: 1 }), dup] }));
    const rp = 'networkManagers/0/securityAdminConfigurations/0/ruleCollections/0/rules/1';
    expect(issues.map((i) => [i.code, i.path.join('/')])).toEqual([
      ['DuplicateResourceId', `${rp}/id`],
      ['AdminRuleInvalidPriority', `${rp}/priority`],
      ['AdminRuleInvalidProtocol', `${rp}/protocol`],
    ]);
  });
});

describe('§4.3 a malformed internetExclusions keeps the default exclusions and says so', () => {
  const parsedWith = (options: unknown) => {
    const n = network();
    n.options = options as NetworkInput['options'];
    return parseNetwork(n);
  };
  const defaults = parsedWith(undefined).network.options.internetExclusions.map((p) => p.text);
  it.each([
    [
      'a string instead of a list',
      { internetExclusions: '192.168.0.0/16' },
      [['options', 'internetExclusions']],
    ],
    ['an object instead of a list', { internetExclusions: { a: 1 } }, [['options', 'internetExclusions']]],
    ['null (absent)', { internetExclusions: null }, []],
    ['options not an object', 5, [['options']]],
  ])('%s', (_n, options, paths) => {
    const { network: parsed, issues } = parsedWith(options);
    expect(parsed.options.internetExclusions.map((p) => p.text)).toEqual(defaults);
    expect(issues.map((i) => [i.code, i.path])).toEqual(paths.map((p) => ['InvalidNetworkInput', p]));
  });

  it('an explicit empty list still means no exclusions', () => {
    expect(parsedWith({ internetExclusions: [] }).network.options.internetExclusions).toEqual([]);
  });
});

describe('a nested list given as a scalar is reported where it is, not read as empty in silence', () => {
  const m = ['networkManagers', 0];
  const loose = (o: unknown): Record<string, unknown> => o as Record<string, unknown>;
  it.each<[string, (n: NetworkInput) => void, (string | number)[]]>([
    [
      'VNet addressPrefixes as a string',
      (n) => (loose(n.virtualNetworks[0]).addressPrefixes = '10.0.0.0/16'),
      ['virtualNetworks', 0, 'addressPrefixes'],
    ],
    [
      'subnet addressPrefixes as a string',
      (n) => (loose(n.virtualNetworks[0]!.subnets[1]).addressPrefixes = '10.0.2.0/24'),
      ['virtualNetworks', 0, 'subnets', 1, 'addressPrefixes'],
    ],
    [
      'peering remoteAddressPrefixes as a string',
      (n) => (loose(n.virtualNetworks[0]!.virtualNetworkPeerings[0]).remoteAddressPrefixes = '10.1.0.0/16'),
      ['virtualNetworks', 0, 'virtualNetworkPeerings', 0, 'remoteAddressPrefixes'],
    ],
    [
      'IP configuration ASGs as a string',
      (n) => (loose(n.networkInterfaces[1]!.ipConfigurations[0]).applicationSecurityGroupIds = ASG_APP),
      ['networkInterfaces', 1, 'ipConfigurations', 0, 'applicationSecurityGroupIds'],
    ],
    [
      'NSG securityRules as an object',
      (n) => (loose(n.networkSecurityGroups[0]).securityRules = {}),
      ['networkSecurityGroups', 0, 'securityRules'],
    ],
    [
      'VM networkInterfaces as an object',
      (n) => (loose(n.virtualMachines[1]).networkInterfaces = { id: 'x' }),
      ['virtualMachines', 1, 'networkInterfaces'],
    ],
    [
      'service tag addressPrefixes as a string',
      (n) => (loose(n.serviceTags![0]).addressPrefixes = '20.60.0.0/16'),
      ['serviceTags', 0, 'addressPrefixes'],
    ],
    [
      'manager scope subscriptions as a string',
      (n) => (loose(n.networkManagers![0]!.scope).subscriptions = 'sub'),
      [...m, 'scope', 'subscriptions'],
    ],
    [
      'network group staticMemberIds as a string',
      (n) => (loose(n.networkManagers![0]!.networkGroups[0]).staticMemberIds = 'x'),
      [...m, 'networkGroups', 0, 'staticMemberIds'],
    ],
    [
      'rule collection appliesToGroupIds as a string',
      (n) =>
        (loose(n.networkManagers![0]!.securityAdminConfigurations[0]!.ruleCollections[0]).appliesToGroupIds =
          'x'),
      [...m, 'securityAdminConfigurations', 0, 'ruleCollections', 0, 'appliesToGroupIds'],
    ],
    [
      'deployment configurationIds as a string',
      (n) => (loose(n.networkManagers![0]!.deployments[0]).configurationIds = 'x'),
      [...m, 'deployments', 0, 'configurationIds'],
    ],
  ])('%s', (_n, mutate, path) => {
    const n = network({ adminRules: [adminRule({ name: 'a', priority: 1 })] });
    mutate(n);
    const found = parseNetwork(n).issues.filter((i) => i.code === 'InvalidNetworkInput');
    expect(found.map((i) => i.path)).toEqual([path]);
  });
});

describe('flags given as strings are reported, not read as false in silence', () => {
  const loose = (o: unknown): Record<string, unknown> => o as Record<string, unknown>;
  it.each<[string, (n: NetworkInput) => void, string, (string | number)[]]>([
    [
      'peering allowVirtualNetworkAccess "true"',
      (n) => (loose(n.virtualNetworks[0]!.virtualNetworkPeerings[0]).allowVirtualNetworkAccess = 'true'),
      'InvalidNetworkInput',
      ['virtualNetworks', 0, 'virtualNetworkPeerings', 0, 'allowVirtualNetworkAccess'],
    ],
    [
      'NIC enableIPForwarding "true"',
      (n) => (loose(n.networkInterfaces[0]).enableIPForwarding = 'true'),
      'InvalidNetworkInput',
      ['networkInterfaces', 0, 'enableIPForwarding'],
    ],
    [
      'VNet adminRulesExempt 1',
      (n) => (loose(n.virtualNetworks[0]).adminRulesExempt = 1),
      'InvalidNetworkInput',
      ['virtualNetworks', 0, 'adminRulesExempt'],
    ],
    [
      'subnet adminRulesExempt "yes"',
      (n) => (loose(n.virtualNetworks[0]!.subnets[0]).adminRulesExempt = 'yes'),
      'InvalidNetworkInput',
      ['virtualNetworks', 0, 'subnets', 0, 'adminRulesExempt'],
    ],
    [
      'deployment without a deploymentType',
      (n) => delete loose(n.networkManagers![0]!.deployments[0]).deploymentType,
      'InvalidDeployment',
      ['networkManagers', 0, 'deployments', 0, 'deploymentType'],
    ],
  ])('%s', (_n, mutate, code, path) => {
    const n = network({ adminRules: [adminRule({ name: 'a', priority: 1 })] });
    mutate(n);
    expect(parseNetwork(n).issues.map((i) => [i.code, i.path])).toEqual([[code, path]]);
  });
});

describe('§4.1 a peering state other than Initiated, Connected, Disconnected is reported', () => {
  it.each([
    [
      'FullyInSync',
      [['InvalidPeering', ['virtualNetworks', 0, 'virtualNetworkPeerings', 0, 'peeringState']]],
    ],
    [undefined, [['InvalidPeering', ['virtualNetworks', 0, 'virtualNetworkPeerings', 0, 'peeringState']]]],
    ['connected', []],
    ['Disconnected', []],
    ['Initiated', []],
  ])('%s', (state, expected) => {
    const n = network();
    (n.virtualNetworks[0]!.virtualNetworkPeerings[0] as unknown as Record<string, unknown>).peeringState =
      state;
    expect(parseNetwork(n).issues.map((i) => [i.code, i.path])).toEqual(expected);
  });
});
