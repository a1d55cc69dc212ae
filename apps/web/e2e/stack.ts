/**
 * Starts the system under test for the browser suite: a fresh database (a new database on the DATABASE_URL server,
 * or the embedded Postgres in a temp folder when DATABASE_URL is unset), the built API and the built web app, each
 * on a free port, with their real pids recorded so teardown kills exactly them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const WEB_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(WEB_DIR, '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'artifacts', 'e2e');

/** The server-admin token the API is started with (FLOWVERIFY_BOOTSTRAP_TOKEN); tests sign in with it. */
export const ADMIN_TOKEN = `e2e-admin-${process.pid}-0123456789abcdef`;

export interface Stack {
  apiUrl: string;
  /** GraphQL straight to the API with a token (the admin's by default); throws on errors. */
  graphql(query: string, variables?: unknown, token?: string): Promise<Record<string, unknown>>;
  webUrl: string;
  apiPid: number;
  webPid: number;
  stop(): Promise<void>;
}

/** The chromium binary: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else whatever `command -v chromium` finds. */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => !!p,
  );
  for (const c of candidates) if (existsSync(c)) return c;
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  });
  const p = found.stdout.trim();
  if (p && existsSync(p)) return p;
  throw new Error(
    'e2e: chromium not found (looked at CHROMIUM_PATH, /usr/bin/chromium and PATH). Install it with `apt-get install -y chromium` or set CHROMIUM_PATH.',
  );
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
];

function requireBuilds(): { apiMain: string; nextBin: string } {
  const apiMain = path.join(REPO_ROOT, 'apps', 'api', 'dist', 'main.js');
  if (!existsSync(apiMain)) {
    throw new Error(
      `e2e: the API is not built (${apiMain} is missing). Run \`npm run build\` at the repository root first.`,
    );
  }
  if (!existsSync(path.join(WEB_DIR, '.next', 'BUILD_ID'))) {
    throw new Error(
      'e2e: the web app is not built (apps/web/.next/BUILD_ID is missing). Run `npm run build` first.',
    );
  }
  const nextBin = require.resolve('next/dist/bin/next', { paths: [WEB_DIR] });
  return { apiMain, nextBin };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(
  what: string,
  child: ChildProcess,
  log: () => string,
  check: () => Promise<boolean>,
  timeoutMs: number,
) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `e2e: ${what} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log()}`,
      );
    }
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`e2e: ${what} was not ready after ${timeoutMs / 1000}s:\n${log()}`);
}

function capture(child: ChildProcess): () => string {
  let text = '';
  const add = (b: Buffer) => {
    text = (text + b.toString()).slice(-8000);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => text;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  const release = () => {
    child?.stdout?.destroy();
    child?.stderr?.destroy();
  };
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return release();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), 10000);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut && child.exitCode === null) {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
  release();
}

/** A fresh database on the DATABASE_URL server (psql), or null to use the embedded one. */
function createDatabase(): { url: string; drop: () => void } | null {
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) return null;
  const name = `flowverify_e2e_${process.pid}_${Date.now()}`;
  const run = (sql: string) => {
    const r = spawnSync('psql', [serverUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { encoding: 'utf8' });
    if (r.error) throw new Error(`e2e: could not run psql to manage the test database: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`e2e: psql failed (${sql}): ${r.stderr.trim()}`);
  };
  run(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function graphql(apiUrl: string, query: string, variables?: unknown, token = ADMIN_TOKEN) {
  const res = await fetch(apiUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (json.errors?.length)
    throw new Error(`e2e: GraphQL error: ${json.errors.map((e) => e.message).join('; ')}`);
  return json.data!;
}

/** Loads the demo network into `default` unless the API already seeded it. */
async function ensureDemoSeed(apiUrl: string) {
  const data = (await graphql(apiUrl, '{ workspace { stats { virtualMachines } } }')) as {
    workspace: { stats: { virtualMachines: number } } | null;
  };
  if ((data.workspace?.stats.virtualMachines ?? 0) > 0) return;
  const document = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'prisma', 'seed', 'demo-network.json'), 'utf8'),
  );
  await graphql(
    apiUrl,
    'mutation($input: ImportAzureResourcesInput!) { importAzureResources(input: $input) { importedCount } }',
    { input: { workspace: 'default', document } },
  );
}

export async function startStack(): Promise<Stack> {
  const { apiMain, nextBin } = requireBuilds();
  const tmp = mkdtempSync(path.join(tmpdir(), 'flowverify-e2e-'));
  let database: ReturnType<typeof createDatabase> = null;
  let api: ChildProcess | undefined;
  let web: ChildProcess | undefined;

  const stop = async () => {
    await stopProcess(web);
    await stopProcess(api);
    try {
      database?.drop();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };

  try {
    database = createDatabase();
    const apiPort = await freePort();
    const webPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    const env = { ...process.env };
    delete env.DATABASE_URL;
    api = spawn(process.execPath, [apiMain], {
      cwd: REPO_ROOT,
      env: {
        ...env,
        API_PORT: String(apiPort),
        WEB_PORT: String(webPort),
        LOG_LEVEL: 'warn',
        FLOWVERIFY_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
        ...(database ? { DATABASE_URL: database.url } : { FLOWVERIFY_DATA_DIR: path.join(tmp, 'db') }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const apiLog = capture(api);
    await waitFor(
      'the API',
      api,
      apiLog,
      async () => (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok,
      120000,
    );
    await ensureDemoSeed(apiUrl);

    web = spawn(process.execPath, [nextBin, 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
      cwd: WEB_DIR,
      env: { ...env, FLOWVERIFY_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', PORT: String(webPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const webLog = capture(web);
    await waitFor('the web app', web, webLog, async () => (await fetch(`${webUrl}/signin`)).ok, 60000);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    return {
      apiUrl,
      webUrl,
      apiPid: api.pid!,
      webPid: web.pid!,
      stop,
      graphql: (query, variables, token) => graphql(apiUrl, query, variables, token),
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Stops the stack's API (SIGTERM) and waits, up to 20 s, until its /healthz no longer answers. */
export async function stopApi(stack: Stack): Promise<void> {
  process.kill(stack.apiPid, 'SIGTERM');
  const health = stack.apiUrl.replace('/graphql', '/healthz');
  for (let i = 0; i < 80; i++) {
    const up = await fetch(health).then(
      () => true,
      () => false,
    );
    if (!up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
