import { generateNetwork, interestingAddress, mulberry32, type GenerateOptions } from '../bench/generate';
import { createVerifier } from '../evaluate';
import {
  addressRange,
  addressValue,
  allRunning,
  parsed,
  portProbes,
  portRange,
} from '../test/analysis-helpers';
import { NIC1, VM1, VM_APP, network, rule } from '../test/fixtures';
import { allowedSpace } from './allowed-space';
import { allowedFlowsBetween } from './reachability';

const inPorts = (texts: string[], p: number): boolean =>
  texts.some((t) => {
    const [lo, hi] = portRange(t);
    return lo <= p && p <= hi;
  });

describe('allowedFlowsBetween / allowedSpace — table cases', () => {
  const net = parsed(
    network({
      subnetRules: [
        rule({
          name: 'deny-app-ssh',
          priority: 100,
          protocol: 'Tcp',
          access: 'Deny',
          sourceAddressPrefix: '10.0.2.0/24',
          destinationPortRange: '22',
        }),
      ],
      nicRules: null,
    }),
  );

  it('§6.2 vm-app → vm1: everything but TCP 22, attributed to AllowVnetInBound (and no rule on vm-app)', () => {
    const r = allowedFlowsBetween(net, VM_APP, VM1);
    if (!r.ok) throw new Error('expected ok');
    const tcp = r.flows.filter((f) => f.protocol === 'TCP' && f.destination.ipAddress === '10.0.1.4');
    expect(tcp).toHaveLength(1);
    expect(tcp[0]).toMatchObject({ sourcePorts: ['0-65535'], destinationPorts: ['0-21', '23-65535'] });
    expect(tcp[0]?.rules.map((x) => [x.side, x.layer, x.ruleName])).toEqual([
      ['source', 'none', null],
      ['destination', 'subnetNsg', 'defaultSecurityRules/AllowVnetInBound'],
    ]);
    const udp = r.flows.filter((f) => f.protocol === 'UDP' && f.destination.ipAddress === '10.0.1.4');
    expect(udp.map((f) => f.destinationPorts)).toEqual([['0-65535']]);
    expect(allowedFlowsBetween(net, 'nope', VM1)).toMatchObject({ ok: false, error: { code: 'NotFound' } });
  });

  it('§6.2 allowedSpace: inbound boxes of nic1 exclude TCP 22 from 10.0.2.0/24 only', () => {
    const s = allowedSpace(net, NIC1, 'Inbound');
    if (!s.ok) throw new Error('expected ok');
    const covers = (proto: string, remote: string, lp: number): boolean =>
      s.boxes.some(
        (b) =>
          b.protocol === proto &&
          inPorts(b.localPorts, lp) &&
          b.remoteAddresses.some((t) => {
            const r = addressRange(t);
            const v = addressValue(remote);
            return r.lo <= v && v <= r.hi;
          }),
      );
    expect(covers('TCP', '10.0.2.4', 22)).toBe(false);
    expect(covers('TCP', '10.0.2.4', 23)).toBe(true);
    expect(covers('TCP', '10.0.3.4', 22)).toBe(true);
    expect(covers('UDP', '10.0.2.4', 22)).toBe(true);
    expect(covers('TCP', '8.8.8.8', 80)).toBe(false);
    expect(allowedSpace(net, 'nope', 'Inbound').ok).toBe(false);
  });
});

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

describe('allowedFlowsBetween / allowedSpace — brute force (seeded)', () => {
  it.each(Array.from({ length: 10 }, (_, i) => 900 + i))(
    'seed %i: probes are allowed iff covered',
    (seed) => {
      const net = parsed(allRunning(generateNetwork(seed, OPTIONS)));
      const v = createVerifier(net);
      const rng = mulberry32(seed);
      const sps = portProbes([net], 'source', 4, rng);
      const dps = portProbes([net], 'destination', 6, rng);
      const bad: unknown[] = [];
      const vms = net.virtualMachines.slice(0, 5);
      for (const a of vms) {
        for (const b of vms) {
          const r = allowedFlowsBetween(net, a.id, b.id);
          if (!r.ok) throw new Error('unexpected');
          for (const an of a.networkInterfaces)
            for (const bn of b.networkInterfaces) {
              if (an.id === bn.id) continue;
              const ac = net.networkInterfaces.find((n) => n.id === an.id)?.ipConfigurations ?? [];
              const bc = net.networkInterfaces.find((n) => n.id === bn.id)?.ipConfigurations ?? [];
              for (const s of ac)
                for (const d of bc) {
                  if (s.family !== d.family) continue;
                  for (const protocol of ['TCP', 'UDP'])
                    for (const sp of sps)
                      for (const dp of dps) {
                        const o = v.verifyFlow({
                          targetResourceId: a.id,
                          targetNicResourceId: an.id,
                          direction: 'Outbound',
                          protocol,
                          localIpAddress: s.privateIPAddress,
                          localPort: String(sp),
                          remoteIpAddress: d.privateIPAddress,
                          remotePort: String(dp),
                        });
                        const i = v.verifyFlow({
                          targetResourceId: b.id,
                          targetNicResourceId: bn.id,
                          direction: 'Inbound',
                          protocol,
                          localIpAddress: d.privateIPAddress,
                          localPort: String(dp),
                          remoteIpAddress: s.privateIPAddress,
                          remotePort: String(sp),
                        });
                        const truth =
                          o.ok && i.ok && o.verdict.access === 'Allow' && i.verdict.access === 'Allow';
                        const hits = r.flows.filter(
                          (f) =>
                            f.protocol === protocol &&
                            f.source.ipAddress === s.privateIPAddress &&
                            f.source.networkInterfaceId === an.id &&
                            f.destination.ipAddress === d.privateIPAddress &&
                            f.destination.networkInterfaceId === bn.id &&
                            inPorts(f.sourcePorts, sp) &&
                            inPorts(f.destinationPorts, dp),
                        ).length;
                        if (hits !== (truth ? 1 : 0))
                          bad.push({
                            a: a.id,
                            b: b.id,
                            s: s.privateIPAddress,
                            d: d.privateIPAddress,
                            protocol,
                            sp,
                            dp,
                            hits,
                            truth,
                          });
                      }
                }
            }
        }
      }
      // allowedSpace of a few configurations, both directions, probe remotes
      const remotes = Array.from({ length: 10 }, (_, i) => interestingAddress(rng, 2, i % 3 === 0 ? 6 : 4));
      for (const nic of net.networkInterfaces.slice(0, 4)) {
        const vm = net.virtualMachines.find((x) => x.networkInterfaces.some((n) => n.id === nic.id));
        if (!vm) continue;
        for (const cfg of nic.ipConfigurations)
          for (const direction of ['Inbound', 'Outbound'] as const) {
            const s = allowedSpace(net, nic.id, direction, { ipConfigurationName: cfg.name });
            if (!s.ok) throw new Error('unexpected');
            const parsedBoxes = s.boxes.map((b) => ({ b, rs: b.remoteAddresses.map(addressRange) }));
            for (const remote of remotes) {
              if (remote.includes(':') !== (cfg.family === 6)) continue;
              const rv = addressValue(remote);
              for (const protocol of ['TCP', 'UDP'])
                for (const sp of sps)
                  for (const dp of dps) {
                    const lp = direction === 'Inbound' ? dp : sp;
                    const rp = direction === 'Inbound' ? sp : dp;
                    const q = v.verifyFlow({
                      targetResourceId: vm.id,
                      targetNicResourceId: nic.id,
                      direction,
                      protocol,
                      localIpAddress: cfg.privateIPAddress,
                      localPort: String(lp),
                      remoteIpAddress: remote,
                      remotePort: String(rp),
                    });
                    const truth = q.ok && q.verdict.access === 'Allow';
                    const hits = parsedBoxes.filter(
                      ({ b, rs }) =>
                        b.protocol === protocol &&
                        rs.some((r) => r.lo <= rv && rv <= r.hi) &&
                        inPorts(b.localPorts, lp) &&
                        inPorts(b.remotePorts, rp),
                    ).length;
                    if (hits !== (truth ? 1 : 0))
                      bad.push({
                        nic: nic.id,
                        cfg: cfg.name,
                        direction,
                        remote,
                        protocol,
                        lp,
                        rp,
                        hits,
                        truth,
                      });
                  }
            }
          }
      }
      expect(bad.slice(0, 5)).toEqual([]);
    },
  );
});
