/**
 * Analyses bench. A 200-VM workspace (2 VNets × 4 subnets × 25 NICs, one VM per NIC, 10 % IPv6) whose four
 * NSGs hold 1,000 custom rules each (every subnet and NIC has an NSG, NIC NSG ≠ subnet NSG) plus 50 admin
 * rules. Measures, in process CPU time, each against the frozen pre-optimisation code (analyses/baseline/)
 * run in the same process on fresh copies of the same networks:
 *
 *  - one complete diffNetworks (every ordered NIC pair plus external ranges) for three drafts of 5 changed
 *    rules: `top` (5 of the 20 highest-priority rules: many verdicts change), `random` (any 5 rules: mostly
 *    deep, shadowed ones), `wide` (5 top rules widened to any source and any ports: the largest region);
 *  - 1,000 mixed checkFlowRange calls, cold (fresh network: compiles what they touch) and warm (again);
 *  - findShadowedRules of one NSG and of the network manager, at 100 and 1,000 rules per NSG (the baseline,
 *    which ignores admin rules and the NSG evaluated first, only at 100: at 1,000 it runs for minutes).
 *
 *   node packages/engine/dist/bench/analyses-bench.js [--json] [--skip-baseline]
 */
import { diffNetworks as baselineDiffNetworks } from '../analyses/baseline/diff';
import { checkFlowRange as baselineCheckFlowRange } from '../analyses/baseline/check';
import { findShadowedRules as baselineFindShadowedRules } from '../analyses/baseline/shadowed-rules';
import { findShadowedRules } from '../analyses/shadowed-rules';
import { checkFlowRange, type FlowRangeCheck } from '../analyses/check';
import { diffNetworks, type FlowChange } from '../analyses/diff';
import { parseAddressPrefix, parseIpAddress } from '../address';
import type { Network, NetworkInput } from '../model';
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

export type DraftKind = 'top' | 'random' | 'wide';

/**
 * The draft: 5 rules changed. `top`: among the 20 highest-priority rules of random NSGs (access flipped,
 * destination ports changed, or source replaced); `random`: the same operations on any custom rule;
 * `wide`: 5 of the top-20 rules widened to any source and any ports (their whole space is in focus).
 */
export function draftOf(
  input: NetworkInput,
  seed: number,
  changes = 5,
  kind: DraftKind = 'top',
): NetworkInput {
  const rng = mulberry32(seed);
  const out = structuredClone(input);
  for (let k = 0; k < changes; k++) {
    const nsg = pick(rng, out.networkSecurityGroups);
    const sorted = [...nsg.securityRules].sort((x, y) => x.priority - y.priority);
    // top: so the change is visible (deep rules are mostly shadowed); random: any rule
    const r = pick(rng, kind === 'random' ? sorted : sorted.slice(0, 20));
    if (kind === 'wide') {
      delete r.sourceAddressPrefixes;
      delete r.sourceApplicationSecurityGroupIds;
      delete r.sourcePortRanges;
      delete r.destinationPortRanges;
      r.sourceAddressPrefix = '*';
      r.sourcePortRange = '*';
      r.destinationPortRange = '*';
      continue;
    }
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

interface Timed<T> {
  ms: number;
  value: T;
}

function timed<T>(f: () => T): Timed<T> {
  const t0 = cpuMs();
  const value = f();
  return { ms: cpuMs() - t0, value };
}

type Diff = typeof diffNetworks;
type Check = typeof checkFlowRange;

function rangeSize(text: string): bigint {
  const dash = text.indexOf('-');
  if (dash < 0) {
    if (/^\d+$/.test(text)) return 1n;
    const p = parseAddressPrefix(text);
    return p.ok ? BigInt(p.value.last) - BigInt(p.value.first) + 1n : 0n;
  }
  if (/^\d+-\d+$/.test(text)) return BigInt(Number(text.slice(dash + 1)) - Number(text.slice(0, dash)) + 1);
  const a = parseIpAddress(text.slice(0, dash));
  const b = parseIpAddress(text.slice(dash + 1));
  if (!a.ok || !b.ok) return 0n;
  const v = (x: typeof a.value): bigint => (x.family === 4 ? BigInt(x.v4) : x.v6);
  return v(b.value) - v(a.value) + 1n;
}

/** Flows covered by the changes, per kind: equal totals mean the same flows, however products are split. */
function flowTotals(changes: FlowChange[]): string {
  const sum = (xs: string[]): bigint => xs.reduce((n, x) => n + rangeSize(x), 0n);
  const t = { newlyAllowed: 0n, newlyDenied: 0n };
  for (const c of changes)
    t[c.change] +=
      sum(c.sourceAddresses) * sum(c.destinationAddresses) * sum(c.sourcePorts) * sum(c.destinationPorts);
  return `+${t.newlyAllowed} / -${t.newlyDenied}`;
}

/** One diff on fresh networks (nothing compiled or cached). */
function runDiff(
  diff: Diff,
  input: NetworkInput,
  draft: NetworkInput,
): Timed<{ changes: number; truncated: boolean; flows: string }> {
  const before = parseNetwork(input).network;
  const after = parseNetwork(draft).network;
  const t = timed(() => diff(before, after, { maxChanges: 1_000_000 }));
  return {
    ms: t.ms,
    value: {
      changes: t.value.changes.length,
      truncated: t.value.truncated,
      flows: flowTotals(t.value.changes),
    },
  };
}

/** The checks on a fresh network, twice: cold (first) and warm (same network again). */
function runChecks(
  check: Check,
  input: NetworkInput,
  checks: FlowRangeCheck[],
): { cold: Timed<string>; warm: Timed<string> } {
  const net = parseNetwork(input).network;
  const all = (): string => {
    const n = { pass: 0, fail: 0, error: 0 };
    for (const c of checks) n[check(net, c).status]++;
    return `pass ${n.pass}, fail ${n.fail}, error ${n.error}`;
  };
  const cold = timed(all);
  const warm = timed(all);
  return { cold, warm };
}

const ratio = (base: number | null, now: number): number | null =>
  base === null ? null : Math.round((base / Math.max(now, 0.001)) * 10) / 10;

function main(): void {
  const skipBaseline = process.argv.includes('--skip-baseline');
  // warm-up (JIT) of both implementations on a small workspace, so neither pays it inside a measurement
  {
    const small = workspace(SEED + 9, 50);
    const d = draftOf(small, SEED + 10);
    runDiff(diffNetworks, small, d);
    if (!skipBaseline) runDiff(baselineDiffNetworks, small, d);
    const cs = randomChecks(small, 100, SEED + 11);
    runChecks(checkFlowRange, small, cs);
    if (!skipBaseline) runChecks(baselineCheckFlowRange, small, cs);
  }
  const input = workspace(SEED, 1000);
  const rows: Record<string, unknown>[] = [];
  for (const kind of ['top', 'random', 'wide'] as const) {
    const draft = draftOf(input, SEED + 1, 5, kind);
    const now = runDiff(diffNetworks, input, draft);
    const base = skipBaseline ? null : runDiff(baselineDiffNetworks, input, draft);
    rows.push({
      measure: `diff:${kind}`,
      ms: Math.round(now.ms),
      baselineMs: base ? Math.round(base.ms) : null,
      speedup: ratio(base ? base.ms : null, now.ms),
      changes: now.value.changes,
      baselineChanges: base ? base.value.changes : null,
      truncated: now.value.truncated,
      flows: now.value.flows,
      baselineFlows: base ? base.value.flows : null,
    });
  }
  const checks = randomChecks(input, 1000, SEED + 2);
  const now = runChecks(checkFlowRange, input, checks);
  const base = skipBaseline ? null : runChecks(baselineCheckFlowRange, input, checks);
  for (const phase of ['cold', 'warm'] as const) {
    rows.push({
      measure: `checks:${phase}`,
      ms: Math.round(now[phase].ms),
      baselineMs: base ? Math.round(base[phase].ms) : null,
      speedup: ratio(base ? base[phase].ms : null, now[phase].ms),
      statuses: now[phase].value,
      baselineStatuses: base ? base[phase].value : null,
    });
  }
  // shadowed rules of one NSG and of the network manager, on fresh networks; the baseline (per NSG layer,
  // no admin rules) only at 100 rules per NSG — at 1,000 it runs for minutes
  for (const rulesPerNsg of [100, 1000]) {
    const ws = rulesPerNsg === 1000 ? input : workspace(SEED, rulesPerNsg);
    const shadowed = (
      f: (n: Network, id: string) => unknown[],
      id: (n: Network) => string,
    ): Timed<number> => {
      const net = parseNetwork(ws).network;
      return timed(() => f(net, id(net)).length);
    };
    const nsg = (n: Network): string => (n.networkSecurityGroups[0] as { id: string }).id;
    const nm = (n: Network): string => (n.networkManagers[0] as { id: string }).id;
    const now = shadowed(findShadowedRules, nsg);
    const base = skipBaseline || rulesPerNsg === 1000 ? null : shadowed(baselineFindShadowedRules, nsg);
    rows.push({
      measure: `shadowed:${rulesPerNsg}`,
      ms: Math.round(now.ms),
      baselineMs: base ? Math.round(base.ms) : null,
      speedup: ratio(base ? base.ms : null, now.ms),
      statuses: `${now.value} NSG rules shadowed${base ? ` (baseline, NSG layer only: ${base.value})` : ''}`,
    });
    const admin = shadowed(findShadowedRules, nm);
    rows.push({
      measure: `shadowedAdmin:${rulesPerNsg}`,
      ms: Math.round(admin.ms),
      baselineMs: null,
      speedup: null,
      statuses: `${admin.value} admin rules shadowed (no baseline: new)`,
    });
  }
  if (json) {
    console.log(JSON.stringify({ seed: SEED, node: process.version, rows }));
    return;
  }
  console.log(`flowverify analyses bench (seed ${SEED}, node ${process.version}, CPU time, one thread)`);
  console.log(
    `workspace: 200 VMs, ${input.networkInterfaces.length} NICs, 4 NSGs × 1,000 rules + 50 admin rules; drafts change 5 rules`,
  );
  console.log('measure             |     now ms | baseline ms | speed-up | result');
  for (const r of rows) {
    const result =
      'changes' in r
        ? `${String(r.changes)} changes${r.truncated ? ' (truncated)' : ''}, flows ${String(r.flows)}${
            r.baselineFlows === null
              ? ''
              : r.baselineFlows === r.flows
                ? ` = baseline (${String(r.baselineChanges)} changes)`
                : ` ≠ baseline ${String(r.baselineFlows)}`
          }`
        : `${String(r.statuses)}${r.baselineStatuses && r.baselineStatuses !== r.statuses ? ` ≠ baseline ${String(r.baselineStatuses)}` : ''}`;
    console.log(
      `${String(r.measure).padEnd(19)} | ${String(r.ms).padStart(10)} | ${String(r.baselineMs ?? '-').padStart(11)} | ${String(r.speedup === null ? '-' : `${String(r.speedup)}×`).padStart(8)} | ${result}`,
    );
  }
  console.log(
    'targets: every diff ≤ 5,000 ms; 1,000 checks ≤ 1,000 ms (cold and warm); shadowed rules: none',
  );
}

if (require.main === module) main();
