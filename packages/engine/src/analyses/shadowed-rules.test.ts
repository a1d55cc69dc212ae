import { formatIpv4, formatIpv6 } from '../address';
import { generateNetwork, type GenerateOptions } from '../bench/generate';
import type { CompiledRule } from '../compile';
import { createVerifier, type Verifier } from '../evaluate';
import type { FlowQueryInput, Network, NetworkInput } from '../model';
import { allRunning, parsed } from '../test/analysis-helpers';
import { NM, NSG_NIC, NSG_SUBNET, RC, adminRule, network, rule } from '../test/fixtures';
import { findShadowedRules, type ShadowedRule } from './shadowed-rules';

const NSG_RULE = (name: string, nsg = NSG_SUBNET): string => `${nsg}/securityRules/${name}`;
const brief = (s: ShadowedRule): unknown => ({
  name: s.name,
  reason: s.reason,
  by: s.shadowedBy.map(
    (b) =>
      `${b.layer === 'adminRule' ? 'admin' : b.networkSecurityGroupId === NSG_NIC ? 'nic' : 'subnet'}:${b.ruleName}:${b.access}`,
  ),
});

describe('findShadowedRules — NSG rules, table cases', () => {
  it('§3 a rule below an allow-all of the same direction is shadowed generically', () => {
    const net = parsed(
      network({
        subnetRules: [
          rule({ name: 'all', priority: 100 }),
          rule({ name: 'web', priority: 200, protocol: 'Tcp', destinationPortRange: '80' }),
          rule({ name: 'out', priority: 200, direction: 'Outbound', destinationPortRange: '80' }),
        ],
      }),
    );
    expect(findShadowedRules(net, NSG_SUBNET)).toEqual([
      {
        ruleName: 'securityRules/web',
        name: 'web',
        kind: 'securityRule',
        ruleId: NSG_RULE('web'),
        priority: 200,
        direction: 'Inbound',
        coveringRules: ['securityRules/all'],
        shadowedBy: [
          {
            layer: 'networkSecurityGroup',
            ruleName: 'securityRules/all',
            ruleId: NSG_RULE('all'),
            networkSecurityGroupId: NSG_SUBNET,
            access: 'Allow',
            priority: 100,
          },
        ],
        reason: 'generic',
        contexts: 3,
      },
    ]);
  });

  it('§4.1 covered only through the context: VirtualNetwork expands over the subnet prefix; two rules together cover a range', () => {
    const net = parsed(
      network({
        subnetRules: [
          rule({ name: 'vnet', priority: 100, sourceAddressPrefix: 'VirtualNetwork', protocol: 'Tcp' }),
          rule({ name: 'low', priority: 110, protocol: 'Udp', destinationPortRange: '0-999' }),
          rule({ name: 'high', priority: 120, protocol: 'Udp', destinationPortRange: '1000-65535' }),
          rule({
            name: 'app',
            priority: 200,
            sourceAddressPrefix: '10.0.2.0/24',
            protocol: 'Tcp',
            destinationPortRange: '1433',
          }),
          rule({ name: 'udp', priority: 210, protocol: 'Udp', destinationPortRange: '900-1100' }),
          rule({
            name: 'alive',
            priority: 300,
            protocol: '*',
            sourceAddressPrefix: 'Internet',
            destinationPortRange: '22',
          }),
        ],
      }),
    );
    const found = findShadowedRules(net, NSG_SUBNET);
    expect(found.map((s) => [s.name, s.reason, s.coveringRules])).toEqual([
      ['app', 'contexts', ['securityRules/vnet']],
      ['udp', 'contexts', ['securityRules/high', 'securityRules/low']],
    ]);
    expect(findShadowedRules(net, 'nope')).toEqual([]);
  });

  it('§1.6 an NSG applied to no subnet and no NIC gets the generic check only', () => {
    const input = network({
      subnetRules: [
        rule({ name: 'all', priority: 100 }),
        rule({ name: 'x', priority: 200, sourceAddressPrefix: '10.0.0.0/8' }),
      ],
    });
    input.virtualNetworks[0]!.subnets[0]!.networkSecurityGroupId = null;
    const found = findShadowedRules(parsed(input), NSG_SUBNET);
    expect(found).toMatchObject([
      { name: 'x', reason: 'generic', contexts: 0, coveringRules: ['securityRules/all'] },
    ]);
  });

  it('§8.5 an admin Deny over the whole match space: the NSG rule never decides (reason higherLayers, names the admin rule)', () => {
    const net = parsed(
      network({
        subnetRules: [rule({ name: 'ssh', priority: 100, protocol: 'Tcp', destinationPortRange: '22' })],
        adminRules: [
          adminRule({ name: 'no-ssh', priority: 10, protocol: 'Tcp', destinationPortRanges: ['20-23'] }),
        ],
      }),
    );
    const found = findShadowedRules(net, NSG_SUBNET);
    expect(found.map(brief)).toEqual([{ name: 'ssh', reason: 'higherLayers', by: ['admin:no-ssh:Deny'] }]);
    expect(found[0]?.shadowedBy[0]).toMatchObject({
      ruleId: `${RC}/rules/no-ssh`,
      networkSecurityGroupId: null,
    });
  });

  it('§8.5 an admin AlwaysAllow decides too: NSG rules under it are shadowed', () => {
    const net = parsed(
      network({
        subnetRules: [
          rule({
            name: 'deny-web',
            priority: 100,
            access: 'Deny',
            protocol: 'Tcp',
            destinationPortRange: '80',
          }),
        ],
        adminRules: [
          adminRule({
            name: 'web',
            priority: 5,
            access: 'AlwaysAllow',
            destinationPortRanges: ['80', '443'],
          }),
        ],
      }),
    );
    expect(findShadowedRules(net, NSG_SUBNET).map(brief)).toEqual([
      { name: 'deny-web', reason: 'higherLayers', by: ['admin:web:AlwaysAllow'] },
    ]);
  });

  it('§8.5 an admin Allow passes to the NSGs: it shadows no NSG rule', () => {
    const net = parsed(
      network({
        subnetRules: [rule({ name: 'ssh', priority: 100, protocol: 'Tcp', destinationPortRange: '22' })],
        adminRules: [adminRule({ name: 'allow-all', priority: 1, access: 'Allow' })],
      }),
    );
    expect(findShadowedRules(net, NSG_SUBNET)).toEqual([]);
  });

  it('§8.5 an admin Deny covering only part of the rule leaves it live (it decides the rest)', () => {
    const net = parsed(
      network({
        subnetRules: [rule({ name: 'range', priority: 100, protocol: 'Tcp', destinationPortRange: '20-30' })],
        adminRules: [
          adminRule({ name: 'no-ssh', priority: 10, protocol: 'Tcp', destinationPortRanges: ['22'] }),
        ],
      }),
    );
    expect(findShadowedRules(net, NSG_SUBNET)).toEqual([]);
  });

  it('§8.5 + §6.2 an admin Deny and a higher NSG rule together cover a rule: both are named', () => {
    const net = parsed(
      network({
        subnetRules: [
          rule({ name: 'udp-all', priority: 100, protocol: 'Udp' }),
          rule({ name: 'any-22', priority: 200, protocol: '*', destinationPortRange: '22' }),
        ],
        adminRules: [
          adminRule({ name: 'no-tcp-ssh', priority: 10, protocol: 'Tcp', destinationPortRanges: ['22'] }),
        ],
      }),
    );
    expect(findShadowedRules(net, NSG_SUBNET).map(brief)).toEqual([
      {
        name: 'any-22',
        reason: 'higherLayers',
        by: ['admin:no-tcp-ssh:Deny', 'subnet:securityRules/udp-all:Allow'],
      },
    ]);
  });

  it('§6.2 inbound evaluates the subnet NSG first: a NIC NSG rule under a subnet Deny never decides', () => {
    const net = parsed(
      network({
        subnetRules: [rule({ name: 'no-rdp', priority: 100, access: 'Deny', destinationPortRange: '3389' })],
        nicRules: [rule({ name: 'rdp', priority: 100, protocol: 'Tcp', destinationPortRange: '3389' })],
      }),
    );
    expect(findShadowedRules(net, NSG_NIC).map(brief)).toEqual([
      { name: 'rdp', reason: 'higherLayers', by: ['subnet:securityRules/no-rdp:Deny'] },
    ]);
    // the subnet rule decides: it is not shadowed
    expect(findShadowedRules(net, NSG_SUBNET)).toEqual([]);
  });

  it('§6.2 outbound evaluates the NIC NSG first: a subnet rule under a NIC Deny never decides, and vice versa it is live', () => {
    const out = (name: string, access: 'Allow' | 'Deny'): ReturnType<typeof rule> =>
      rule({ name, priority: 100, direction: 'Outbound', access, destinationPortRange: '1433' });
    const net = parsed(network({ subnetRules: [out('sql', 'Allow')], nicRules: [out('no-sql', 'Deny')] }));
    expect(findShadowedRules(net, NSG_SUBNET).map(brief)).toEqual([
      { name: 'sql', reason: 'higherLayers', by: ['nic:securityRules/no-sql:Deny'] },
    ]);
    // inbound the same pair is evaluated the other way round: nothing is hidden
    const inbound = parsed(
      network({
        subnetRules: [rule({ name: 'sql', priority: 100, destinationPortRange: '1433' })],
        nicRules: [rule({ name: 'no-sql', priority: 100, access: 'Deny', destinationPortRange: '1433' })],
      }),
    );
    expect(findShadowedRules(inbound, NSG_SUBNET)).toEqual([]);
    expect(findShadowedRules(inbound, NSG_NIC)).toEqual([]);
  });

  it('§8.3 admin rules that do not apply (deployed to another region) shadow nothing', () => {
    const net = parsed(
      network({
        subnetRules: [rule({ name: 'ssh', priority: 100, protocol: 'Tcp', destinationPortRange: '22' })],
        adminRules: [adminRule({ name: 'no-ssh', priority: 10, destinationPortRanges: ['22'] })],
        adminRegion: 'northeurope',
      }),
    );
    expect(findShadowedRules(net, NSG_SUBNET)).toEqual([]);
    expect(findShadowedRules(net, NM)).toEqual([]);
  });
});

describe('findShadowedRules — admin rules (network manager id), table cases', () => {
  it('§8.5 a lower admin rule under a higher one that matches first is shadowed, whatever the access', () => {
    const net = parsed(
      network({
        subnetRules: [],
        adminRules: [
          // an exception first (AVNM-ENF pattern): Allow pre-empts the org-wide Deny for port 22 only
          adminRule({ name: 'allow-ssh-app', priority: 5, access: 'Allow', destinationPortRanges: ['22'] }),
          adminRule({ name: 'deny-ssh', priority: 10, access: 'Deny', destinationPortRanges: ['22'] }),
          adminRule({ name: 'deny-rdp', priority: 20, access: 'Deny', destinationPortRanges: ['3389'] }),
          adminRule({ name: 'always-any', priority: 30, access: 'AlwaysAllow' }),
          adminRule({
            name: 'rdp-again',
            priority: 40,
            access: 'Allow',
            protocol: 'Tcp',
            destinationPortRanges: ['3389'],
          }),
        ],
      }),
    );
    const found = findShadowedRules(net, NM);
    expect(found.map(brief)).toEqual([
      { name: 'deny-ssh', reason: 'contexts', by: ['admin:allow-ssh-app:Allow'] },
      { name: 'rdp-again', reason: 'contexts', by: ['admin:deny-rdp:Deny'] },
    ]);
    expect(found[0]).toMatchObject({
      kind: 'adminRule',
      ruleName: 'deny-ssh',
      ruleId: `${RC}/rules/deny-ssh`,
      priority: 10,
      direction: 'Inbound',
      contexts: 4,
    });
  });

  it('§8.5 an admin rule that matches first somewhere is live; an admin rule matching no IP configuration is reported with no covering rule', () => {
    const net = parsed(
      network({
        subnetRules: [],
        adminRules: [
          adminRule({ name: 'deny-22', priority: 10, destinationPortRanges: ['22'] }),
          adminRule({ name: 'deny-20-30', priority: 20, destinationPortRanges: ['20-30'] }),
          adminRule({
            name: 'elsewhere',
            priority: 30,
            destinations: [{ addressPrefix: '192.168.0.0/16', addressPrefixType: 'IPPrefix' }],
          }),
        ],
      }),
    );
    expect(findShadowedRules(net, NM).map(brief)).toEqual([
      { name: 'elsewhere', reason: 'contexts', by: [] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Brute force: on small random policies, every cell of every context is probed (the product of every
// layer's remote and port boundaries), and a rule is live iff some probe's trace shows it as its evaluated
// layer's match. findShadowedRules must report exactly the rules that are never live.
// ---------------------------------------------------------------------------------------------------

const OPTIONS: GenerateOptions = {
  vnets: 2,
  subnetsPerVnet: 2,
  nicsPerSubnet: 1,
  nsgs: 3,
  rulesPerNsg: 8,
  adminRules: 8,
  asgs: 2,
  ipv6: 0.25,
  forwarding: 0,
  allNsgs: false,
  adminAlwaysApplies: false,
  unknownTags: true,
};

function flatCuts(flat: ArrayLike<number | bigint>, into: Set<number | bigint>, max: number | bigint): void {
  for (let i = 0; i + 1 < flat.length; i += 2) {
    into.add(flat[i] as number | bigint);
    const hi = flat[i + 1] as number | bigint;
    if (hi < max) into.add(typeof hi === 'bigint' ? hi + 1n : hi + 1);
  }
}

interface Probe {
  query: FlowQueryInput;
}

/** Every cell of every IP configuration × direction × protocol (one probe per cell). */
function probesOf(input: NetworkInput, net: Network, v: Verifier): Probe[] {
  const out: Probe[] = [];
  for (const vm of input.virtualMachines) {
    for (const ref of vm.networkInterfaces) {
      const nic = net.networkInterfaces.find((n) => n.id === ref.id);
      if (!nic) continue;
      for (const cfg of nic.ipConfigurations) {
        const p = v.compiledPolicy(nic.id, cfg.name);
        if (!p) continue;
        for (const direction of ['Inbound', 'Outbound'] as const) {
          const inbound = direction === 'Inbound';
          const family = p.family;
          const zero = family === 4 ? 0 : 0n;
          const max = family === 4 ? 0xffffffff : (1n << 128n) - 1n;
          const remote = new Set<number | bigint>([zero]);
          const lp = new Set<number | bigint>([0]);
          const rp = new Set<number | bigint>([0]);
          const layers = [p.admin, ...(inbound ? p.inboundNsgLayers : p.outboundNsgLayers)];
          for (const l of layers) {
            if (!l) continue;
            for (const r of (inbound ? l.inbound : l.outbound).rules as CompiledRule[]) {
              const set = inbound ? r.source : r.destination;
              flatCuts(family === 4 ? set.v4 : set.v6, remote, max);
              flatCuts(inbound ? r.destinationPorts : r.sourcePorts, lp, 65535);
              flatCuts(inbound ? r.sourcePorts : r.destinationPorts, rp, 65535);
            }
          }
          for (const protocol of ['TCP', 'UDP'])
            for (const a of remote)
              for (const l of lp)
                for (const r of rp)
                  out.push({
                    query: {
                      targetResourceId: vm.id,
                      targetNicResourceId: nic.id,
                      direction,
                      protocol,
                      localIpAddress: cfg.privateIPAddress,
                      localPort: String(l),
                      remoteIpAddress: family === 4 ? formatIpv4(Number(a)) : formatIpv6(BigInt(a)),
                      remotePort: String(r),
                    },
                  });
        }
      }
    }
  }
  return out;
}

const totals = { nsgShadowed: 0, adminShadowed: 0, higherLayers: 0, live: 0 };

describe('findShadowedRules — brute force over every cell of small random policies (seeded)', () => {
  it.each(Array.from({ length: 12 }, (_, i) => 700 + i))(
    'seed %i: reported = never the evaluated match of its layer, and every shadowing rule is live',
    (seed) => {
      const input = allRunning(generateNetwork(seed, OPTIONS));
      const net = parsed(input);
      const v = createVerifier(net);
      const probes = probesOf(input, net, v);
      expect(probes.length).toBeGreaterThan(100);
      const live = new Set<string>(); // `nsg|<nsg id>|<ruleName>` or `admin|<rule id>`
      const nsgsWithContext = new Set<string>();
      const adminApplied = new Map<string, Set<string>>(); // manager → admin rule ids in some context
      for (const nic of net.networkInterfaces) {
        for (const cfg of nic.ipConfigurations) {
          const p = v.compiledPolicy(nic.id, cfg.name);
          if (!p) continue;
          for (const l of [p.subnetNsg, p.nicNsg]) if (l) nsgsWithContext.add(l.id.toLowerCase());
          for (const r of p.admin?.rules ?? []) {
            const m = (r.networkManagerId ?? '').toLowerCase();
            adminApplied.set(m, (adminApplied.get(m) ?? new Set()).add((r.ruleId ?? '').toLowerCase()));
          }
        }
      }
      for (const { query } of probes) {
        const r = v.verifyFlow(query, { trace: true });
        if (!r.ok) throw new Error(`${JSON.stringify(query)}: ${r.error.message}`);
        for (const t of r.verdict.trace ?? []) {
          if (!t.matchedRule) continue;
          if (t.layer === 'adminRule') live.add(`admin|${(t.matchedRule.ruleId ?? '').toLowerCase()}`);
          else live.add(`nsg|${t.id.toLowerCase()}|${t.matchedRule.ruleName}`);
        }
      }
      totals.live += live.size;
      const isLive = (s: {
        layer: string;
        ruleName: string;
        ruleId: string | null;
        networkSecurityGroupId: string | null;
      }): boolean =>
        s.layer === 'adminRule'
          ? live.has(`admin|${(s.ruleId ?? '').toLowerCase()}`)
          : live.has(`nsg|${(s.networkSecurityGroupId ?? '').toLowerCase()}|${s.ruleName}`);
      for (const nsg of net.networkSecurityGroups) {
        if (!nsgsWithContext.has(nsg.id.toLowerCase())) continue;
        const found = findShadowedRules(net, nsg.id);
        const expected = nsg.securityRules
          .filter(
            (r) => r.kind === 'custom' && !live.has(`nsg|${nsg.id.toLowerCase()}|securityRules/${r.name}`),
          )
          .map((r) => `${r.direction}:${r.name}`)
          .sort();
        expect({ nsg: nsg.id, shadowed: found.map((s) => `${s.direction}:${s.name}`).sort() }).toEqual({
          nsg: nsg.id,
          shadowed: expected,
        });
        for (const s of found) {
          for (const b of s.shadowedBy)
            expect({ rule: s.name, by: b, live: isLive(b) }).toEqual({ rule: s.name, by: b, live: true });
          if (s.reason === 'higherLayers') totals.higherLayers++;
        }
        totals.nsgShadowed += found.length;
        // removing a shadowed rule changes no verdict (access, deciding rule, layer)
        for (const s of found.slice(0, 1)) {
          const without = structuredClone(input);
          const g = without.networkSecurityGroups.find((n) => n.id === nsg.id);
          if (g) g.securityRules = g.securityRules.filter((r) => r.name !== s.name);
          const v2 = createVerifier(parsed(without));
          const essence = (x: ReturnType<Verifier['verifyFlow']>): unknown =>
            x.ok ? [x.verdict.access, x.verdict.ruleName, x.verdict.decidedBy] : x.error.code;
          for (let i = 0; i < probes.length; i += 5) {
            const q = (probes[i] as Probe).query;
            expect({ q, removed: s.name, v: essence(v2.verifyFlow(q)) }).toEqual({
              q,
              removed: s.name,
              v: essence(v.verifyFlow(q)),
            });
          }
        }
      }
      for (const m of net.networkManagers) {
        const applied = adminApplied.get(m.id.toLowerCase()) ?? new Set<string>();
        const found = findShadowedRules(net, m.id);
        const expected = [...applied].filter((id) => !live.has(`admin|${id}`)).sort();
        expect({ manager: m.id, shadowed: found.map((s) => (s.ruleId ?? '').toLowerCase()).sort() }).toEqual({
          manager: m.id,
          shadowed: expected,
        });
        for (const s of found)
          for (const b of s.shadowedBy)
            expect({ rule: s.name, by: b, live: isLive(b) }).toEqual({ rule: s.name, by: b, live: true });
        totals.adminShadowed += found.length;
      }
    },
  );

  it('the seeds exercise every kind of result', () => {
    expect(totals.nsgShadowed).toBeGreaterThan(5);
    expect(totals.adminShadowed).toBeGreaterThan(0);
    expect(totals.higherLayers).toBeGreaterThan(0);
    expect(totals.live).toBeGreaterThan(50);
  });
});
