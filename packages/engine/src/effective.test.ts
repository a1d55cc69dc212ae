import { compilePolicy } from './compile';
import { createVerifier } from './evaluate';
import { parseNetwork } from './parse';
import { ASG_APP, NIC1, NM, NSG_NIC, NSG_SUBNET, adminRule, network, rule } from './test/fixtures';

function effective(input = network()) {
  const { network: parsed } = parseNetwork(input);
  const r = createVerifier(parsed).effectiveSecurityRules(NIC1);
  if (!r.ok) throw new Error(r.error.message);
  return r.rules;
}

describe('§10 effective security rules', () => {
  it('lists admin rules, then the NSGs in evaluation order per direction (custom + defaults)', () => {
    const rules = effective(
      network({
        subnetRules: [rule({ name: 's', priority: 100 })],
        nicRules: [rule({ name: 'n', priority: 100, direction: 'Outbound' })],
        adminRules: [adminRule({ name: 'adm', priority: 5 })],
      }),
    );
    expect(rules.map((r) => `${r.direction}:${r.layer}:${r.ruleName}`)).toEqual([
      'Inbound:adminRule:adm',
      'Inbound:subnetNsg:securityRules/s',
      'Inbound:subnetNsg:defaultSecurityRules/AllowVnetInBound',
      'Inbound:subnetNsg:defaultSecurityRules/AllowAzureLoadBalancerInBound',
      'Inbound:subnetNsg:defaultSecurityRules/DenyAllInBound',
      'Inbound:nicNsg:defaultSecurityRules/AllowVnetInBound',
      'Inbound:nicNsg:defaultSecurityRules/AllowAzureLoadBalancerInBound',
      'Inbound:nicNsg:defaultSecurityRules/DenyAllInBound',
      'Outbound:nicNsg:securityRules/n',
      'Outbound:nicNsg:defaultSecurityRules/AllowVnetOutBound',
      'Outbound:nicNsg:defaultSecurityRules/AllowInternetOutBound',
      'Outbound:nicNsg:defaultSecurityRules/DenyAllOutBound',
      'Outbound:subnetNsg:defaultSecurityRules/AllowVnetOutBound',
      'Outbound:subnetNsg:defaultSecurityRules/AllowInternetOutBound',
      'Outbound:subnetNsg:defaultSecurityRules/DenyAllOutBound',
    ]);
    expect(rules[0]).toMatchObject({ sourceId: NM, ruleKind: 'admin' });
    expect(rules[1]).toMatchObject({ sourceId: NSG_SUBNET, ruleKind: 'custom' });
    expect(rules[5]).toMatchObject({ sourceId: NSG_NIC, ruleKind: 'default' });
  });

  it('shows the defaults as Azure does (0.0.0.0/0, 0-65535, All) and expands tags', () => {
    const rules = effective();
    const denyAll = rules.find((r) => r.ruleName === 'defaultSecurityRules/DenyAllInBound');
    expect(denyAll).toMatchObject({
      sourceAddressPrefixes: ['0.0.0.0/0'],
      sourcePortRanges: ['0-65535'],
      destinationPortRanges: ['0-65535'],
      protocol: 'All',
    });
    const vnet = rules.find((r) => r.ruleName === 'defaultSecurityRules/AllowVnetInBound');
    expect(vnet?.sourceAddressPrefixes).toEqual(['VirtualNetwork']);
    // VNet 10.0/16 and its peer 10.1/16 merge into 10.0.0.0/15 (minimal CIDR cover)
    expect(vnet?.expandedSourceAddressPrefixes).toEqual(['10.0.0.0/15', '168.63.129.16/32', 'fd00:1::/48']);
    const internet = rules.find((r) => r.ruleName === 'defaultSecurityRules/AllowInternetOutBound');
    expect(internet?.expandedDestinationAddressPrefixes.slice(0, 6)).toEqual([
      '1.0.0.0/8',
      '2.0.0.0/7',
      '4.0.0.0/6',
      '8.0.0.0/7',
      '11.0.0.0/8',
      '12.0.0.0/6',
    ]);
  });

  it("expands ASGs to their members' addresses", () => {
    const rules = effective(
      network({
        nicRules: [
          rule({
            name: 'asg',
            priority: 100,
            sourceAddressPrefix: null,
            sourceApplicationSecurityGroupIds: [ASG_APP],
          }),
        ],
      }),
    );
    expect(rules.find((r) => r.ruleName === 'securityRules/asg')?.expandedSourceAddressPrefixes).toEqual([
      '10.0.2.4/32',
    ]);
  });

  it('an unknown NIC is a NotFound error, not an exception', () => {
    const { network: parsed } = parseNetwork(network());
    expect(createVerifier(parsed).effectiveSecurityRules(`${NIC1}-nope`)).toMatchObject({
      ok: false,
      error: { code: 'NotFound' },
    });
  });
});

describe('§3 compiled policy (task 3)', () => {
  it('exposes layers as interval sets over address, port and protocol', () => {
    const { network: parsed } = parseNetwork(
      network({
        nicRules: [
          rule({
            name: 'web',
            priority: 100,
            destinationPortRanges: ['80', '443'],
            destinationPortRange: null,
            protocol: 'Tcp',
            sourceAddressPrefix: '13.0.0.0/8',
          }),
        ],
      }),
    );
    const p = compilePolicy(parsed, NIC1);
    expect(p).not.toBeNull();
    expect(p?.inboundNsgLayers.map((l) => l.layer)).toEqual(['subnetNsg', 'nicNsg']);
    expect(p?.outboundNsgLayers.map((l) => l.layer)).toEqual(['nicNsg', 'subnetNsg']);
    const web = p?.nicNsg?.inbound.rules[0];
    expect(web).toMatchObject({
      ruleName: 'securityRules/web',
      matchesTcp: true,
      matchesUdp: false,
      destinationPorts: [80, 80, 443, 443],
    });
    expect(web?.source.v4).toEqual([13 * 2 ** 24, 14 * 2 ** 24 - 1]);
    expect(web?.source.v6).toEqual([]);
    expect(compilePolicy(parsed, NIC1, 'ipconfig-v6')?.family).toBe(6);
    expect(compilePolicy(parsed, `${NIC1}x`)).toBeNull();
  });

  it('a new network gives a new compiled policy (no stale cache)', () => {
    const a = parseNetwork(
      network({ nicRules: [rule({ name: 'x', priority: 100, access: 'Deny' })] }),
    ).network;
    const b = parseNetwork(
      network({ nicRules: [rule({ name: 'x', priority: 100, access: 'Allow' })] }),
    ).network;
    expect(compilePolicy(a, NIC1)?.nicNsg?.inbound.rules[0]?.access).toBe('Deny');
    expect(compilePolicy(b, NIC1)?.nicNsg?.inbound.rules[0]?.access).toBe('Allow');
  });
});

describe('compiled form: garbage ids come back as null, never as an exception (README "never throws")', () => {
  const { network: parsed } = parseNetwork(network());
  const verifier = createVerifier(parsed);
  it.each([
    ['a number as NIC id', 5, undefined],
    ['null as NIC id', null, undefined],
    ['an object as NIC id', {}, undefined],
    ['a number as IP configuration name', NIC1, 5],
    ['an object as IP configuration name', NIC1, {}],
  ])('%s', (_n, nicId, cfgName) => {
    expect(compilePolicy(parsed, nicId as string, cfgName as string | undefined)).toBeNull();
    expect(verifier.compiledPolicy(nicId as string, cfgName as string | undefined)).toBeNull();
  });
});
