/**
 * Analyses bench. A 200-VM workspace (2 VNets × 4 subnets × 25 NICs, one VM per NIC, 10 % IPv6) whose four
 * NSGs hold 1,000 custom rules each (every subnet and NIC has an NSG, NIC NSG ≠ subnet NSG) plus 50 admin
 * rules; a draft changes 5 rules. Measures, in process CPU time, one complete diffNetworks (every ordered
 * NIC pair plus external ranges) and 1,000 checkFlowRange calls (cold: the first on a fresh network; warm).
 *
 *   node packages/engine/dist/bench/analyses-bench.js [--json]
 */
import { checkFlowRange, type FlowRangeCheck } from '../analyses/check';
import { diffNetworks } from '../analyses/diff';
import type { NetworkInput } from '../model';
import { parseNetwork } from '../parse';
import { generateNetwork, int, mulberry32, pick, type GenerateOptions } from './generate';

const json = process.argv.includes('--json');
const SEED = 20261126;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function workspace(seed: number, rulesPerNsg: number): NetworkInput {
  const o: GenerateOptions = {
    vnets: 2,
    subnetsPerVnet: 4,
    nicsPerSubnet: 25,
    nsgs: 4,
    rulesPerNsg,
    adminRules: 50,
    asgs: 6,
    ipv6: 0.1,
    forwarding: 0,
    allNsgs: true,
    adminAlwaysApplies: true,
  };
  const input = generateNetwork(seed, o);
  // one VM per NIC, all running
  input.virtualMachines = input.networkInterfaces.map((nic, i) => ({
    id: `${nic.id.replace('/providers/Microsoft.Network/networkInterfaces/', '/providers/Microsoft.Compute/virtualMachines/')}-vm${i}`,
    name: `vm${i}`,
    location: 'westeurope',
    powerState: 'PowerState/running',
    networkInterfaces: [{ id: nic.id, primary: true }],
  }));
  const subnetNsg = new Map<string, string | null | undefined>();
  for (const v of input.virtualNetworks)
    for (const s of v.subnets) subnetNsg.set(s.id, s.networkSecurityGroupId);
  const nsgIds = input.networkSecurityGroups.map((n) => n.id);
  input.networkInterfaces.forEach((nic, i) => {
    const sn = subnetNsg.get(nic.ipConfigurations[0]?.subnetId ?? '');
    const others = nsgIds.filter((id) => id !== sn);
    nic.networkSecurityGroupId = others[i % others.length] ?? null;
  });
  return input;
}

/** The draft: 5 high-priority rules changed (access flipped, destination ports changed, or source replaced). */
export function draftOf(input: NetworkInput, seed: number, changes = 5): NetworkInput {
  const rng = mulberry32(seed);
  const out = structuredClone(input);
  for (let k = 0; k < changes; k++) {
    const nsg = pick(rng, out.networkSecurityGroups);
    // among the 20 highest-priority rules, so the change is visible (deep rules are mostly shadowed)
    const r = pick(rng, [...nsg.securityRules].sort((x, y) => x.priority - y.priority).slice(0, 20));
    const op = k % 3;
    if (op === 0) r.access = r.access === 'Allow' ? 'Deny' : 'Allow';
    else if (op === 1) {
      delete r.destinationPortRanges;
      const p = int(rng, 1, 60000);
      r.destinationPortRange = `${p}-${p + int(rng, 0, 500)}`;
    } else {
      delete r.sourceAddressPrefixes;
      delete r.sourceApplicationSecurityGroupIds;
      r.sourceAddressPrefix = pick(rng, ['10.0.1.0/24', 'Internet', '*', '10.1.0.0/16']);
    }
  }
  return out;
}

function randomChecks(input: NetworkInput, n: number, seed: number): FlowRangeCheck[] {
  const rng = mulberry32(seed);
  const vms = input.virtualMachines;
  const out: FlowRangeCheck[] = [];
  for (let i = 0; i < n; i++) {
    const vm = (): { kind: 'virtualMachine'; id: string } => ({
      kind: 'virtualMachine',
      id: pick(rng, vms).id,
    });
    const shape = i % 4;
    const p = pick(rng, [22, 80, 443, 1433, 3389, int(rng, 1, 65535)]);
    out.push({
      source:
        shape === 1
          ? { kind: 'serviceTag', tag: 'Internet' }
          : shape === 2
            ? { kind: 'prefix', prefix: '10.1.0.0/24' }
            : vm(),
      destination: shape === 3 ? { kind: 'prefix', prefix: '13.107.0.0/24' } : vm(),
      protocol: pick(rng, ['TCP', 'UDP', 'Any'] as const),
      sourcePorts: '*',
      destinationPorts: rng() < 0.5 ? String(p) : `${p}-${Math.min(65535, p + 100)}`,
      expected: rng() < 0.5 ? 'Allow' : 'Deny',
    });
  }
  return out;
}

function main(): void {
  const input = workspace(SEED, 1000);
  const draft = draftOf(input, SEED + 1);
  const before = parseNetwork(input).network;
  const after = parseNetwork(draft).network;
  const t0 = cpuMs();
  const diff = diffNetworks(before, after);
  const diffMs = cpuMs() - t0;
  const checks = randomChecks(input, 1000, SEED + 2);
  const fresh = parseNetwork(input).network;
  const t1 = cpuMs();
  const statuses = { pass: 0, fail: 0, error: 0 };
  for (const c of checks) statuses[checkFlowRange(fresh, c).status]++;
  const checksColdMs = cpuMs() - t1;
  const t2 = cpuMs();
  for (const c of checks) checkFlowRange(fresh, c);
  const checksWarmMs = cpuMs() - t2;
  const row = {
    vms: before.virtualMachines.length,
    nics: before.networkInterfaces.length,
    rulesPerNsg: 1000,
    changedRules: 5,
    diffMs: Math.round(diffMs),
    changes: diff.changes.length,
    truncated: diff.truncated,
    checks: checks.length,
    checksColdMs: Math.round(checksColdMs),
    checksWarmMs: Math.round(checksWarmMs),
    ...statuses,
  };
  if (json) console.log(JSON.stringify(row));
  else {
    console.log(`flowverify analyses bench (seed ${SEED}, node ${process.version}, CPU time)`);
    console.log(
      `workspace: ${row.vms} VMs, ${row.nics} NICs, 4 NSGs × 1,000 rules + 50 admin rules; draft changes 5 rules`,
    );
    console.log(
      `diffNetworks (all NIC pairs + external): ${row.diffMs} ms → ${row.changes} changes (target ≤ 5,000 ms)`,
    );
    console.log(
      `1,000 checkFlowRange: cold ${row.checksColdMs} ms, warm ${row.checksWarmMs} ms (target ≤ 1,000 ms); pass ${row.pass}, fail ${row.fail}, error ${row.error}`,
    );
  }
}

if (require.main === module) main();
