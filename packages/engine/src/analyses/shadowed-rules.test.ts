import { generateNetwork, generateQueries, type GenerateOptions } from '../bench/generate';
import { checkCompiledRule, type CompiledRule, type FlowTuple } from '../compile';
import { createVerifier } from '../evaluate';
import type { NetworkInput } from '../model';
import { allRunning, parsed } from '../test/analysis-helpers';
import { NSG_SUBNET, network, rule } from '../test/fixtures';
import { findShadowedRules } from './shadowed-rules';

describe('findShadowedRules — table cases', () => {
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
        priority: 200,
        direction: 'Inbound',
        coveringRules: ['securityRules/all'],
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

  it('an NSG applied nowhere gets the generic check only', () => {
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
});

const OPTIONS: GenerateOptions = {
  vnets: 2,
  subnetsPerVnet: 2,
  nicsPerSubnet: 3,
  nsgs: 3,
  rulesPerNsg: 16,
  adminRules: 3,
  asgs: 3,
  ipv6: 0.3,
  forwarding: 0,
  allNsgs: false,
  adminAlwaysApplies: false,
  unknownTags: true,
};

function withoutRule(input: NetworkInput, nsgId: string, name: string): NetworkInput {
  const out = structuredClone(input);
  const nsg = out.networkSecurityGroups.find((n) => n.id === nsgId);
  if (nsg) nsg.securityRules = nsg.securityRules.filter((r) => r.name !== name);
  return out;
}

describe('findShadowedRules — shadowed rules really never decide (seeded)', () => {
  let shadowedTotal = 0;
  it.each(Array.from({ length: 25 }, (_, i) => 300 + i))('seed %i', (seed) => {
    const input = allRunning(generateNetwork(seed, OPTIONS));
    const net = parsed(input);
    const verifier = createVerifier(net);
    const queries = generateQueries(input, seed * 5 + 3, 400, { vnets: OPTIONS.vnets, errors: false });
    for (const nsg of net.networkSecurityGroups) {
      const shadowed = findShadowedRules(net, nsg.id);
      shadowedTotal += shadowed.length;
      const names = new Set(shadowed.map((s) => s.ruleName));
      // never the first match of this NSG's layer, on any random flow
      for (const q of queries) {
        const r = verifier.verifyFlow(
          {
            ...q,
            localPort: q.localPort === '*' ? '1' : q.localPort,
            remotePort: q.remotePort === '*' ? '1' : q.remotePort,
          },
          { trace: true },
        );
        if (!r.ok) continue;
        const p = verifier.compiledPolicy(r.verdict.networkInterfaceId, r.verdict.ipConfigurationName);
        if (!p) continue;
        for (const layer of [p.subnetNsg, p.nicNsg]) {
          if (!layer || layer.id !== nsg.id) continue;
          const inbound = q.direction.toLowerCase() === 'inbound';
          const t = inbound ? layer.inbound : layer.outbound;
          const flow: FlowTuple = {
            direction: inbound ? 'Inbound' : 'Outbound',
            localAsgIds: p.localAsgIds,
            isTcp: q.protocol.toUpperCase() === 'TCP',
            local: p.localAddress,
            remote: { ...p.localAddress, ...remoteOf(q.remoteIpAddress, p.localAddress.family) },
            localPort: Number(q.localPort === '*' ? '1' : q.localPort),
            remotePort: Number(q.remotePort === '*' ? '1' : q.remotePort),
          };
          const first = t.rules.find((rule: CompiledRule) => checkCompiledRule(rule, flow).matched);
          if (first)
            expect({ nsg: nsg.id, q, first: first.ruleName, shadowed: names.has(first.ruleName) }).toEqual({
              nsg: nsg.id,
              q,
              first: first.ruleName,
              shadowed: false,
            });
        }
      }
      // removing a shadowed rule changes no verdict
      for (const s of shadowed.slice(0, 3)) {
        const v2 = createVerifier(parsed(withoutRule(input, nsg.id, s.name)));
        for (const q of queries.slice(0, 150)) {
          const a = verifier.verifyFlow(q);
          const b = v2.verifyFlow(q);
          const essence = (r: typeof a): unknown =>
            r.ok ? [r.verdict.access, r.verdict.ruleName, r.verdict.decidedBy] : r.error.code;
          expect({ q, removed: s.name, v: essence(b) }).toEqual({ q, removed: s.name, v: essence(a) });
        }
      }
    }
  });
  it('the seeds produce shadowed rules', () => {
    expect(shadowedTotal).toBeGreaterThan(10);
  });
});

function remoteOf(text: string, family: 4 | 6): { v4: number; v6: bigint; family: 4 | 6; text: string } {
  if (family === 4) {
    const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
    return { family, v4: ((a << 24) >>> 0) + (b << 16) + (c << 8) + d, v6: 0n, text };
  }
  return { family, v4: 0, v6: expand6(text), text };
}

function expand6(text: string): bigint {
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const parts = [...h, ...Array.from({ length: 8 - h.length - t.length }, () => '0'), ...t];
  return parts.reduce((acc, p) => (acc << 16n) + BigInt(parseInt(p || '0', 16)), 0n);
}
