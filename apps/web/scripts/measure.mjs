#!/usr/bin/env node
/**
 * Measures (not a test) the two performance budgets of the dashboard in Debian's chromium:
 *   1. the topology page of a 500-VM workspace becomes interactive in <= 2 s (navigation start -> graph on screen
 *      and answering a search);
 *   2. an IP flow verify round trip in the page takes <= 100 ms (click -> verdict rendered), median of 20 runs.
 *
 * The 500-VM workspace ("measure-500") is generated and loaded through the API's importAzureResources mutation.
 *
 * Usage: node apps/web/scripts/measure.mjs            (starts the built API and web on free ports, embedded DB)
 *        FLOWVERIFY_API_URL=http://127.0.0.1:4000/graphql FLOWVERIFY_WEB_URL=http://127.0.0.1:3000 node ...  (use running ones)
 * Needs `npm run build` first and chromium (/usr/bin/chromium or CHROMIUM_PATH).
 */
/* global document, MutationObserver, URLSearchParams, HTMLInputElement, Event, KeyboardEvent, requestAnimationFrame */
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
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
  const web = spawn(process.execPath, [nextBin, 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
    cwd: WEB_DIR,
    env: { ...env, FLOWVERIFY_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const webUrl = `http://127.0.0.1:${webPort}`;
  await waitReady(webUrl, web, 'web');
  const stop = async () => {
    for (const child of [web, api]) {
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
  return { apiUrl, webUrl, stop };
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

async function measureTopology(browser, webUrl) {
  const runs = [];
  for (let i = 0; i < 4; i++) {
    const context = await signedInContext(browser, webUrl);
    const page = await context.newPage();
    await page.goto(`${webUrl}/?workspace=${WORKSPACE}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => Number(document.body.dataset.topologyReady ?? 0) > 0, null, {
      timeout: 30000,
    });
    await page.locator('.react-flow__node').first().waitFor();
    // Interactive: a search typed right away answers and focuses a node. Timed inside the page (performance.now
    // from navigation start), so the driver's own round trips are not counted.
    const ms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const input = document.querySelector('.topo-search input');
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
          setValue.call(input, 'vm-499');
          input.dispatchEvent(new Event('input', { bubbles: true }));
          requestAnimationFrame(() => {
            input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
            const check = () => {
              const link = [...document.querySelectorAll('a')].find((a) =>
                /Open VM page/.test(a.textContent),
              );
              if (link) resolve(performance.now());
              else requestAnimationFrame(check);
            };
            check();
          });
        }),
    );
    const nodes = await page.evaluate(() => Number(document.body.dataset.topologyReady));
    const marks = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])),
    );
    runs.push(ms);
    console.log(
      `  topology run ${i + 1}: interactive after ${Math.round(ms)} ms (${nodes} nodes laid out; fetch started ${marks['topology-fetch-start']} ms, data ${marks['topology-fetched']} ms, laid out ${marks['topology-laid-out']} ms, on screen ${marks['topology-ready']} ms)`,
    );
    await context.close();
  }
  const warm = runs.slice(1);
  return { first: runs[0], median: median(warm) };
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

async function main() {
  const attached = process.env.FLOWVERIFY_API_URL && process.env.FLOWVERIFY_WEB_URL;
  const servers = attached
    ? { apiUrl: process.env.FLOWVERIFY_API_URL, webUrl: process.env.FLOWVERIFY_WEB_URL, stop: async () => {} }
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
    const topo = await measureTopology(browser, servers.webUrl);
    const verify = await measureVerify(browser, servers.webUrl);
    const topoOk = topo.median <= 2000;
    const verifyOk = verify.median <= 100;
    console.log('');
    console.log(
      `topology, ${VM_COUNT} VMs: interactive in ${Math.round(topo.median)} ms (median of warm runs; first run ${Math.round(topo.first)} ms), budget 2000 ms: ${topoOk ? 'OK' : 'OVER'}`,
    );
    console.log(
      `verify round trip in the page: median ${verify.median.toFixed(1)} ms, p95 ${verify.p95.toFixed(1)} ms (${verify.verdict.trim()}), budget 100 ms: ${verifyOk ? 'OK' : 'OVER'}`,
    );
  } finally {
    await browser.close();
    await servers.stop();
  }
}

main().catch((error) => {
  console.error(`measure: ${error.message}`);
  process.exit(1);
});
