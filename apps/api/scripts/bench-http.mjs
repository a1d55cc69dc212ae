// HTTP latency bench for verifyFlow (p50/p99, sequential and concurrent) and verifyFlows throughput, on a generated
// 200-VM / 1,000-rule workspace. Not a test: run it against a server you started (loopback only).
//
//   node apps/api/scripts/bench-http.mjs [--url http://127.0.0.1:4000/graphql] [--requests 2000] [--batch 1000]
//
// The machine is shared, so absolute numbers drift with load: the script also measures two in-run baselines with
// the same client and request count — GET /healthz (no GraphQL, no auth) and `{ __typename }` (GraphQL + auth, no
// resolver) — and prints verifyFlow's latency as a ratio of them. With `--server-pid <pid>` (Linux, a server on this
// machine) it also prints the server's CPU time per request, which other processes' load disturbs far less than
// wall time.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { flowFor, generateEstate, gql, importEstate, percentile, readArgs, requestHeaders } from './lib.mjs';

const args = readArgs({
  requests: { type: 'string' },
  batch: { type: 'string' },
  duration: { type: 'string' },
  'server-pid': { type: 'string' },
});
const serverPid = args['server-pid'];
/** CPU time (user + system, all threads) the server process has used, in ms; 0 without --server-pid. */
function serverCpuMs() {
  if (!serverPid) return 0;
  const fields = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
}
const cpuNote = (startMs, n) =>
  serverPid ? `; server CPU ${((serverCpuMs() - startMs) / n).toFixed(2)} ms per request` : '';
const requests = Number(args.requests ?? 2000);
const batch = Number(args.batch ?? 1_000);
const duration = Math.min(Number(args.duration ?? 10), 120);
const workspace = `bench-${Date.now().toString(36)}`;

const estate = generateEstate({ vms: 200, subnets: 10, rulesPerNsg: 100 });
let t = performance.now();
const imported = await importEstate(args.url, workspace, estate);
console.log(
  `workspace ${workspace}: imported ${imported.importAzureResources.importedCount} resources in ${Math.round(performance.now() - t)} ms (200 VMs, 1,000 rules)`,
);

const VERIFY = `query($i: VerifyFlowInput!) { verifyFlow(input: $i) { access ruleName decidedBy } }`;
t = performance.now();
await gql(args.url, VERIFY, { i: flowFor(estate, 0, workspace) });
console.log(`first verifyFlow (loads + compiles the workspace): ${Math.round(performance.now() - t)} ms`);

/** Sequential latencies of `send` (one request at a time), sorted, after a short warm-up; `cpu`: server ms each. */
async function measure(send) {
  for (let i = 0; i < Math.min(100, requests); i++) await send(i);
  const out = [];
  const cpu0 = serverCpuMs();
  for (let i = 0; i < requests; i++) {
    const s = performance.now();
    await send(i);
    out.push(performance.now() - s);
  }
  out.sort((a, b) => a - b);
  out.cpu = cpuNote(cpu0, requests);
  return out;
}
const fmt = (name, l) =>
  `${name} sequential x${requests}: p50 ${percentile(l, 50).toFixed(2)} ms, p99 ${percentile(l, 99).toFixed(2)} ms, max ${l.at(-1).toFixed(2)} ms${l.cpu}`;

// In-run baselines: the same client, the same number of requests.
const healthUrl = new URL('/healthz', args.url).toString();
const health = await measure(async () => {
  const res = await fetch(healthUrl);
  if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
  await res.arrayBuffer();
});
console.log(fmt('GET /healthz', health));
const typename = await measure(() => gql(args.url, '{ __typename }'));
console.log(fmt('{ __typename }', typename));

const latencies = await measure((i) => gql(args.url, VERIFY, { i: flowFor(estate, i, workspace) }));
console.log(fmt('verifyFlow', latencies));
const ratio = (p) => (percentile(latencies, p) / percentile(health, p)).toFixed(2);
console.log(
  `verifyFlow / healthz: p50 ×${ratio(50)}, p99 ×${ratio(99)}; verifyFlow − healthz p50 ${(percentile(latencies, 50) - percentile(health, 50)).toFixed(2)} ms`,
);

// Concurrent: autocannon, bodies varied per request, GraphQL errors counted from bodies.
let gqlErrors = 0;
let n = 0;
const result = await autocannon({
  url: args.url,
  connections: 10,
  duration,
  requests: [
    {
      method: 'POST',
      headers: requestHeaders(),
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ query: VERIFY, variables: { i: flowFor(estate, n++, workspace) } }),
      }),
    },
  ],
  setupClient: (client) => client.on('body', (b) => b.includes('"errors"') && gqlErrors++),
});
console.log(
  `verifyFlow concurrent (10 connections, ${duration} s): ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, GraphQL errors ${gqlErrors}`,
);

// Batch throughput.
const flows = Array.from({ length: batch }, (_, i) => flowFor(estate, i, workspace));
const calls = Math.max(5, Math.min(50, Math.round(50_000 / batch)));
await gql(args.url, `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access } }`, { i: flows });
const runs = [];
const batchCpu0 = serverCpuMs();
for (let r = 0; r < calls; r++) {
  const s = performance.now();
  const data = await gql(args.url, `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access } }`, {
    i: flows,
  });
  if (data.verifyFlows.length !== batch) throw new Error('short batch');
  runs.push(performance.now() - s);
}
runs.sort((a, b) => a - b);
const median = percentile(runs, 50);
const total = runs.reduce((a, b) => a + b, 0);
console.log(
  `verifyFlows x${batch} (${calls} calls): median ${median.toFixed(1)} ms per call → ${Math.round((batch / median) * 1000).toLocaleString()} flows/s (all calls: ${Math.round(((batch * calls) / total) * 1000).toLocaleString()} flows/s)${cpuNote(batchCpu0, calls)}`,
);

await gql(args.url, `mutation($n: String!) { deleteWorkspace(input: { name: $n }) { deletedName } }`, {
  n: workspace,
});
