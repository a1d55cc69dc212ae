// Mixed load (not a test): verifications and edits together against one workspace, on 127.0.0.1 only, for a
// bounded time. Counts HTTP errors and GraphQL errors found in bodies, then checks that no write was lost: every
// successful edit bumped its rule's version and the workspace's modelVersion exactly once, and every tag exists.
//
//   node apps/api/scripts/load.mjs [--url http://127.0.0.1:4000/graphql] [--duration 60] [--connections 8]
import autocannon from 'autocannon';
import { flowFor, generateEstate, gql, importEstate, readArgs, requestHeaders } from './lib.mjs';

const args = readArgs({ duration: { type: 'string' }, connections: { type: 'string' } });
const duration = Math.max(1, Math.min(Number(args.duration ?? 60), 600));
const connections = Math.max(1, Number(args.connections ?? 8));
const workspace = `load-${Date.now().toString(36)}`;

const estate = generateEstate({ vms: 40, subnets: 4, rulesPerNsg: 50 });
await importEstate(args.url, workspace, estate);
const nsgId = estate.nsgs[0].id;
const ruleIds = [0, 1, 2, 3].map((r) => `${nsgId}/securityRules/rule-${r}`);

const WS = `query($w: String!) { workspace(name: $w) { modelVersion serviceTags(first: 1) { totalCount } } }`;
const RULE = `query($w: String!, $id: String!) { resourceByArmId(workspace: $w, armId: $id) { ... on NetworkSecurityGroup { securityRules(first: 200) { edges { node { id version } } } } } }`;
const ruleVersions = async () => {
  const data = await gql(args.url, RULE, { w: workspace, id: nsgId });
  return Object.fromEntries(data.resourceByArmId.securityRules.edges.map((e) => [e.node.id, e.node.version]));
};
const before = { ws: (await gql(args.url, WS, { w: workspace })).workspace, rules: await ruleVersions() };

/** Counts answers by their bodies (Apollo answers 200 with an `errors` array) and keeps the acknowledged data. */
function counter() {
  const c = { ok: 0, gqlErrors: 0, samples: [], acknowledged: [] };
  c.attach = (client) =>
    client.on('body', (b) => {
      const text = b.toString();
      if (text.includes('"errors"')) {
        c.gqlErrors++;
        if (c.samples.length < 3) c.samples.push(text.slice(0, 300));
      } else {
        c.ok++;
        c.acknowledged.push(JSON.parse(text).data);
      }
    });
  return c;
}

const VERIFY = `query($i: VerifyFlowInput!) { verifyFlow(input: $i) { access ruleName } }`;
const UPDATE = `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { id version } } }`;
const TAG = `mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { name } } }`;
let v = 0;
let u = 0;
/** Rules not being edited right now, and each rule's version as last acknowledged. */
const freeRules = [...ruleIds];
const versions = { ...before.rules };
let tag = 0;
const verifies = counter();
const updates = counter();
const tags = counter();
const post = (body) => ({
  method: 'POST',
  headers: requestHeaders(),
  body: JSON.stringify(body),
});

console.log(
  `load: ${duration} s, ${connections} verify + 2 edit + 1 tag connections, workspace ${workspace}`,
);
const [rv, ru, rt] = await Promise.all([
  autocannon({
    url: args.url,
    connections,
    duration,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          ...post({ query: VERIFY, variables: { i: flowFor(estate, v++, workspace) } }),
        }),
      },
    ],
    setupClient: verifies.attach,
  }),
  autocannon({
    url: args.url,
    connections: 2,
    duration,
    requests: [
      {
        // Updates carry expectedVersion (required). A rule is leased to one request at a time (4 rules, 2
        // connections), so edits never race for a rule; the answer gives the version for the rule's next edit.
        // (autocannon resets `context` between requests, but keeps it from setupRequest to onResponse.)
        setupRequest: (req, context) => {
          const id = freeRules.shift();
          context.id = id;
          const i = u++;
          const patch = { description: `edit ${i}`, access: i % 2 ? 'ALLOW' : 'DENY' };
          return {
            ...req,
            ...post({
              query: UPDATE,
              variables: { i: { workspace, id, expectedVersion: versions[id], patch } },
            }),
          };
        },
        onResponse: (_status, body, context) => {
          const parsed = JSON.parse(body);
          const rule = parsed.data?.updateSecurityRule?.securityRule;
          const current = parsed.errors?.[0]?.extensions?.currentVersion;
          if (rule) versions[context.id] = rule.version;
          else if (typeof current === 'number') versions[context.id] = current;
          freeRules.push(context.id);
        },
      },
    ],
    setupClient: updates.attach,
  }),
  autocannon({
    url: args.url,
    connections: 1,
    duration,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          ...post({
            query: TAG,
            variables: {
              i: { workspace, name: `LoadTag${tag++}`, addressPrefixes: [`198.18.${tag % 256}.0/24`] },
            },
          }),
        }),
      },
    ],
    setupClient: tags.attach,
  }),
]);

// Requests still in flight when the clock ran out may complete on the server without being counted here, so the
// model may hold MORE writes than were acknowledged, never fewer.
await new Promise((r) => setTimeout(r, 3000));
const after = { ws: (await gql(args.url, WS, { w: workspace })).workspace, rules: await ruleVersions() };
const ruleBumps = ruleIds.reduce((n, id) => n + (after.rules[id] - before.rules[id]), 0);
const versionBumps = after.ws.modelVersion - before.ws.modelVersion;
const tagCount = after.ws.serviceTags.totalCount - before.ws.serviceTags.totalCount;
const TAGS = `query($w: String!, $after: String) { workspace(name: $w) { serviceTags(first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { name } } } } }`;
const tagNames = new Set();
for (let cursor = null, more = true; more;) {
  const page = (await gql(args.url, TAGS, { w: workspace, after: cursor })).workspace.serviceTags;
  page.edges.forEach((e) => tagNames.add(e.node.name));
  more = page.pageInfo.hasNextPage;
  cursor = page.pageInfo.endCursor;
}

const line = (name, r, c) =>
  `${name.padEnd(8)} ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ok ${c.ok}, non-2xx ${r.non2xx}, GraphQL errors ${c.gqlErrors}, socket errors ${r.errors}`;
console.log(line('verify', rv, verifies));
console.log(line('update', ru, updates));
console.log(line('tag', rt, tags));
for (const s of [...verifies.samples, ...updates.samples, ...tags.samples])
  console.log(`  sample error: ${s}`);

const problems = [];
const sent = { updates: u, tags: tag };
if (ruleBumps < updates.ok || ruleBumps > sent.updates) {
  problems.push(
    `rule versions rose by ${ruleBumps}; ${updates.ok} updates were acknowledged (${sent.updates} sent)`,
  );
}
const seenVersions = new Set();
for (const d of updates.acknowledged) {
  const key = `${d.updateSecurityRule.securityRule.id}@${d.updateSecurityRule.securityRule.version}`;
  if (seenVersions.has(key)) problems.push(`two acknowledged updates both produced ${key} (a lost update)`);
  seenVersions.add(key);
}
const missingTags = tags.acknowledged
  .map((d) => d.setServiceTag.serviceTag.name)
  .filter((n) => !tagNames.has(n));
if (missingTags.length)
  problems.push(`${missingTags.length} acknowledged tags are missing, e.g. ${missingTags[0]}`);
if (tagCount < tags.ok || tagCount > sent.tags)
  problems.push(`${tagCount} tags exist; ${tags.ok} acknowledged (${sent.tags} sent)`);
if (versionBumps < updates.ok + tags.ok || versionBumps > sent.updates + sent.tags) {
  problems.push(`modelVersion rose by ${versionBumps}; ${updates.ok + tags.ok} writes acknowledged`);
}
const errors = verifies.gqlErrors + updates.gqlErrors + tags.gqlErrors + rv.non2xx + ru.non2xx + rt.non2xx;
console.log(
  problems.length
    ? `LOST WRITES: ${problems.join('; ')}`
    : `no lost writes (${updates.ok + tags.ok} writes checked)`,
);
await gql(args.url, `mutation($n: String!) { deleteWorkspace(input: { name: $n }) { deletedName } }`, {
  n: workspace,
});
process.exit(problems.length || errors ? 1 : 0);
