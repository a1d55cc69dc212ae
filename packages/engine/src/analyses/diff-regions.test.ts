/**
 * The diff's shortcuts, proven safe by exhaustive probing: only the port region of the changed rules is
 * evaluated, each layer stops at the first candidate whose ports contain the whole region, grids are shared
 * by the rules that can match inside the region, and external ranges are cut only where those rules change.
 * Each would drop real changes (or invent some) if it skipped too much; here every cell of the flow space
 * (every combination of the networks' port boundaries, every remote boundary) is checked with verifyFlow.
 */
import { mulberry32, generateNetwork, int, pick, type GenerateOptions } from '../bench/generate';
import { formatIpv4, formatIpv6 } from '../address';
import { createVerifier, type Verifier } from '../evaluate';
import type { Network, NetworkInput, SecurityRuleInput } from '../model';
import {
  addressRange,
  addressValue,
  allRunning,
  configsOf,
  mutate,
  parsed,
  portRange,
  type Cfg,
} from '../test/analysis-helpers';
import { NIC1, NSG_SUBNET, network, rule } from '../test/fixtures';
import { diffNetworks, type FlowChange } from './diff';

function allows(
  v: Verifier,
  c: Cfg | undefined,
  direction: 'Inbound' | 'Outbound',
  protocol: string,
  remote: string,
  localPort: number,
  remotePort: number,
): boolean {
  if (!c) return false;
  const r = v.verifyFlow({
    targetResourceId: c.vmId,
    targetNicResourceId: c.nicId,
    direction,
    protocol,
    localIpAddress: c.address,
    localPort: String(localPort),
    remoteIpAddress: remote,
    remotePort: String(remotePort),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.verdict.access === 'Allow';
}

/** Every port boundary (from, to + 1) of every rule of both networks, per side. */
function portCuts(nets: Network[], side: 'source' | 'destination'): number[] {
  const s = new Set<number>([0]);
  for (const n of nets) {
    const rules = [
      ...n.networkSecurityGroups.flatMap((g) => g.securityRules),
      ...n.networkManagers.flatMap((m) =>
        m.securityAdminConfigurations.flatMap((c) => c.ruleCollections.flatMap((rc) => rc.rules)),
      ),
    ];
    for (const r of rules)
      for (const p of side === 'source' ? r.sourcePorts : r.destinationPorts) {
        s.add(p.from);
        if (p.to < 65535) s.add(p.to + 1);
      }
  }
  return [...s].sort((a, b) => a - b);
}

/** Every remote boundary of every compiled rule of every configuration (both networks, both families). */
function remoteCuts(nets: Network[]): string[] {
  const v4 = new Set<number>([0]);
  const v6 = new Set<bigint>([0n]);
  for (const n of nets) {
    const v = createVerifier(n);
    for (const nic of n.networkInterfaces) {
      for (const cfg of nic.ipConfigurations) {
        const p = v.compiledPolicy(nic.id, cfg.name);
        if (!p) continue;
        for (const l of [p.admin, p.subnetNsg, p.nicNsg]) {
          if (!l) continue;
          for (const r of l.rules) {
            for (const set of [r.source, r.destination]) {
              for (let i = 0; i + 1 < set.v4.length; i += 2) {
                v4.add(set.v4[i] as number);
                if ((set.v4[i + 1] as number) < 0xffffffff) v4.add((set.v4[i + 1] as number) + 1);
              }
              for (let i = 0; i + 1 < set.v6.length; i += 2) {
                v6.add(set.v6[i] as bigint);
                v6.add((set.v6[i + 1] as bigint) + 1n);
              }
            }
          }
        }
      }
    }
  }
  return [
    ...[...v4].map((a) => formatIpv4(a)),
    ...[...v6].filter((a) => a < 1n << 128n).map((a) => formatIpv6(a)),
  ];
}

interface Indexed {
  c: FlowChange;
  sp: [number, number][];
  dp: [number, number][];
  remote: { lo: bigint; hi: bigint }[];
}

const inP = (rs: [number, number][], v: number): boolean => rs.some((r) => r[0] <= v && v <= r[1]);

/** Checks every cell of the flow space: each differing probe in exactly one change, nothing else. */
function expectDiffExact(inputB: NetworkInput, inputA: NetworkInput): { differing: number; changes: number } {
  const before = parsed(inputB);
  const after = parsed(inputA);
  const { changes, truncated } = diffNetworks(before, after, { maxChanges: 1_000_000 });
  expect(truncated).toBe(false);
  const vb = createVerifier(before);
  const va = createVerifier(after);
  const cb = configsOf(inputB);
  const ca = configsOf(inputA);
  const all = new Map([...cb, ...ca]);
  const sps = portCuts([before, after], 'source');
  const dps = portCuts([before, after], 'destination');
  const byKey = new Map<string, Indexed[]>();
  const index = (k: string, c: FlowChange, remote: string[]): void => {
    const e: Indexed = {
      c,
      sp: c.sourcePorts.map(portRange),
      dp: c.destinationPorts.map(portRange),
      remote: remote.map(addressRange),
    };
    byKey.set(k, [...(byKey.get(k) ?? []), e]);
  };
  for (const c of changes) {
    if (c.source.kind === 'networkInterface' && c.destination.kind === 'networkInterface')
      index(
        `${c.source.networkInterfaceId}|${addressValue(c.source.ipAddress)}>${c.destination.networkInterfaceId}|${addressValue(c.destination.ipAddress)}|${c.protocol}`,
        c,
        [],
      );
    else if (c.destination.kind === 'networkInterface')
      index(
        `in|${c.destination.networkInterfaceId}|${addressValue(c.destination.ipAddress)}|${c.protocol}`,
        c,
        c.sourceAddresses,
      );
    else if (c.source.kind === 'networkInterface')
      index(
        `out|${c.source.networkInterfaceId}|${addressValue(c.source.ipAddress)}|${c.protocol}`,
        c,
        c.destinationAddresses,
      );
  }
  const mismatches: unknown[] = [];
  let differing = 0;
  const judge = (tb: boolean, ta: boolean, hits: Indexed[], what: unknown): void => {
    const want = tb === ta ? [] : [ta ? 'newlyAllowed' : 'newlyDenied'];
    const got = hits.map((h) => h.c.change);
    if (got.join() !== want.join() && mismatches.length < 5)
      mismatches.push({ ...(what as object), got, want });
    if (tb !== ta) differing++;
  };
  for (const protocol of ['TCP', 'UDP']) {
    // pairs
    for (const s of all.values()) {
      for (const d of all.values()) {
        if (s.nicId === d.nicId || s.family !== d.family) continue;
        const list =
          byKey.get(
            `${s.nicId}|${addressValue(s.address)}>${d.nicId}|${addressValue(d.address)}|${protocol}`,
          ) ?? [];
        for (const sp of sps) {
          for (const dp of dps) {
            const truth = (v: Verifier, cs: Map<string, Cfg>): boolean =>
              cs.has(s.key) &&
              cs.has(d.key) &&
              allows(v, cs.get(s.key), 'Outbound', protocol, d.address, sp, dp) &&
              allows(v, cs.get(d.key), 'Inbound', protocol, s.address, dp, sp);
            const hits = list.filter((h) => inP(h.sp, sp) && inP(h.dp, dp));
            judge(truth(vb, cb), truth(va, ca), hits, { s: s.key, d: d.key, protocol, sp, dp });
          }
        }
      }
    }
    // external
    const model = new Set([...all.values()].map((c) => addressValue(c.address)));
    const remotes = remoteCuts([before, after]).filter((r) => !model.has(addressValue(r)));
    for (const me of all.values()) {
      for (const direction of ['Inbound', 'Outbound'] as const) {
        const inbound = direction === 'Inbound';
        const list =
          byKey.get(`${inbound ? 'in' : 'out'}|${me.nicId}|${addressValue(me.address)}|${protocol}`) ?? [];
        for (const remote of remotes) {
          if (remote.includes(':') !== (me.family === 6)) continue;
          const rv = addressValue(remote);
          const here = list.filter((h) => h.remote.some((r) => r.lo <= rv && rv <= r.hi));
          for (const sp of sps) {
            for (const dp of dps) {
              const lp = inbound ? dp : sp;
              const rp = inbound ? sp : dp;
              const tb = allows(vb, cb.get(me.key), direction, protocol, remote, lp, rp);
              const ta = allows(va, ca.get(me.key), direction, protocol, remote, lp, rp);
              const hits = here.filter((h) => inP(h.sp, sp) && inP(h.dp, dp));
              judge(tb, ta, hits, { me: me.key, direction, protocol, remote, sp, dp });
            }
          }
        }
      }
    }
  }
  expect(mismatches).toEqual([]);
  return { differing, changes: changes.length };
}

describe('diffNetworks shortcuts — targeted cases, every cell checked', () => {
  it('§6.2 a region of two port boxes: a rule covering one box does not end the layer for the other', () => {
    // before: 80 allowed by `web`, 443 by `tls`; the draft adds a Deny on [80, 443] between them
    const before = network({
      subnetRules: [
        rule({ name: 'web', priority: 100, protocol: 'Tcp', destinationPortRange: '80' }),
        rule({ name: 'tls', priority: 200, protocol: 'Tcp', destinationPortRange: '443' }),
      ],
      nicRules: null,
    });
    const after = structuredClone(before);
    const block = rule({
      name: 'block',
      priority: 150,
      access: 'Deny',
      protocol: 'Tcp',
      destinationPortRanges: ['80', '443'],
    });
    delete block.destinationPortRange;
    after.networkSecurityGroups[0]?.securityRules.push(block);
    const { differing } = expectDiffExact(before, after);
    expect(differing).toBeGreaterThan(0);
    const d = diffNetworks(parsed(before), parsed(after));
    // only 443 changes (80 stays decided by `web`), for every source
    expect(d.changes.length).toBeGreaterThan(0);
    for (const c of d.changes) {
      expect(c.destinationPorts).toEqual(['443']);
      expect(c.rulesAfter.map((r) => r.ruleName)).toContain('securityRules/block');
    }
  });

  it('§4.3 external ranges: a higher rule that meets the changed ports splits the range, one that does not is merged over', () => {
    const before = network({
      subnetRules: [
        rule({
          name: 'mid',
          priority: 100,
          access: 'Deny',
          sourceAddressPrefix: '13.1.0.0/16',
          destinationPortRange: '22',
        }),
        rule({
          name: 'other',
          priority: 110,
          access: 'Deny',
          sourceAddressPrefix: '13.2.0.0/16',
          destinationPortRange: '80',
        }),
        rule({
          name: 'ssh',
          priority: 200,
          access: 'Deny',
          sourceAddressPrefix: '13.0.0.0/8',
          destinationPortRange: '22',
        }),
        rule({ name: 'rest', priority: 300 }),
      ],
      nicRules: null,
    });
    const after = structuredClone(before);
    const ssh = after.networkSecurityGroups[0]?.securityRules.find((r) => r.name === 'ssh');
    if (ssh) ssh.access = 'Allow';
    expectDiffExact(before, after);
    const ext = diffNetworks(parsed(before), parsed(after)).changes.filter(
      (c) =>
        c.source.kind === 'external' &&
        c.destination.kind === 'networkInterface' &&
        c.destination.networkInterfaceId === NIC1,
    );
    const v4 = ext.filter((c) => !c.destinationAddresses[0]?.includes(':'));
    expect(v4.length).toBeGreaterThan(0);
    for (const c of v4) {
      expect(c.change).toBe('newlyAllowed');
      expect(c.destinationPorts).toEqual(['22']);
      expect(c.sourceAddresses).toEqual(['13.0.0.0/16', '13.2.0.0-13.255.255.255']);
    }
  });

  it('§6.2 the unchanged side of a pair is evaluated inside the region: its own Deny there hides the change', () => {
    // the draft opens 1433 outbound on the subnet NSG; NIC1's inbound denies 1433 from the app subnet
    const before = network({
      subnetRules: [
        rule({
          name: 'no-sql-out',
          priority: 100,
          direction: 'Outbound',
          access: 'Deny',
          destinationPortRange: '1433',
        }),
      ],
      nicRules: [
        rule({
          name: 'no-sql-in',
          priority: 100,
          access: 'Deny',
          sourceAddressPrefix: '10.0.2.0/24',
          destinationPortRange: '1430-1440',
        }),
      ],
    });
    const after = structuredClone(before);
    after.networkSecurityGroups[0]!.securityRules[0]!.access = 'Allow';
    expectDiffExact(before, after);
  });

  it('§6.2 both sides of a pair changed, in different ports: the pair is evaluated on the union of both regions', () => {
    const before = network({ subnetRules: [], nicRules: null });
    before.virtualNetworks[0]!.subnets[1]!.networkSecurityGroupId = NSG_SUBNET; // the app subnet shares it
    const after = structuredClone(before);
    after.networkSecurityGroups[0]?.securityRules.push(
      rule({
        name: 'no-web-out',
        priority: 100,
        direction: 'Outbound',
        access: 'Deny',
        destinationPortRange: '80',
      }),
      rule({ name: 'no-tls-in', priority: 100, access: 'Deny', destinationPortRange: '443' }),
    );
    const { differing } = expectDiffExact(before, after);
    expect(differing).toBeGreaterThan(0);
    const pair = diffNetworks(parsed(before), parsed(after), { includeExternal: false }).changes;
    expect(new Set(pair.map((c) => `${c.change}:${c.destinationPorts.join()}`))).toEqual(
      new Set(['newlyDenied:80', 'newlyDenied:443']),
    );
  });

  it('§2.3 a changed rule with a wide port range is cut at the boundaries of the rules inside its region', () => {
    const before = network({
      subnetRules: [
        rule({ name: 'one', priority: 100, protocol: 'Tcp', destinationPortRange: '1500' }),
        rule({
          name: 'src',
          priority: 110,
          protocol: 'Tcp',
          sourcePortRange: '5000-6000',
          destinationPortRange: '1200-1300',
        }),
        rule({ name: 'rest', priority: 300 }),
      ],
      nicRules: null,
    });
    const after = structuredClone(before);
    after.networkSecurityGroups[0]?.securityRules.push(
      rule({ name: 'block', priority: 200, access: 'Deny', destinationPortRange: '1000-2000' }),
    );
    const { differing } = expectDiffExact(before, after);
    expect(differing).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// Random small policies whose drafts change ports (narrow ranges and lists), so regions are small and
// made of several boxes; every cell of the flow space is probed.
// ---------------------------------------------------------------------------------------------------

const OPTIONS: GenerateOptions = {
  vnets: 2,
  subnetsPerVnet: 1,
  nicsPerSubnet: 2,
  nsgs: 2,
  rulesPerNsg: 5,
  adminRules: 2,
  asgs: 2,
  ipv6: 0.2,
  forwarding: 0,
  allNsgs: true,
  adminAlwaysApplies: false,
};

function narrowPorts(seed: number, input: NetworkInput): NetworkInput {
  const rng = mulberry32(seed);
  const out = structuredClone(input);
  const ports = (): string[] => {
    const a = pick(rng, [22, 80, 443, 1000, int(rng, 1, 60000)]);
    return rng() < 0.5 ? [String(a)] : [String(a), `${a + 10}-${a + int(rng, 10, 200)}`];
  };
  for (let k = int(rng, 1, 3); k > 0; k--) {
    const nsg = pick(rng, out.networkSecurityGroups);
    const op = int(rng, 0, 2);
    if (op === 0 && nsg.securityRules.length > 0) {
      const r = pick(rng, nsg.securityRules);
      delete r.destinationPortRange;
      r.destinationPortRanges = ports();
    } else if (op === 1 && nsg.securityRules.length > 0) {
      const r = pick(rng, nsg.securityRules);
      r.access = r.access === 'Allow' ? 'Deny' : 'Allow';
      delete r.destinationPortRange;
      r.destinationPortRanges = ports();
    } else {
      const r: SecurityRuleInput = {
        name: `narrow${k}`,
        priority: pick(rng, [100, 105, 2000, 4000]) + k,
        direction: rng() < 0.5 ? 'Inbound' : 'Outbound',
        access: rng() < 0.5 ? 'Allow' : 'Deny',
        protocol: pick(rng, ['*', 'Tcp', 'Udp']),
        sourceAddressPrefix: pick(rng, ['*', 'VirtualNetwork', 'Internet', '10.0.0.0/24', '13.107.0.0/16']),
        destinationAddressPrefix: '*',
        sourcePortRange: '*',
        destinationPortRanges: ports(),
      };
      nsg.securityRules.push(r);
    }
  }
  return out;
}

describe('diffNetworks shortcuts — every cell of small random policies with port-narrow drafts (seeded)', () => {
  const totals = { differing: 0 };
  it.each(Array.from({ length: 10 }, (_, i) => 900 + i))('seed %i', (seed) => {
    const inputB = allRunning(generateNetwork(seed, OPTIONS));
    const inputA = seed % 3 === 0 ? mutate(narrowPorts(seed, inputB), seed) : narrowPorts(seed, inputB);
    totals.differing += expectDiffExact(inputB, inputA).differing;
  });
  it('the seeds change verdicts', () => {
    expect(totals.differing).toBeGreaterThan(200);
  });
});
