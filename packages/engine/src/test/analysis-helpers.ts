/** Helpers for the analyses' brute-force tests: range parsing, seeded mutations, probe values. */
import { mulberry32, int, pick, type Rng } from '../bench/generate';
import { parseAddressPrefix, parseIpAddress } from '../address';
import type { Network, NetworkInput, SecurityRuleInput } from '../model';
import { parseNetwork } from '../parse';

export interface NumRange {
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
}

/** Parses `a.b.c.d`, a CIDR or `a-b` into a numeric range (bigint for both families). */
export function addressRange(text: string): NumRange {
  const dash = text.indexOf('-');
  if (dash > 0) {
    const a = parseIpAddress(text.slice(0, dash));
    const b = parseIpAddress(text.slice(dash + 1));
    if (!a.ok || !b.ok) throw new Error(`bad range ${text}`);
    return {
      family: a.value.family,
      lo: a.value.family === 4 ? BigInt(a.value.v4) : a.value.v6,
      hi: b.value.family === 4 ? BigInt(b.value.v4) : b.value.v6,
    };
  }
  const p = parseAddressPrefix(text);
  if (!p.ok) throw new Error(`bad prefix ${text}`);
  return { family: p.value.family, lo: BigInt(p.value.first), hi: BigInt(p.value.last) };
}

export function portRange(text: string): [number, number] {
  const dash = text.indexOf('-');
  return dash > 0
    ? [Number(text.slice(0, dash)), Number(text.slice(dash + 1))]
    : [Number(text), Number(text)];
}

export function addressValue(text: string): bigint {
  const a = parseIpAddress(text);
  if (!a.ok) throw new Error(`bad address ${text}`);
  return a.value.family === 4 ? BigInt(a.value.v4) : a.value.v6;
}

export function inAddressRanges(texts: string[], ip: string): boolean {
  const v = addressValue(ip);
  return texts.some((t) => {
    const r = addressRange(t);
    return r.lo <= v && v <= r.hi;
  });
}

export function inPortRanges(texts: string[], p: number): boolean {
  return texts.some((t) => {
    const [lo, hi] = portRange(t);
    return lo <= p && p <= hi;
  });
}

export function parsed(input: NetworkInput): Network {
  return parseNetwork(input).network;
}

/** Every VM running (the analyses ignore power state; verifyFlow does not). */
export function allRunning(input: NetworkInput): NetworkInput {
  const out = structuredClone(input);
  for (const vm of out.virtualMachines) vm.powerState = 'PowerState/running';
  for (const nic of out.networkInterfaces) nic.enableIPForwarding = false;
  return out;
}

const PREFIXES = [
  '*',
  'VirtualNetwork',
  'Internet',
  '10.0.0.0/24',
  '10.1.0.4',
  '10.0.1.0/25',
  '0.0.0.0/1',
  'fd00:0::/48',
];

function randomPorts(rng: Rng): string {
  const a = pick(rng, [0, 22, 80, 443, 1000, 3389, int(rng, 1, 65535)]);
  return rng() < 0.3 ? '*' : rng() < 0.5 ? String(a) : `${a}-${Math.min(65535, a + int(rng, 0, 3000))}`;
}

/** A draft: a few rules removed, flipped, re-ported or added; sometimes a NIC changes NSG or a VM goes. */
export function mutate(input: NetworkInput, seed: number): NetworkInput {
  const rng = mulberry32(seed);
  const out = structuredClone(input);
  const n = int(rng, 1, 4);
  for (let k = 0; k < n; k++) {
    const nsg = pick(rng, out.networkSecurityGroups);
    const op = int(rng, 0, 3);
    const rules = nsg.securityRules;
    if (op === 0 && rules.length > 0) rules.splice(int(rng, 0, rules.length - 1), 1);
    else if (op === 1 && rules.length > 0) {
      const r = pick(rng, rules);
      r.access = r.access === 'Allow' ? 'Deny' : 'Allow';
    } else if (op === 2 && rules.length > 0) {
      const r = pick(rng, rules);
      delete r.destinationPortRanges;
      r.destinationPortRange = randomPorts(rng);
    } else {
      const r: SecurityRuleInput = {
        name: `added${k}`,
        priority: 4000 + k,
        direction: rng() < 0.5 ? 'Inbound' : 'Outbound',
        access: rng() < 0.5 ? 'Allow' : 'Deny',
        protocol: pick(rng, ['*', 'Tcp', 'Udp']),
        sourceAddressPrefix: pick(rng, PREFIXES),
        destinationAddressPrefix: pick(rng, PREFIXES),
        sourcePortRange: rng() < 0.7 ? '*' : randomPorts(rng),
        destinationPortRange: randomPorts(rng),
      };
      if (rng() < 0.2) r.priority = pick(rng, [100, 101, 150, 200]);
      rules.push(r);
    }
  }
  if (rng() < 0.3) {
    const nic = pick(rng, out.networkInterfaces);
    nic.networkSecurityGroupId = rng() < 0.3 ? null : pick(rng, out.networkSecurityGroups).id;
  }
  if (rng() < 0.2 && out.virtualMachines.length > 1)
    out.virtualMachines.splice(int(rng, 0, out.virtualMachines.length - 1), 1);
  return out;
}

/** Probe ports: values at and around every port boundary of the networks' rules, sampled down to `n`. */
export function portProbes(
  networks: Network[],
  side: 'source' | 'destination',
  n: number,
  rng: Rng,
): number[] {
  const all = new Set<number>([0, 65535]);
  for (const net of networks) {
    const ranges = [
      ...net.networkSecurityGroups.flatMap((g) => g.securityRules),
      ...net.networkManagers.flatMap((m) =>
        m.securityAdminConfigurations.flatMap((c) => c.ruleCollections.flatMap((rc) => rc.rules)),
      ),
    ].flatMap((r) => (side === 'source' ? r.sourcePorts : r.destinationPorts));
    for (const p of ranges) {
      for (const v of [p.from - 1, p.from, p.to, p.to + 1]) if (v >= 0 && v <= 65535) all.add(v);
    }
  }
  const list = [...all].sort((a, b) => a - b);
  const out: number[] = [];
  while (out.length < n && list.length > 0)
    out.push(list.splice(int(rng, 0, list.length - 1), 1)[0] as number);
  return out.sort((a, b) => a - b);
}

/** One IP configuration of a VM's NIC, keyed as the diff keys them (`nic|name|address`). */
export interface Cfg {
  key: string;
  vmId: string;
  nicId: string;
  address: string;
  family: 4 | 6;
}

/** Every IP configuration of the VMs in `input`, by key. */
export function configsOf(input: NetworkInput): Map<string, Cfg> {
  const out = new Map<string, Cfg>();
  for (const vm of input.virtualMachines) {
    for (const ref of vm.networkInterfaces) {
      const nic = input.networkInterfaces.find((n) => n.id === ref.id);
      if (!nic) continue;
      for (const c of nic.ipConfigurations) {
        const family = c.privateIPAddress.includes(':') ? 6 : 4;
        const key = `${nic.id}|${c.name}|${c.privateIPAddress}`;
        out.set(key, { key, vmId: vm.id, nicId: nic.id, address: c.privateIPAddress, family });
      }
    }
  }
  return out;
}
