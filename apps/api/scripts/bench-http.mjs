// HTTP latency bench for verifyFlow (p50/p99, sequential and concurrent) and verifyFlows throughput, on a generated
// 200-VM / 1,000-rule workspace. Not a test: run it against a server you started (loopback only).
//
//   node apps/api/scripts/bench-http.mjs [--url http://127.0.0.1:4000/graphql] [--requests 2000] [--batch 10000]
import autocannon from 'autocannon';
import { flowFor, generateEstate, gql, importEstate, percentile, readArgs, requestHeaders } from './lib.mjs';

const args = readArgs({
  requests: { type: 'string' },
  batch: { type: 'string' },
  duration: { type: 'string' },
});
const requests = Number(args.requests ?? 2000);
const batch = Number(args.batch ?? 10_000);
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

// Sequential latency, one request at a time.
const latencies = [];
for (let i = 0; i < requests; i++) {
  const s = performance.now();
  await gql(args.url, VERIFY, { i: flowFor(estate, i, workspace) });
  latencies.push(performance.now() - s);
}
latencies.sort((a, b) => a - b);
console.log(
  `verifyFlow sequential x${requests}: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${latencies.at(-1).toFixed(2)} ms`,
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
const runs = [];
for (let r = 0; r < 5; r++) {
  const s = performance.now();
  const data = await gql(args.url, `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access } }`, {
    i: flows,
  });
  if (data.verifyFlows.length !== batch) throw new Error('short batch');
  runs.push(performance.now() - s);
}
runs.sort((a, b) => a - b);
const median = runs[2];
console.log(
  `verifyFlows x${batch}: median ${Math.round(median)} ms per call → ${Math.round((batch / median) * 1000).toLocaleString()} flows/s`,
);

await gql(args.url, `mutation($n: String!) { deleteWorkspace(input: { name: $n }) { deletedName } }`, {
  n: workspace,
});
