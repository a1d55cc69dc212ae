/**
 * Engine bench (task §6). Seeded and reproducible. For NICs whose two NSGs hold 10, 100 and 1,000 custom
 * rules each (mixed prefixes, prefix lists, tags, ASGs, port lists) plus 50 applicable admin rules, prints
 * full verifications/s on the compiled form and on the reference scan (same run), compile ms per NIC and
 * heap bytes per compiled NIC. `--json` prints one JSON object per size per line.
 *
 *   node packages/engine/dist/bench/bench.js [--json] [--sizes 10,100,1000]
 */
import { spawnSync } from 'node:child_process';
import { compilePolicy } from '../compile';
import { createVerifier } from '../evaluate';
import type { FlowQueryInput, Network, NetworkInput } from '../model';
import { parseNetwork } from '../parse';
import { referenceVerifyFlow } from '../reference';
import { generateNetwork, generateQueries, type GenerateOptions } from './generate';

const gc = (globalThis as { gc?: () => void }).gc;
const args = process.argv.slice(2);
const json = args.includes('--json');
const child = args.includes('--child');
const sizesArg = args.indexOf('--sizes');
const sizes =
  sizesArg >= 0
    ? String(args[sizesArg + 1])
        .split(',')
        .map(Number)
    : [10, 100, 1000];
const SEED = 20261126;

/** CPU time of this process in ms: the machine may be shared, and we report one core's throughput. */
function now(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function collect(): void {
  (gc as () => void)();
  (gc as () => void)();
}

/** Gives every NIC an NSG different from its subnet's, so both layers hold `rulesPerNsg` custom rules. */
function twoDistinctNsgs(input: NetworkInput): NetworkInput {
  const subnetNsg = new Map<string, string | null | undefined>();
  for (const v of input.virtualNetworks)
    for (const s of v.subnets) subnetNsg.set(s.id, s.networkSecurityGroupId);
  const nsgIds = input.networkSecurityGroups.map((n) => n.id);
  for (const nic of input.networkInterfaces) {
    const sn = subnetNsg.get(nic.ipConfigurations[0]?.subnetId ?? '');
    nic.networkSecurityGroupId = nsgIds.find((id) => id !== sn) ?? null;
  }
  return input;
}

function measure(fn: () => number, minMs: number): { opsPerSec: number; nsPerOp: number } {
  let ops = 0;
  const start = now();
  let elapsed = 0;
  while (elapsed < minMs) {
    ops += fn();
    elapsed = now() - start;
  }
  return { opsPerSec: (ops / elapsed) * 1000, nsPerOp: (elapsed * 1e6) / ops };
}

interface Row {
  rulesPerNsg: number;
  adminRules: number;
  verificationsPerSec: number;
  nsPerVerification: number;
  baselinePerSec: number;
  speedup: number;
  /** Full compile of one NIC in a fresh copy of the network (nothing cached). */
  compileMs: number;
  /** Another IP configuration in an already compiled network (shared parts cached). */
  compileMsExtraConfig: number;
  heapBytesPerNic: number;
  heapBytesPerExtraNic: number;
  allowed: number;
  denied: number;
  errors: number;
}

function benchSize(rulesPerNsg: number): Row {
  const o: GenerateOptions = {
    vnets: 2,
    subnetsPerVnet: 2,
    nicsPerSubnet: 2,
    nsgs: 2,
    rulesPerNsg,
    adminRules: 50,
    asgs: 6,
    ipv6: 0.1,
    forwarding: 0,
    allNsgs: true,
    adminAlwaysApplies: true,
  };
  const input = twoDistinctNsgs(generateNetwork(SEED + rulesPerNsg, o));
  for (const vm of input.virtualMachines) vm.powerState = 'running'; // measure verdicts, not error paths
  const { network, issues } = parseNetwork(input);
  const errorsInInput = issues.filter((i) => i.severity === 'error').length;
  if (errorsInInput > rulesPerNsg / 5 + 5)
    throw new Error(`generator produced ${errorsInInput} invalid parts`);
  const queries: FlowQueryInput[] = generateQueries(input, SEED, 4096, {
    vnets: o.vnets,
    errors: false,
    foreignLocal: 0,
  });

  // Compiled: compile lazily on first use, then measure warm verifications.
  const verifier = createVerifier(network);
  let allowed = 0;
  let denied = 0;
  let errors = 0;
  for (const q of queries) {
    const r = verifier.verifyFlow(q);
    if (!r.ok) errors++;
    else if (r.verdict.access === 'Allow') allowed++;
    else denied++;
  }
  let sink = 0;
  const fast = measure(() => {
    for (let i = 0; i < queries.length; i++) {
      const r = verifier.verifyFlow(queries[i] as FlowQueryInput);
      if (r.ok && r.verdict.access === 'Allow') sink++;
    }
    return queries.length;
  }, 1200);

  // Baseline: the reference scan over the same queries.
  const slow = measure(
    () => {
      const n = 64;
      for (let i = 0; i < n; i++) {
        const r = referenceVerifyFlow(network, queries[(i * 61) % queries.length] as FlowQueryInput);
        if (r.ok && r.verdict.access === 'Allow') sink++;
      }
      return n;
    },
    rulesPerNsg >= 1000 ? 2000 : 1000,
  );

  // Compile time per NIC: cold = one NIC in a fresh copy of the network (index, tags, rules, tables all
  // built), extra = further IP configurations once the shared parts are cached.
  const nicIds = network.networkInterfaces.map((n) => n.id);
  const warm = measure(() => {
    for (const id of nicIds) if (compilePolicy(network, id)) sink++;
    return nicIds.length;
  }, 600);
  const cold = measure(() => {
    const copy: Network = { ...network };
    if (compilePolicy(copy, nicIds[0] as string)) sink++;
    return 1;
  }, 1000);

  // Heap per compiled NIC. Cold: each NIC compiled alone in its own copy of the network, so its bytes
  // include everything it needs (index, tag expansions, resolved rules, decision tables). Extra: further
  // IP configurations of the same network, which share the resolved rules and tables.
  const heapDelta = (count: number, make: (i: number) => unknown): number => {
    const keep: unknown[] = [];
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < count; i++) keep.push(make(i));
    collect();
    const after = process.memoryUsage().heapUsed;
    if (keep.length !== count) throw new Error('unreachable');
    return Math.round((after - before) / count);
  };
  const heapBytesPerNic = heapDelta(rulesPerNsg >= 1000 ? 20 : 100, () => {
    const copy: Network = { ...network };
    return [copy, compilePolicy(copy, nicIds[0] as string)];
  });
  const warmNetwork: Network = { ...network };
  compilePolicy(warmNetwork, nicIds[0] as string);
  const heapBytesPerExtraNic = heapDelta(200, (i) =>
    compilePolicy(warmNetwork, nicIds[i % nicIds.length] as string),
  );
  if (sink < 0) console.log(sink);

  return {
    rulesPerNsg,
    adminRules: 50,
    verificationsPerSec: Math.round(fast.opsPerSec),
    nsPerVerification: Math.round(fast.nsPerOp),
    baselinePerSec: Math.round(slow.opsPerSec),
    speedup: Math.round(fast.opsPerSec / slow.opsPerSec),
    compileMs: cold.nsPerOp / 1e6,
    compileMsExtraConfig: warm.nsPerOp / 1e6,
    heapBytesPerNic,
    heapBytesPerExtraNic,
    allowed,
    denied,
    errors,
  };
}

/**
 * Each size runs in its own child process (started with --expose-gc, so heap deltas are exact), so one
 * size's JIT and heap state cannot colour the next one's numbers.
 */
function runChildren(): Row[] {
  const rows: Row[] = [];
  for (const size of sizes) {
    const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', '--sizes', String(size)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`bench child for ${size} rules failed (${String(r.status)})`);
    rows.push(JSON.parse(r.stdout.trim()) as Row);
  }
  return rows;
}

if (child) {
  if (typeof gc !== 'function') throw new Error('the bench child needs --expose-gc');
  for (const size of sizes) console.log(JSON.stringify(benchSize(size)));
  process.exit(0);
}

const rows = runChildren();
for (const row of rows) {
  if (json) {
    console.log(
      JSON.stringify({
        ...row,
        compileMs: Number(row.compileMs.toFixed(3)),
        compileMsExtraConfig: Number(row.compileMsExtraConfig.toFixed(3)),
      }),
    );
  }
}
if (!json) {
  const fmt = (n: number): string => n.toLocaleString('en-US');
  console.log(`flowverify engine bench (seed ${SEED}, node ${process.version}, one core, no trace)`);
  console.log(
    'rules/NSG  verif/s (compiled)  ns/verif  baseline/s  ratio   compile ms (NIC/extra)  heap/NIC (NIC/extra)',
  );
  for (const r of rows) {
    console.log(
      [
        String(r.rulesPerNsg).padStart(9),
        fmt(r.verificationsPerSec).padStart(19),
        fmt(r.nsPerVerification).padStart(9),
        fmt(r.baselinePerSec).padStart(11),
        `${fmt(r.speedup)}x`.padStart(7),
        `${r.compileMs.toFixed(3)} / ${r.compileMsExtraConfig.toFixed(3)}`.padStart(23),
        `${fmt(r.heapBytesPerNic)} B / ${fmt(r.heapBytesPerExtraNic)} B`.padStart(22),
      ].join(' '),
    );
  }
  const first = rows[0];
  if (first) {
    console.log('\ncost per verification relative to the smallest size (rules grow ×10 per row):');
    for (const r of rows) {
      const rel = r.nsPerVerification / first.nsPerVerification;
      console.log(
        `  ${String(r.rulesPerNsg).padStart(5)} rules: ${rel.toFixed(2)}x  ${'#'.repeat(Math.min(60, Math.round(rel * 10)))}`,
      );
    }
    console.log(
      `  (baseline reference scan: ${rows.map((r) => `${r.rulesPerNsg}: ${fmt(Math.round(1e9 / r.baselinePerSec))} ns`).join(', ')})`,
    );
  }
}
