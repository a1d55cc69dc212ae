#!/usr/bin/env node
/**
 * Measures (not a test) the two performance budgets of the dashboard in Debian's chromium:
 *   1. the topology page of a 500-VM workspace becomes interactive in <= 2 s: from navigation start until the graph
 *      is on screen AND a search typed at that moment has focused a node (its "Open VM page" link is shown). The
 *      search is typed by a probe inside the page, so no driver round trip is counted;
 *   2. an IP flow verify round trip in the page takes <= 100 ms (click -> verdict rendered), median of 20 runs.
 *
 * Baselines measured in the same run, so numbers taken under different machine load can still be compared:
 *   - the API: Workspace.topology against the three paged queries the page used to send (median of 10 each);
 *   - the page: the same page on the 12-VM demo workspace (ratio 500 VMs / demo);
 *   - optionally another build of the dashboard (FLOWVERIFY_BASELINE_WEB_DIR, e.g. the previous commit built in an
 *     ignored folder; see the README), loaded alternately with this one against the same API.
 * The 500-VM page is measured warm (same model version: the server's laid-out graph is cached) and after a write
 * (a new model version before every load: nothing cached). The load average is printed at start and end.
 *
 * The 500-VM workspace ("measure-500") is generated and loaded through the API's importAzureResources mutation.
 *
 * Usage: node apps/web/scripts/measure.mjs            (starts the built API and web on free ports, embedded DB)
 *        FLOWVERIFY_API_URL=http://127.0.0.1:4000/graphql FLOWVERIFY_WEB_URL=http://127.0.0.1:3000 \
 *        FLOWVERIFY_API_TOKEN=<server-admin token> node ...   (use running ones; FLOWVERIFY_BASELINE_WEB_URL too)
 * Needs `npm run build` first and chromium (/usr/bin/chromium or CHROMIUM_PATH).
 */
/* global window, document, MutationObserver, URLSearchParams, HTMLInputElement, Event, KeyboardEvent, requestAnimationFrame */
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = path.resolve(WEB_DIR, '..', '..');
const WORKSPACE = 'measure-500';
const VM_COUNT = 500;
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-measure/providers';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The API checks a token on every request: a server-admin bootstrap token we choose when we start the API, or
 * FLOWVERIFY_API_TOKEN for a running one. The browser gets it as the dashboard's session cookie.
 */
const TOKEN = process.env.FLOWVERIFY_API_TOKEN || randomBytes(24).toString('hex');
const SESSION_COOKIE = 'flowverify_token';

/**
 * Optional: a built copy of the dashboard from another commit (a folder with its own `.next`), started against the
 * same API and loaded alternately with this one, so before/after compare under the same load. See the README.
 */
const BASELINE_WEB_DIR = process.env.FLOWVERIFY_BASELINE_WEB_DIR
  ? path.resolve(process.env.FLOWVERIFY_BASELINE_WEB_DIR)
  : null;
if (BASELINE_WEB_DIR && !existsSync(path.join(BASELINE_WEB_DIR, '.next/BUILD_ID')))
  throw new Error(
    `FLOWVERIFY_BASELINE_WEB_DIR=${BASELINE_WEB_DIR} has no built .next (run next build there).`,
  );

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean))
    if (existsSync(p)) return p;
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  throw new Error('chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
}

async function waitReady(url, child, what) {
  for (let i = 0; i < 480; i++) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new Error(`${what} not ready at ${url}`);
}

async function startServers() {
  const apiMain = path.join(REPO_ROOT, 'apps/api/dist/main.js');
  if (!existsSync(apiMain) || !existsSync(path.join(WEB_DIR, '.next/BUILD_ID'))) {
    throw new Error('Build first: npm run build (apps/api/dist/main.js and apps/web/.next are needed).');
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'flowverify-measure-'));
  const apiPort = await freePort();
  const webPort = await freePort();
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const api = spawn(process.execPath, [apiMain], {
    cwd: REPO_ROOT,
    env: {
      ...env,
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      FLOWVERIFY_DATA_DIR: path.join(tmp, 'db'),
      FLOWVERIFY_BOOTSTRAP_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitReady(`http://127.0.0.1:${apiPort}/healthz`, api, 'API');
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  const nextBin = require.resolve('next/dist/bin/next', { paths: [WEB_DIR] });
  const startWeb = async (dir, port, what) => {
    const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: dir,
      env: { ...env, FLOWVERIFY_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(`http://127.0.0.1:${port}`, child, what);
    return child;
  };
  const children = [await startWeb(WEB_DIR, webPort, 'web')];
  const webUrl = `http://127.0.0.1:${webPort}`;
  let baselineWebUrl = null;
  if (BASELINE_WEB_DIR) {
    const port = await freePort();
    children.push(await startWeb(BASELINE_WEB_DIR, port, 'baseline web'));
    baselineWebUrl = `http://127.0.0.1:${port}`;
  }
  children.push(api);
  const stop = async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        let timer;
        await Promise.race([
          new Promise((r) => child.once('exit', r)),
          new Promise((r) => {
            timer = setTimeout(r, 10000);
          }),
        ]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  return { apiUrl, webUrl, baselineWebUrl, stop };
}

/** A hub VNet with 10 subnets (one NSG each) and 500 single-NIC VMs, in Azure's ARM REST shape. */
function buildDocument() {
  const value = [];
  const vnetId = `${SUB}/Microsoft.Network/virtualNetworks/vnet-measure`;
  const subnets = [];
  for (let s = 0; s < 10; s++) {
    const nsgId = `${SUB}/Microsoft.Network/networkSecurityGroups/nsg-${s}`;
    value.push({
      name: `nsg-${s}`,
      id: nsgId,
      type: 'Microsoft.Network/networkSecurityGroups',
      location: 'westeurope',
      properties: {
        securityRules: [
          {
            name: 'allow-https',
            id: `${nsgId}/securityRules/allow-https`,
            properties: {
              protocol: 'Tcp',
              sourcePortRange: '*',
              destinationPortRange: '443',
              sourceAddressPrefix: 'Internet',
              destinationAddressPrefix: '*',
              access: 'Allow',
              priority: 100,
              direction: 'Inbound',
            },
          },
          {
            name: 'deny-ssh',
            id: `${nsgId}/securityRules/deny-ssh`,
            properties: {
              protocol: 'Tcp',
              sourcePortRange: '*',
              destinationPortRange: '22',
              sourceAddressPrefix: '*',
              destinationAddressPrefix: '*',
              access: 'Deny',
              priority: 200,
              direction: 'Inbound',
            },
          },
        ],
      },
    });
    subnets.push({
      name: `snet-${s}`,
      id: `${vnetId}/subnets/snet-${s}`,
      properties: { addressPrefix: `10.50.${s}.0/24`, networkSecurityGroup: { id: nsgId } },
    });
  }
  value.push({
    name: 'vnet-measure',
    id: vnetId,
    type: 'Microsoft.Network/virtualNetworks',
    location: 'westeurope',
    properties: { addressSpace: { addressPrefixes: ['10.50.0.0/16'] }, subnets, virtualNetworkPeerings: [] },
  });
  for (let i = 0; i < VM_COUNT; i++) {
    const s = i % 10;
    const host = 4 + Math.floor(i / 10);
    const nicId = `${SUB}/Microsoft.Network/networkInterfaces/nic-vm-${i}`;
    const vmId = `${SUB}/Microsoft.Compute/virtualMachines/vm-${i}`;
    value.push({
      name: `nic-vm-${i}`,
      id: nicId,
      type: 'Microsoft.Network/networkInterfaces',
      location: 'westeurope',
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            id: `${nicId}/ipConfigurations/ipconfig1`,
            properties: {
              privateIPAddress: `10.50.${s}.${host}`,
              privateIPAddressVersion: 'IPv4',
              primary: true,
              subnet: { id: `${vnetId}/subnets/snet-${s}` },
            },
          },
        ],
        enableIPForwarding: false,
        virtualMachine: { id: vmId },
      },
    });
    value.push({
      name: `vm-${i}`,
      id: vmId,
      type: 'Microsoft.Compute/virtualMachines',
      location: 'westeurope',
      properties: { networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] } },
    });
  }
  return { value };
}

async function importWorkspace(apiUrl) {
  const started = performance.now();
  const res = await fetch(apiUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      authorization: `Bearer ${TOKEN}`,
    },
    body: JSON.stringify({
      query:
        'mutation($input: ImportAzureResourcesInput!) { importAzureResources(input: $input) { importedCount issues { severity message } workspace { stats { virtualMachines } } } }',
      variables: { input: { workspace: WORKSPACE, replace: true, document: buildDocument() } },
    }),
  });
  const json = await res.json();
  if (json.errors) throw new Error(`import failed: ${JSON.stringify(json.errors).slice(0, 500)}`);
  const r = json.data.importAzureResources;
  console.log(
    `imported ${r.importedCount} resources (${r.workspace.stats.virtualMachines} VMs) into ${WORKSPACE} in ${Math.round(performance.now() - started)} ms`,
  );
}

async function signedInContext(browser, webUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([
    { name: SESSION_COOKIE, value: TOKEN, url: webUrl, httpOnly: true, sameSite: 'Lax' },
  ]);
  return context;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function gql(apiUrl, query, variables) {
  const res = await fetch(apiUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      authorization: `Bearer ${TOKEN}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const json = await res.json();
  if (json.errors) throw new Error(`${JSON.stringify(json.errors).slice(0, 300)}`);
  return json.data;
}

/**
 * What the topology page read before it had Workspace.topology: three paged, per-field queries (VNets with subnets
 * and peerings; NICs with IP configurations, ASGs, NSG, VM; VMs), sent in parallel. Kept here as the API baseline.
 */
const PAGED_TOPOLOGY_QUERIES = [
  `query($workspace: String) { workspace(name: $workspace) { id virtualNetworks(first: 200) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name location addressPrefixes subnets(first: 200) { edges { node { id name addressPrefixes networkSecurityGroup { id name } } } }
    virtualNetworkPeerings(first: 200) { edges { node { id name remoteVirtualNetworkId peeringState } } } } } } } }`,
  `query($workspace: String) { workspace(name: $workspace) { id networkInterfaces(first: 500) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name networkSecurityGroup { id name } virtualMachine { id name } ipConfigurations(first: 10) { edges { node { id privateIPAddress
    subnet { id } applicationSecurityGroups { id name } } } } } } } } }`,
  `query($workspace: String) { workspace(name: $workspace) { id virtualMachines(first: 500) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name } } } } }`,
];
const LEAN_TOPOLOGY_QUERY = `query($workspace: String) { workspace(name: $workspace) { id modelVersion topology { modelVersion
  virtualNetworks { id name addressPrefixes subnets { id name addressPrefixes networkSecurityGroup { id name } } peerings { name remoteVirtualNetworkId peeringState } }
  networkInterfaces { id name networkSecurityGroup { id name } virtualMachineId ipConfigurations { privateIPAddress subnetId applicationSecurityGroups { id name } } }
  virtualMachines { id name } } } }`;

/** API only (no browser): the old paged reads against Workspace.topology, alternating, same server, same data. */
async function measureApiQueries(apiUrl) {
  const timed = async (fn) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const paged = () =>
    Promise.all(PAGED_TOPOLOGY_QUERIES.map((q) => gql(apiUrl, q, { workspace: WORKSPACE })));
  const lean = () => gql(apiUrl, LEAN_TOPOLOGY_QUERY, { workspace: WORKSPACE });
  let hasLean = true;
  try {
    await lean();
  } catch {
    hasLean = false; // an API from before Workspace.topology
  }
  await paged();
  const pagedTimes = [];
  const leanTimes = [];
  for (let i = 0; i < 10; i++) {
    pagedTimes.push(await timed(paged));
    if (hasLean) leanTimes.push(await timed(lean));
  }
  return { paged: median(pagedTimes), lean: hasLean ? median(leanTimes) : null };
}

/**
 * Runs in the page before its own scripts: the moment the graph is on screen (body[data-topology-ready]), it types
 * `search` into the search box and presses Enter, and records performance.now() (ms since navigation start) when the
 * "Open VM page" link for the focused node appears — so no driver round trip is counted.
 */
function installInteractiveProbe(search) {
  const w = window;
  w.__fvInteractive = null;
  const searchNow = () => {
    performance.mark('probe-search');
    const input = document.querySelector('.topo-search input');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setValue.call(input, search);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    requestAnimationFrame(() => {
      performance.mark('probe-enter');
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const check = () => {
        const link = [...document.querySelectorAll('a')].find((a) => /Open VM page/.test(a.textContent));
        if (link) w.__fvInteractive = performance.now();
        else requestAnimationFrame(check);
      };
      check();
    });
  };
  const obs = new MutationObserver(() => {
    if (!document.body?.dataset.topologyReady || !document.querySelector('.react-flow__node')) return;
    obs.disconnect();
    searchNow();
  });
  obs.observe(document, { subtree: true, childList: true, attributes: true });
}

/** One load of the topology page in a fresh context: ms from navigation start until interactive, with its marks. */
async function loadTopologyOnce(browser, webUrl, workspace, search) {
  const context = await signedInContext(browser, webUrl);
  await context.addInitScript(installInteractiveProbe, search);
  const page = await context.newPage();
  await page.goto(`${webUrl}/?workspace=${encodeURIComponent(workspace)}`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__fvInteractive !== null, null, { timeout: 30000, polling: 100 });
  const result = await page.evaluate(() => ({
    ms: window.__fvInteractive,
    nodes: Number(document.body.dataset.topologyReady),
    marks: Object.fromEntries(
      performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
    ),
  }));
  await context.close();
  return result;
}

/**
 * Loads the topology page `runs` times on each build in `builds` ({ name, webUrl }), alternating builds run by run
 * so they share the machine's load; `beforeRun` may change the model before each load. The first run of each build
 * is reported apart (cold server caches); medians are over the others.
 */
async function measureTopology(browser, builds, { workspace, search, runs, label, beforeRun }) {
  const times = Object.fromEntries(builds.map((b) => [b.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const build of builds) {
      if (beforeRun) await beforeRun();
      const { ms, nodes, marks } = await loadTopologyOnce(browser, build.webUrl, workspace, search);
      times[build.name].push(ms);
      const shown = Object.entries(marks)
        .map(([k, v]) => `${k.replace(/^topology-/, '')} ${v}`)
        .join(', ');
      console.log(
        `  ${label}, ${build.name} build, run ${i + 1}: interactive after ${Math.round(ms)} ms (${nodes} nodes; ${shown} ms)`,
      );
    }
  }
  return Object.fromEntries(
    builds.map((b) => [b.name, { first: times[b.name][0], median: median(times[b.name].slice(1)) }]),
  );
}

async function measureVerify(browser, webUrl) {
  const context = await signedInContext(browser, webUrl);
  const page = await context.newPage();
  const params = new URLSearchParams({
    workspace: WORKSPACE,
    vm: `${SUB}/Microsoft.Compute/virtualMachines/vm-250`,
    direction: 'INBOUND',
    protocol: 'TCP',
    localIp: '10.50.0.29',
    localPort: '443',
    remoteIp: '203.0.113.9',
    remotePort: '*',
  });
  await page.goto(`${webUrl}/verify?${params}`);
  await page.getByTestId('verdict').waitFor({ timeout: 30000 });
  const times = [];
  for (let i = 0; i < 21; i++) {
    const ms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const button = [...document.querySelectorAll('button')].find(
            (b) => b.textContent === 'Verify flow',
          );
          const area = document.querySelector('.verify-result');
          let cleared = false;
          const t0 = performance.now();
          const obs = new MutationObserver(() => {
            const verdict = document.querySelector('[data-testid="verdict"]');
            if (!verdict) cleared = true;
            else if (cleared) {
              obs.disconnect();
              resolve(performance.now() - t0);
            }
          });
          obs.observe(area, { childList: true, subtree: true });
          button.click();
        }),
    );
    if (i > 0) times.push(ms);
  }
  const verdict = await page.locator('.verdict-access').innerText();
  await context.close();
  return { median: median(times), p95: p95(times), verdict };
}

async function firstVmName(apiUrl, workspace) {
  const data = await gql(
    apiUrl,
    'query($w: String) { workspace(name: $w) { virtualMachines(first: 1) { edges { node { name } } } } }',
    { w: workspace },
  );
  return data.workspace?.virtualMachines.edges[0]?.node.name ?? null;
}

async function main() {
  console.log(`load average at start (1/5/15 min): ${loadAverage()} on ${os.cpus().length} cores`);
  const attached = process.env.FLOWVERIFY_API_URL && process.env.FLOWVERIFY_WEB_URL;
  const servers = attached
    ? {
        apiUrl: process.env.FLOWVERIFY_API_URL,
        webUrl: process.env.FLOWVERIFY_WEB_URL,
        baselineWebUrl: process.env.FLOWVERIFY_BASELINE_WEB_URL || null,
        stop: async () => {},
      }
    : await startServers();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    await importWorkspace(servers.apiUrl);
    const api = await measureApiQueries(servers.apiUrl);
    console.log(
      `API, ${VM_COUNT} VMs: the old three paged topology queries ${api.paged.toFixed(1)} ms, Workspace.topology ${api.lean === null ? 'n/a (not in this API)' : `${api.lean.toFixed(1)} ms`} (medians of 10)`,
    );
    const builds = [{ name: 'this', webUrl: servers.webUrl }];
    if (servers.baselineWebUrl) builds.push({ name: 'baseline', webUrl: servers.baselineWebUrl });
    // In-run reference for the page: the same page on the small demo workspace (12 VMs), same servers and browser.
    const demoVm = await firstVmName(servers.apiUrl, 'default');
    const small = demoVm
      ? await measureTopology(browser, builds, {
          workspace: 'default',
          search: demoVm,
          runs: 4,
          label: 'demo',
        })
      : null;
    const topo = await measureTopology(browser, builds, {
      workspace: WORKSPACE,
      search: 'vm-499',
      runs: 6,
      label: `${VM_COUNT} VMs`,
    });
    // After a write the model version changes, so nothing cached for the old version can be used.
    let tag = 0;
    const afterWrite = await measureTopology(browser, builds, {
      workspace: WORKSPACE,
      search: 'vm-499',
      runs: 4,
      label: `${VM_COUNT} VMs after a write`,
      beforeRun: () =>
        gql(
          servers.apiUrl,
          'mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { name } } }',
          {
            i: { workspace: WORKSPACE, name: 'measure-bump', addressPrefixes: [`192.0.2.${tag++ % 250}/32`] },
          },
        ),
    });
    const verify = await measureVerify(browser, servers.webUrl);
    const verifyOk = verify.median <= 100;
    console.log('');
    for (const { name } of builds) {
      const t = topo[name];
      const w = afterWrite[name];
      console.log(
        `topology, ${VM_COUNT} VMs, ${name} build: interactive in ${Math.round(t.median)} ms (median of runs 2-6; run 1 ${Math.round(t.first)} ms); after a write ${Math.round(w.median)} ms (median of runs 2-4); budget 2000 ms: ${t.median <= 2000 && w.median <= 2000 ? 'OK' : 'OVER'}`,
      );
      if (small)
        console.log(
          `  ratio to the demo workspace's page on the same build (${Math.round(small[name].median)} ms): ×${(t.median / small[name].median).toFixed(2)}, after a write ×${(w.median / small[name].median).toFixed(2)}`,
        );
    }
    if (topo.baseline)
      console.log(
        `this build against the baseline build, same run: 500 VMs ×${(topo.this.median / topo.baseline.median).toFixed(2)}, after a write ×${(afterWrite.this.median / afterWrite.baseline.median).toFixed(2)}${small ? `, demo ×${(small.this.median / small.baseline.median).toFixed(2)}` : ''} (below 1 = faster)`,
      );
    if (api.lean !== null)
      console.log(
        `API topology read: Workspace.topology ${api.lean.toFixed(1)} ms against the old paged queries ${api.paged.toFixed(1)} ms (×${(api.lean / api.paged).toFixed(2)})`,
      );
    console.log(
      `verify round trip in the page: median ${verify.median.toFixed(1)} ms, p95 ${verify.p95.toFixed(1)} ms (${verify.verdict.trim()}), budget 100 ms: ${verifyOk ? 'OK' : 'OVER'}`,
    );
    console.log(`load average at end (1/5/15 min): ${loadAverage()}`);
  } finally {
    await browser.close();
    await servers.stop();
  }
}

main().catch((error) => {
  console.error(`measure: ${error.message}`);
  process.exit(1);
});
