import { generateNetwork, interestingAddress, mulberry32, type GenerateOptions } from '../bench/generate';
import { createVerifier, type Verifier } from '../evaluate';
import type { FlowQueryInput, Network } from '../model';
import {
  addressValue,
  allRunning,
  inAddressRanges,
  addressRange,
  portRange,
  type NumRange,
  mutate,
  parsed,
  portProbes,
  configsOf,
  type Cfg,
} from '../test/analysis-helpers';
import { NET, NIC1, NIC_APP, NSG_SUBNET, RG, SUBNET_APP, VM1, network, rule } from '../test/fixtures';
import { diffNetworks, type FlowChange } from './diff';

function differs(before: Network, after: Network, q: FlowQueryInput): boolean {
  const rb = createVerifier(before).verifyFlow(q);
  const ra = createVerifier(after).verifyFlow(q);
  if (rb.ok !== ra.ok) return true;
  return rb.ok && ra.ok && rb.verdict.access !== ra.verdict.access;
}

describe('diffNetworks — table cases', () => {
  it('§6.2 a new subnet Deny rule: exactly its port range from Internet is newly denied, attributed to it', () => {
    const before = network({
      subnetRules: [
        rule({
          name: 'allow-web',
          priority: 200,
          protocol: 'Tcp',
          sourceAddressPrefix: 'Internet',
          destinationPortRange: '80-443',
        }),
      ],
      nicRules: null,
    });
    const after = structuredClone(before);
    after.networkSecurityGroups[0]?.securityRules.push(
      rule({
        name: 'deny-mid',
        priority: 150,
        protocol: 'Tcp',
        access: 'Deny',
        sourceAddressPrefix: 'Internet',
        destinationPortRange: '100-200',
      }),
    );
    const b = parsed(before);
    const a = parsed(after);
    const { changes, truncated } = diffNetworks(b, a);
    expect(truncated).toBe(false);
    // one per IP configuration of NIC1 (two IPv4, one IPv6): Internet covers both families
    expect(changes).toHaveLength(3);
    for (const c of changes) {
      expect(c.change).toBe('newlyDenied');
      expect(c.protocol).toBe('TCP');
      expect(c.source).toEqual({ kind: 'external', label: 'Internet' });
      expect(c.destination).toMatchObject({
        kind: 'networkInterface',
        networkInterfaceId: NIC1,
        virtualMachineId: VM1,
      });
      expect(c.sourcePorts).toEqual(['0-65535']);
      expect(c.destinationPorts).toEqual(['100-200']);
      expect(c.rulesBefore).toEqual([
        {
          layer: 'subnetNsg',
          ruleName: 'securityRules/allow-web',
          networkSecurityGroupId: NSG_SUBNET,
          adminRuleId: null,
          access: 'Allow',
          side: 'destination',
        },
      ]);
      expect(c.rulesAfter).toEqual([
        {
          layer: 'subnetNsg',
          ruleName: 'securityRules/deny-mid',
          networkSecurityGroupId: NSG_SUBNET,
          adminRuleId: null,
          access: 'Deny',
          side: 'destination',
        },
      ]);
      expect(differs(b, a, c.example)).toBe(true);
    }
    const v4 = changes.find((c) => c.destinationAddresses[0] === '10.0.1.4') as FlowChange;
    expect(inAddressRanges(v4.sourceAddresses, '8.8.8.8')).toBe(true);
    expect(inAddressRanges(v4.sourceAddresses, '1.0.0.0')).toBe(true);
    expect(inAddressRanges(v4.sourceAddresses, '10.0.0.1')).toBe(false);
    expect(inAddressRanges(v4.sourceAddresses, '192.168.1.1')).toBe(false);
    expect(v4.example).toMatchObject({
      direction: 'Inbound',
      protocol: 'TCP',
      localIpAddress: '10.0.1.4',
      localPort: '100',
    });
  });

  it('§4.3 Internet → VM TCP 22 newly allowed: summary data per IP configuration', () => {
    const before = network({ subnetRules: [], nicRules: null });
    const after = network({
      subnetRules: [
        rule({
          name: 'ssh',
          priority: 100,
          protocol: 'Tcp',
          sourceAddressPrefix: 'Internet',
          destinationPortRange: '22',
        }),
      ],
      nicRules: null,
    });
    const { changes } = diffNetworks(parsed(before), parsed(after));
    expect(changes).toHaveLength(3);
    for (const c of changes) {
      expect(c).toMatchObject({
        change: 'newlyAllowed',
        protocol: 'TCP',
        source: { kind: 'external', label: 'Internet' },
        sourcePorts: ['0-65535'],
        destinationPorts: ['22'],
      });
      expect(c.rulesBefore.map((r) => r.ruleName)).toEqual(['defaultSecurityRules/DenyAllInBound']);
      expect(c.rulesAfter.map((r) => r.ruleName)).toEqual(['securityRules/ssh']);
      expect(differs(parsed(before), parsed(after), c.example)).toBe(true);
    }
  });

  it('identical networks (and a network against itself) have no changes', () => {
    const input = network({ subnetRules: [rule({ name: 'a', priority: 100, destinationPortRange: '80' })] });
    expect(diffNetworks(parsed(input), parsed(input)).changes).toEqual([]);
    const n = parsed(input);
    expect(diffNetworks(n, n).changes).toEqual([]);
  });

  it('a VM present only in the draft: its flows appear as newly allowed (the missing side has no flows)', () => {
    const before = network({ subnetRules: null, nicRules: null });
    const after = structuredClone(before);
    const nic3 = `${NET}/networkInterfaces/nic3`;
    const vm3 = `${RG}/providers/Microsoft.Compute/virtualMachines/vm3`;
    after.networkInterfaces.push({
      id: nic3,
      name: 'nic3',
      enableIPForwarding: false,
      ipConfigurations: [
        {
          name: 'ipconfig1',
          privateIPAddress: '10.0.2.9',
          primary: true,
          subnetId: SUBNET_APP,
          applicationSecurityGroupIds: [],
        },
      ],
    });
    after.virtualMachines.push({
      id: vm3,
      name: 'vm3',
      location: 'westeurope',
      networkInterfaces: [{ id: nic3, primary: true }],
    });
    const b = parsed(before);
    const a = parsed(after);
    const { changes } = diffNetworks(b, a, { includeExternal: false });
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.change === 'newlyAllowed')).toBe(true);
    const toApp = changes.filter(
      (c) =>
        c.source.kind === 'networkInterface' &&
        c.source.networkInterfaceId === nic3 &&
        c.destination.kind === 'networkInterface' &&
        c.destination.networkInterfaceId === NIC_APP,
    );
    expect(toApp.map((c) => c.protocol).sort()).toEqual(['TCP', 'UDP']);
    for (const c of toApp) {
      expect(c.rulesBefore).toEqual([]);
      expect(c.rulesAfter).toEqual([
        {
          layer: 'none',
          ruleName: null,
          networkSecurityGroupId: null,
          adminRuleId: null,
          access: 'Allow',
          side: 'source',
        },
        {
          layer: 'none',
          ruleName: null,
          networkSecurityGroupId: null,
          adminRuleId: null,
          access: 'Allow',
          side: 'destination',
        },
      ]);
      expect(c.sourcePorts).toEqual(['0-65535']);
      expect(c.destinationPorts).toEqual(['0-65535']);
      expect(differs(b, a, c.example)).toBe(true);
    }
    // the reverse (removing the VM) is newly denied
    const back = diffNetworks(a, b, { includeExternal: false }).changes;
    expect(back).toHaveLength(changes.length);
    expect(back.every((c) => c.change === 'newlyDenied')).toBe(true);
    // a subset without the new NIC (and no pair touching it) sees nothing
    expect(
      diffNetworks(b, a, { networkInterfaceIds: [NIC1], includeExternal: false }).changes.filter(
        (c) =>
          c.source.kind === 'networkInterface' &&
          c.source.networkInterfaceId !== nic3 &&
          c.destination.kind === 'networkInterface' &&
          c.destination.networkInterfaceId !== nic3,
      ),
    ).toEqual([]);
  });

  it('maxChanges bounds the output and sets truncated', () => {
    const before = network({ subnetRules: null, nicRules: null });
    const after = network({ subnetRules: [], nicRules: null });
    const all = diffNetworks(parsed(before), parsed(after));
    expect(all.changes.length).toBeGreaterThan(3);
    const some = diffNetworks(parsed(before), parsed(after), { maxChanges: 2 });
    expect(some.changes).toHaveLength(2);
    expect(some.truncated).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// Brute force: every probe packet of a tiny universe is covered by a change iff its verdict changed
// ---------------------------------------------------------------------------------------------------

const OPTIONS: GenerateOptions = {
  vnets: 2,
  subnetsPerVnet: 2,
  nicsPerSubnet: 2,
  nsgs: 3,
  rulesPerNsg: 8,
  adminRules: 4,
  asgs: 2,
  ipv6: 0.3,
  forwarding: 0,
  allNsgs: false,
  adminAlwaysApplies: false,
  unknownTags: true,
};

function allows(
  v: Verifier,
  c: Cfg | undefined,
  q: Omit<FlowQueryInput, 'targetResourceId' | 'targetNicResourceId' | 'localIpAddress'>,
): boolean {
  if (!c) return false;
  const r = v.verifyFlow({
    ...q,
    targetResourceId: c.vmId,
    targetNicResourceId: c.nicId,
    localIpAddress: c.address,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.verdict.access === 'Allow';
}

interface Parsed {
  c: FlowChange;
  src: NumRange[];
  dst: NumRange[];
  sp: [number, number][];
  dp: [number, number][];
}

function parse(c: FlowChange): Parsed {
  return {
    c,
    src: c.sourceAddresses.map(addressRange),
    dst: c.destinationAddresses.map(addressRange),
    sp: c.sourcePorts.map(portRange),
    dp: c.destinationPorts.map(portRange),
  };
}

const inR = (rs: NumRange[], v: bigint): boolean => rs.some((r) => r.lo <= v && v <= r.hi);
const inP = (rs: [number, number][], v: number): boolean => rs.some((r) => r[0] <= v && v <= r[1]);

function endpointIs(e: FlowChange['source'], c: Cfg): boolean {
  return (
    e.kind === 'networkInterface' &&
    e.networkInterfaceId === c.nicId &&
    addressValue(e.ipAddress) === addressValue(c.address)
  );
}

const totals = { changes: 0, differing: 0, seedsWithChanges: 0 };

describe('diffNetworks — brute force over small random policies (seeded)', () => {
  it.each(Array.from({ length: 16 }, (_, i) => 500 + i))(
    'seed %i: every differing probe flow is in exactly one change, nothing extra',
    (seed) => {
      const inputB = allRunning(generateNetwork(seed, OPTIONS));
      const inputA = mutate(inputB, seed * 3 + 1);
      const before = parsed(inputB);
      const after = parsed(inputA);
      const { changes, truncated } = diffNetworks(before, after, { maxChanges: 1_000_000 });
      expect(truncated).toBe(false);
      const vb = createVerifier(before);
      const va = createVerifier(after);
      const cb = configsOf(inputB);
      const ca = configsOf(inputA);
      const all = new Map([...cb, ...ca]);
      const rng = mulberry32(seed);
      const sps = portProbes([before, after], 'source', 5, rng);
      const dps = portProbes([before, after], 'destination', 7, rng);
      let differing = 0;
      const mismatches: unknown[] = [];
      // examples really differ
      for (const c of changes)
        expect({ c: c.example, differs: differs(before, after, c.example) }).toEqual({
          c: c.example,
          differs: true,
        });
      // pairs
      const byPair = new Map<string, Parsed[]>();
      for (const c of changes) {
        if (c.source.kind !== 'networkInterface' || c.destination.kind !== 'networkInterface') continue;
        const k = `${c.source.networkInterfaceId}|${addressValue(c.source.ipAddress)}>${c.destination.networkInterfaceId}|${addressValue(c.destination.ipAddress)}|${c.protocol}`;
        byPair.set(k, [...(byPair.get(k) ?? []), parse(c)]);
      }
      for (const s of all.values()) {
        for (const d of all.values()) {
          if (s.nicId === d.nicId || s.family !== d.family) continue;
          for (const protocol of ['TCP', 'UDP'] as const) {
            const list =
              byPair.get(
                `${s.nicId}|${addressValue(s.address)}>${d.nicId}|${addressValue(d.address)}|${protocol}`,
              ) ?? [];
            for (const sp of sps) {
              for (const dp of dps) {
                const truth = (v: Verifier, cs: Map<string, Cfg>): boolean =>
                  cs.has(s.key) &&
                  cs.has(d.key) &&
                  allows(v, cs.get(s.key), {
                    direction: 'Outbound',
                    protocol,
                    localPort: String(sp),
                    remoteIpAddress: d.address,
                    remotePort: String(dp),
                  }) &&
                  allows(v, cs.get(d.key), {
                    direction: 'Inbound',
                    protocol,
                    localPort: String(dp),
                    remoteIpAddress: s.address,
                    remotePort: String(sp),
                  });
                const tb = truth(vb, cb);
                const ta = truth(va, ca);
                const hits = list.filter((p) => inP(p.sp, sp) && inP(p.dp, dp));
                const want = tb === ta ? [] : [ta ? 'newlyAllowed' : 'newlyDenied'];
                const got = hits.map((p) => p.c.change);
                if (got.join() !== want.join())
                  mismatches.push({ s: s.key, d: d.key, protocol, sp, dp, got, want });
                if (tb !== ta) differing++;
              }
            }
          }
        }
      }
      // external
      const modelAddrs = new Set<bigint>();
      for (const input of [inputB, inputA])
        for (const n of input.networkInterfaces)
          for (const c of n.ipConfigurations) modelAddrs.add(addressValue(c.privateIPAddress));
      const remotes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = interestingAddress(rng, OPTIONS.vnets, i % 3 === 0 ? 6 : 4);
        if (!modelAddrs.has(addressValue(r))) remotes.push(r);
      }
      remotes.push('8.8.8.8', '10.0.0.200', '192.168.50.1', '2001:db8::1');
      const ext = changes
        .filter((c) => c.source.kind === 'external' || c.destination.kind === 'external')
        .map(parse);
      for (const me of all.values()) {
        for (const direction of ['Inbound', 'Outbound'] as const) {
          const inbound = direction === 'Inbound';
          const mine = ext.filter(
            (p) =>
              endpointIs(inbound ? p.c.destination : p.c.source, me) &&
              (inbound ? p.c.source : p.c.destination).kind === 'external',
          );
          for (const protocol of ['TCP', 'UDP'] as const) {
            for (const remote of remotes) {
              if (remote.includes(':') !== (me.family === 6)) continue;
              for (const sp of sps) {
                for (const dp of dps) {
                  const q = {
                    direction,
                    protocol,
                    localPort: String(inbound ? dp : sp),
                    remoteIpAddress: remote,
                    remotePort: String(inbound ? sp : dp),
                  };
                  const tb = allows(vb, cb.get(me.key), q);
                  const ta = allows(va, ca.get(me.key), q);
                  const rv = addressValue(remote);
                  const hits = mine.filter(
                    (p) =>
                      p.c.protocol === protocol &&
                      inR(inbound ? p.src : p.dst, rv) &&
                      inP(p.sp, sp) &&
                      inP(p.dp, dp),
                  );
                  const want = tb === ta ? [] : [ta ? 'newlyAllowed' : 'newlyDenied'];
                  const got = hits.map((p) => p.c.change);
                  if (got.join() !== want.join()) mismatches.push({ me: me.key, q, got, want });
                  if (tb !== ta) differing++;
                }
              }
            }
          }
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      totals.changes += changes.length;
      totals.differing += differing;
      if (differing > 0) totals.seedsWithChanges++;
    },
  );

  it('the seeds exercise real changes (pairs and external, both kinds)', () => {
    expect(totals.seedsWithChanges).toBeGreaterThanOrEqual(8);
    expect(totals.differing).toBeGreaterThan(500);
  });
});
