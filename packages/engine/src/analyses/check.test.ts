import { generateNetwork, mulberry32, int, pick, type GenerateOptions } from '../bench/generate';
import { createVerifier, type Verifier } from '../evaluate';
import type { Network, NetworkInput } from '../model';
import { allRunning, parsed, portProbes } from '../test/analysis-helpers';
import { NIC1, NIC_APP, VM1, VM_APP, network, rule } from '../test/fixtures';
import { checkFlowRange, type CheckEndpoint, type FlowRangeCheck } from './check';

const base = (): NetworkInput =>
  network({
    subnetRules: [
      rule({
        name: 'sql-from-app',
        priority: 100,
        protocol: 'Tcp',
        sourceAddressPrefix: '10.0.2.0/24',
        destinationPortRange: '1433',
      }),
      rule({
        name: 'deny-ssh',
        priority: 110,
        protocol: 'Tcp',
        access: 'Deny',
        sourceAddressPrefix: 'Internet',
        destinationPortRange: '22',
      }),
      rule({
        name: 'web',
        priority: 120,
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        destinationPortRange: '80-443',
      }),
    ],
    nicRules: null,
  });

describe('checkFlowRange — table cases', () => {
  const net = parsed(base());
  const check = (c: Partial<FlowRangeCheck>): ReturnType<typeof checkFlowRange> =>
    checkFlowRange(net, {
      source: { kind: 'virtualMachine', id: VM_APP },
      destination: { kind: 'virtualMachine', id: VM1 },
      protocol: 'TCP',
      sourcePorts: '*',
      destinationPorts: '1433',
      expected: 'Allow',
      ...c,
    });

  it("'app → web TCP 1433 must be Allow' passes; the whole space is counted", () => {
    const r = check({});
    expect(r.status).toBe('pass');
    // two IPv4 configurations on NIC1 (the IPv6 one has no IPv4 peer) × 65,536 source ports
    expect(r.flowsChecked).toBe(String(2 * 65536));
  });

  it('a pass carries a verified example flow of the range that names the deciding rule', () => {
    const r = check({ sourcePorts: '1000-2000' });
    expect(r.status).toBe('pass');
    expect(r.example?.query).toMatchObject({
      targetResourceId: VM1,
      direction: 'Inbound',
      protocol: 'TCP',
      localPort: '1433',
      remotePort: '1000',
    });
    expect(r.example?.verdict).toMatchObject({ access: 'Allow', ruleName: 'securityRules/sql-from-app' });
    expect(r.counterexample).toBeUndefined();
  });

  it('a range that is only partly allowed fails with a verified counterexample naming the deciding rule', () => {
    const r = check({ source: { kind: 'prefix', prefix: '8.8.8.8' }, destinationPorts: '440-450' });
    expect(r.status).toBe('fail');
    expect(r.counterexample?.verdict.access).toBe('Deny');
    expect(r.counterexample?.verdict.ruleName).toBe('defaultSecurityRules/DenyAllInBound');
    expect(r.counterexample?.query).toMatchObject({
      targetResourceId: VM1,
      direction: 'Inbound',
      localPort: '444',
      remoteIpAddress: '8.8.8.8',
    });
  });

  it("'Internet → any VM TCP 22 must be Deny': fails (vm-app has no NSG), counterexample on vm-app", () => {
    const r = check({
      source: { kind: 'serviceTag', tag: 'Internet' },
      destination: { kind: 'anyVirtualMachine' },
      destinationPorts: '22',
      expected: 'Deny',
    });
    expect(r.status).toBe('fail');
    expect(r.counterexample?.query).toMatchObject({
      targetResourceId: VM_APP,
      direction: 'Inbound',
      protocol: 'TCP',
      localPort: '22',
    });
    expect(r.counterexample?.verdict).toMatchObject({ access: 'Allow', decidedBy: 'none' });
    const only = check({
      source: { kind: 'serviceTag', tag: 'Internet' },
      destination: { kind: 'virtualMachine', id: VM1 },
      destinationPorts: '22',
      expected: 'Deny',
    });
    expect(only).toMatchObject({ status: 'pass' });
  });

  it('prefix and NIC endpoints, Any protocol, port ranges', () => {
    expect(
      check({
        source: { kind: 'prefix', prefix: '8.8.8.0/24' },
        destination: { kind: 'networkInterface', id: NIC1 },
        protocol: 'Any',
        destinationPorts: '80-443',
      }).status,
    ).toBe('fail');
    const tcp = check({
      source: { kind: 'prefix', prefix: '8.8.8.0/24' },
      destination: { kind: 'networkInterface', id: NIC1 },
      protocol: 'TCP',
      destinationPorts: '80-443',
    });
    expect(tcp.status).toBe('pass');
    expect(tcp.flowsChecked).toBe(String(256 * 65536 * 364 * 2));
    // outbound from the VM: the defaults allow VirtualNetwork and Internet, not every address
    const toInternet = {
      source: { kind: 'virtualMachine', id: VM1 },
      protocol: 'Any',
      destinationPorts: '*',
      sourcePorts: '*',
    } as const;
    expect(check({ ...toInternet, destination: { kind: 'serviceTag', tag: 'Internet' } }).status).toBe(
      'pass',
    );
    const anywhere = check({ ...toInternet, destination: { kind: 'any' } });
    expect(anywhere.status).toBe('fail');
    expect(anywhere.counterexample?.verdict.ruleName).toBe('defaultSecurityRules/DenyAllOutBound');
  });

  it("§6.2 only the check's ports are evaluated, but a rule covering only part of them does not end the layer", () => {
    const n = parsed(
      network({
        subnetRules: [
          // outside the checked ports: must not matter
          rule({
            name: 'deny-300',
            priority: 90,
            access: 'Deny',
            protocol: 'Tcp',
            destinationPortRange: '300',
          }),
          // covers 100-150 of the checked 100-200, so 151-200 fall through to the Deny below
          rule({ name: 'part', priority: 100, protocol: 'Tcp', destinationPortRange: '100-150' }),
          rule({ name: 'deny-rest', priority: 200, access: 'Deny', protocol: 'Tcp' }),
        ],
        nicRules: null,
      }),
    );
    const c = (destinationPorts: string): ReturnType<typeof checkFlowRange> =>
      checkFlowRange(n, {
        source: { kind: 'prefix', prefix: '10.0.2.0/24' },
        destination: { kind: 'networkInterface', id: NIC1 },
        protocol: 'TCP',
        sourcePorts: '*',
        destinationPorts,
        expected: 'Allow',
      });
    expect(c('100-150').status).toBe('pass');
    const r = c('100-200');
    expect(r.status).toBe('fail');
    expect(r.counterexample?.query.localPort).toBe('151');
    expect(r.counterexample?.verdict.ruleName).toBe('securityRules/deny-rest');
  });

  it('errors: unknown VM, unknown tag, bad ports, no VM side', () => {
    expect(check({ source: { kind: 'virtualMachine', id: 'nope' } })).toMatchObject({
      status: 'error',
      error: { code: 'NotFound' },
    });
    expect(check({ source: { kind: 'serviceTag', tag: 'Nope.Tag' } })).toMatchObject({
      status: 'error',
      error: { code: 'UnknownServiceTag' },
    });
    expect(check({ destinationPorts: '99999' })).toMatchObject({
      status: 'error',
      error: { code: 'InvalidPortRange' },
    });
    expect(check({ destinationPorts: '20-10' })).toMatchObject({
      status: 'error',
      error: { code: 'InvalidPortRange' },
    });
    expect(check({ protocol: 'Icmp' as 'TCP' })).toMatchObject({
      status: 'error',
      error: { code: 'InvalidProtocol' },
    });
    expect(
      check({ source: { kind: 'any' }, destination: { kind: 'prefix', prefix: '10.0.0.0/8' } }),
    ).toMatchObject({
      status: 'error',
      error: { code: 'CheckNeedsVirtualMachine' },
    });
    expect(check({ source: { kind: 'prefix', prefix: '10.0.0.300' } })).toMatchObject({
      status: 'error',
      error: { code: 'InvalidAddressPrefix' },
    });
    // a VM to its own NIC: no flow between two NICs to check
    expect(check({ destination: { kind: 'networkInterface', id: NIC_APP } })).toEqual({
      status: 'pass',
      flowsChecked: '0',
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Brute force: the verdict agrees with exhaustive enumeration on tiny spaces
// ---------------------------------------------------------------------------------------------------

const OPTIONS: GenerateOptions = {
  vnets: 2,
  subnetsPerVnet: 2,
  nicsPerSubnet: 2,
  nsgs: 3,
  rulesPerNsg: 10,
  adminRules: 4,
  asgs: 2,
  ipv6: 0.3,
  forwarding: 0,
  allNsgs: false,
  adminAlwaysApplies: false,
  unknownTags: true,
};

interface Cfg {
  vmId: string;
  nicId: string;
  address: string;
  family: 4 | 6;
}

function configs(net: Network, e: CheckEndpoint): Cfg[] {
  const out: Cfg[] = [];
  for (const vm of net.virtualMachines) {
    if (e.kind === 'virtualMachine' && vm.id !== e.id) continue;
    for (const ref of vm.networkInterfaces) {
      if (e.kind === 'networkInterface' && ref.id !== e.id) continue;
      const nic = net.networkInterfaces.find((n) => n.id === ref.id);
      for (const c of nic?.ipConfigurations ?? [])
        out.push({ vmId: vm.id, nicId: ref.id, address: c.privateIPAddress, family: c.family });
    }
  }
  return out;
}

function range(p: [number, number]): number[] {
  const out: number[] = [];
  for (let v = p[0]; v <= p[1]; v++) out.push(v);
  return out;
}

function smallPrefix(rng: () => number, family: 4 | 6): { prefix: string; addresses: string[] } {
  if (family === 4) {
    const base = pick(rng, [
      [10, 0, 0, 4],
      [10, 1, 1, 4],
      [168, 63, 129, 16],
      [8, 8, 8, 8],
      [10, 0, 1, 0],
      [192, 168, 50, 4],
    ]) as number[];
    const last = (base[3] as number) & ~3;
    const head = base.slice(0, 3).join('.');
    return { prefix: `${head}.${last}/30`, addresses: [0, 1, 2, 3].map((i) => `${head}.${last + i}`) };
  }
  const head = pick(rng, ['fd00:0:0:0::', 'fd00:1:0:1::', '2001:db8::']);
  return { prefix: `${head}4/126`, addresses: [4, 5, 6, 7].map((i) => `${head}${i}`) };
}

function exhaustive(
  v: Verifier,
  net: Network,
  c: FlowRangeCheck,
  sps: number[],
  dps: number[],
  prefixAddrs: string[],
): boolean {
  const protos = c.protocol === 'Any' ? ['TCP', 'UDP'] : [c.protocol];
  const ok = (r: ReturnType<Verifier['verifyFlow']>): boolean => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.verdict.access === 'Allow';
  };
  const isVm = (e: CheckEndpoint): boolean => e.kind === 'virtualMachine' || e.kind === 'networkInterface';
  for (const protocol of protos) {
    if (isVm(c.source) && isVm(c.destination)) {
      for (const s of configs(net, c.source))
        for (const d of configs(net, c.destination)) {
          if (s.nicId === d.nicId || s.family !== d.family) continue;
          for (const sp of sps)
            for (const dp of dps) {
              const out = ok(
                v.verifyFlow({
                  targetResourceId: s.vmId,
                  targetNicResourceId: s.nicId,
                  direction: 'Outbound',
                  protocol,
                  localIpAddress: s.address,
                  localPort: String(sp),
                  remoteIpAddress: d.address,
                  remotePort: String(dp),
                }),
              );
              const inn = ok(
                v.verifyFlow({
                  targetResourceId: d.vmId,
                  targetNicResourceId: d.nicId,
                  direction: 'Inbound',
                  protocol,
                  localIpAddress: d.address,
                  localPort: String(dp),
                  remoteIpAddress: s.address,
                  remotePort: String(sp),
                }),
              );
              if ((out && inn ? 'Allow' : 'Deny') !== c.expected) return false;
            }
        }
    } else {
      const inbound = isVm(c.destination);
      for (const me of configs(net, inbound ? c.destination : c.source)) {
        for (const remote of prefixAddrs) {
          if (remote.includes(':') !== (me.family === 6)) continue;
          for (const sp of sps)
            for (const dp of dps) {
              const r = v.verifyFlow({
                targetResourceId: me.vmId,
                targetNicResourceId: me.nicId,
                direction: inbound ? 'Inbound' : 'Outbound',
                protocol,
                localIpAddress: me.address,
                localPort: String(inbound ? dp : sp),
                remoteIpAddress: remote,
                remotePort: String(inbound ? sp : dp),
              });
              if ((ok(r) ? 'Allow' : 'Deny') !== c.expected) return false;
            }
        }
      }
    }
  }
  return true;
}

describe('checkFlowRange — agrees with exhaustive enumeration on tiny spaces (seeded)', () => {
  const counts = { pass: 0, fail: 0, examples: 0 };
  it.each(Array.from({ length: 30 }, (_, i) => 700 + i))('seed %i: 12 random checks', (seed) => {
    const net = parsed(allRunning(generateNetwork(seed, OPTIONS)));
    const v = createVerifier(net);
    const rng = mulberry32(seed);
    const vms = net.virtualMachines;
    for (let k = 0; k < 12; k++) {
      const portBox = (side: 'source' | 'destination'): [number, number] => {
        const p = pick(rng, portProbes([net], side, 6, rng));
        const lo = Math.max(0, p - int(rng, 0, 1));
        return [lo, Math.min(65535, lo + int(rng, 0, 2))];
      };
      const sp = portBox('source');
      const dp = portBox('destination');
      const vmEnd = (): CheckEndpoint => {
        const vm = pick(rng, vms);
        return rng() < 0.7
          ? { kind: 'virtualMachine', id: vm.id }
          : { kind: 'networkInterface', id: (vm.networkInterfaces[0] as { id: string }).id };
      };
      const family: 4 | 6 = rng() < 0.3 ? 6 : 4;
      const pfx = smallPrefix(rng, family);
      const shape = int(rng, 0, 2);
      const source: CheckEndpoint = shape === 1 ? { kind: 'prefix', prefix: pfx.prefix } : vmEnd();
      const destination: CheckEndpoint = shape === 2 ? { kind: 'prefix', prefix: pfx.prefix } : vmEnd();
      const c: FlowRangeCheck = {
        source,
        destination,
        protocol: pick(rng, ['TCP', 'UDP', 'Any'] as const),
        sourcePorts: sp[0] === sp[1] ? String(sp[0]) : `${sp[0]}-${sp[1]}`,
        destinationPorts: `${dp[0]}-${dp[1]}`,
        expected: rng() < 0.5 ? 'Allow' : 'Deny',
      };
      const r = checkFlowRange(net, c);
      const truth = exhaustive(v, net, c, range(sp), range(dp), pfx.addresses);
      expect({ c, status: r.status }).toEqual({ c, status: truth ? 'pass' : 'fail' });
      if (r.status === 'fail') {
        expect(r.counterexample?.verdict.access).not.toBe(c.expected);
        expect(r.example).toBeUndefined();
        counts.fail++;
      } else {
        // the example is a flow of the range with the expected verdict: exactly the counterexample to the
        // opposite expectation (none when the range holds no flow)
        const opposite = checkFlowRange(net, { ...c, expected: c.expected === 'Allow' ? 'Deny' : 'Allow' });
        expect(r.example).toEqual(opposite.status === 'fail' ? opposite.counterexample : undefined);
        if (r.example) {
          expect(r.example.verdict.access).toBe(c.expected);
          counts.examples++;
        }
        counts.pass++;
      }
    }
  });
  it('the seeds produce both passes and failures', () => {
    expect(counts.pass).toBeGreaterThan(50);
    expect(counts.fail).toBeGreaterThan(50);
    expect(counts.examples).toBeGreaterThan(25);
  });
});
