/**
 * The verification probe (probe.ts) against the per-layer decision tables it combines: for every layer, the
 * probe's first matching rule must be the table's, at every boundary of every layer's dimensions and next to
 * it (off-by-one in the combined cuts or the bucket indexes shows there), at 0 / 65535 / 0.0.0.0 /
 * 255.255.255.255, with `*` query ports, for IPv4 and IPv6 (four-word keys: words that compare equal high and
 * differ low).
 */
import { ipv6FromWords, ipv6Words } from './address';
import { generateNetwork } from './bench/generate';
import {
  type CompiledPolicyWithProbes,
  type DecisionTable,
  compilePolicy,
  firstMatchInTable,
} from './compile';
import type { Network } from './model';
import { parseNetwork } from './parse';
import { type PolicyProbe, portSegment, remoteSegment4, remoteSegment6 } from './probe';

/** A seeded network: two VNets, IPv6 configurations, tags, ASGs, port lists, admin rules. */
function bench(seed: number): Network {
  const input = generateNetwork(seed, {
    vnets: 2,
    subnetsPerVnet: 2,
    nicsPerSubnet: 2,
    nsgs: 3,
    rulesPerNsg: 40,
    adminRules: 12,
    asgs: 4,
    ipv6: 0.4,
    forwarding: 0,
    allNsgs: true,
    adminAlwaysApplies: true,
  });
  return parseNetwork(input).network;
}

/** The probe's first match in layer k (the loop of evaluate.ts's decideProbe). */
function probeFirstMatch(
  probe: PolicyProbe,
  k: number,
  isTcp: boolean,
  remote: number | bigint,
  localPort: number,
  remotePort: number,
): number {
  const sh = probe.shared;
  const n = sh.layerCount;
  let rSeg: number;
  if (typeof remote === 'number') rSeg = remoteSegment4(sh.remoteStarts, sh.remoteBuckets, remote);
  else {
    const [a, b, c, d] = ipv6Words(remote);
    rSeg = remoteSegment6(sh.remoteStarts6, a, b, c, d);
  }
  const lSeg = localPort >= 0 ? portSegment(sh.localPortStarts, sh.localPortBuckets, localPort) : -1;
  const pSeg = remotePort >= 0 ? portSegment(sh.remotePortStarts, sh.remotePortBuckets, remotePort) : -1;
  const proto = (isTcp ? probe.tcp[k] : probe.udp[k]) as Uint32Array;
  const rPool = sh.remotePools[k] as Uint32Array;
  const lPool = (lSeg >= 0 ? sh.localPortPools[k] : probe.localPortFull[k]) as Uint32Array;
  const pPool = (pSeg >= 0 ? sh.remotePortPools[k] : probe.remotePortFull[k]) as Uint32Array;
  const rOff = sh.remoteOffsets[rSeg * n + k] as number;
  const lOff = lSeg >= 0 ? (sh.localPortOffsets[lSeg * n + k] as number) : 0;
  const pOff = pSeg >= 0 ? (sh.remotePortOffsets[pSeg * n + k] as number) : 0;
  for (let j = 0; j < (sh.words[k] as number); j++) {
    const x =
      (proto[j] as number) &
      (rPool[rOff + j] as number) &
      (lPool[lOff + j] as number) &
      (pPool[pOff + j] as number);
    if (x !== 0) return (j << 5) + (31 - Math.clz32(x & -x));
  }
  return -1;
}

function near<T extends number | bigint>(values: ArrayLike<T>, one: T, max: T): T[] {
  const out = new Set<T>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as T;
    out.add(v);
    if (v > (0 as T) && typeof v === typeof one) out.add(((v as number) - (one as number)) as T);
    if (v < max) out.add(((v as number) + (one as number)) as T);
  }
  return [...out];
}

describe('probe.ts: combined dimensions agree with every layer table', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i: every boundary ±1, both protocols, IPv4 and IPv6', (seed) => {
    const network = bench(seed);
    let compared = 0;
    let v6 = 0;
    for (const nic of network.networkInterfaces) {
      for (const cfg of nic.ipConfigurations) {
        const p = compilePolicy(network, nic.id, cfg.name) as CompiledPolicyWithProbes | null;
        if (!p) continue;
        for (const probe of [p.inboundProbe, p.outboundProbe]) {
          if (!probe) continue;
          const tables = probe.tables as DecisionTable[];
          const family = probe.family;
          const remotes: (number | bigint)[] = [];
          const lports: number[] = [0, 65535];
          const rports: number[] = [0, 65535];
          for (const t of tables) {
            if (family === 4) remotes.push(...near(t.remote.starts as Float64Array, 1, 0xffffffff));
            else remotes.push(...near(t.remote.starts as bigint[], 1n, (1n << 128n) - 1n));
            lports.push(...near(t.localPort.starts, 1, 65535));
            rports.push(...near(t.remotePort.starts, 1, 65535));
          }
          if (family === 4) remotes.push(0, 0xffffffff, 0x7fffffff, 0x80000000);
          else remotes.push(0n, (1n << 128n) - 1n, ipv6FromWords(0xfd000001, 0, 0, 0xffffffff));
          // A `*` query port is -1 (§7.5): every fifth remote gets one on one side.
          remotes.forEach((remote, i) => {
            const lp = i % 5 === 1 ? -1 : (lports[(i * 7) % lports.length] as number);
            const rp = i % 5 === 3 ? -1 : (rports[(i * 13) % rports.length] as number);
            for (const isTcp of [true, false]) {
              for (let k = 0; k < tables.length; k++) {
                const t = tables[k] as DecisionTable;
                const want = firstMatchInTable(
                  t,
                  isTcp,
                  typeof remote === 'number' ? remote : 0,
                  typeof remote === 'bigint' ? remote : 0n,
                  lp,
                  rp,
                );
                const got = probeFirstMatch(probe, k, isTcp, remote, lp, rp);
                if (got !== want) {
                  throw new Error(`layer ${k}: remote ${String(remote)} ports ${lp}/${rp}: ${got} ≠ ${want}`);
                }
                compared++;
                if (family === 6) v6++;
              }
            }
          });
          // Ports: every local/remote boundary against a fixed remote address.
          const fixed = remotes[0] as number | bigint;
          for (const lp of lports) {
            for (const rp of [0, 65535, lp]) {
              for (let k = 0; k < tables.length; k++) {
                const t = tables[k] as DecisionTable;
                const want = firstMatchInTable(
                  t,
                  true,
                  typeof fixed === 'number' ? fixed : 0,
                  typeof fixed === 'bigint' ? fixed : 0n,
                  lp,
                  rp,
                );
                expect(probeFirstMatch(probe, k, true, fixed, lp, rp)).toBe(want);
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(v6).toBeGreaterThan(0);
  });
});
