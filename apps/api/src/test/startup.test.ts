/**
 * The built server (`node dist/main.js`) as a user starts it: clear one-line failures, a healthy start, JSON request
 * logs, graceful shutdown. Needs `dist/` (turbo builds it before tests).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built API on `db` with the bootstrap `token` and waits until it says "API ready" (or exits). `output`
 * grows while it runs; `stop()` sends SIGTERM and resolves with the exit code.
 */
async function startApi(db: TestDatabase, token: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      API_PORT: String(port),
      FLOWVERIFY_BOOTSTRAP_TOKEN: token,
      ...(db.embedded ? { PG_POOL_MAX: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (output.stdout += d));
  child.stderr.on('data', (d) => (output.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 200 && !output.stdout.includes('API ready') && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  return {
    port,
    output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

const expectOneLine = (r: Run, pattern: RegExp) => {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

beforeAll(() => {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: build first (npx turbo run build --filter=@flowverify/api...)`);
});

describe('startup failures: one line on stderr, exit 1', () => {
  it('unreachable DATABASE_URL', async () => {
    const r = await run({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/postgres',
      API_PORT: String(await freePort()),
    });
    expectOneLine(r, /^flowverify: Cannot connect to Postgres at 127\.0\.0\.1:1 .*DATABASE_URL/);
  }, 30_000);

  it('port in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await run({
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/postgres',
        API_PORT: String(port),
      });
      expectOneLine(r, new RegExp(`^flowverify: Port ${port} .* already in use.*API_PORT`));
    } finally {
      blocker.close();
    }
  }, 30_000);

  it('unwritable data folder', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'fv-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await run({ FLOWVERIFY_DATA_DIR: path.join(file, 'data'), API_PORT: String(await freePort()) });
    expectOneLine(r, /^flowverify: Cannot write the embedded database folder .*FLOWVERIFY_DATA_DIR/);
  }, 30_000);

  it('bad API_PORT', async () => {
    const r = await run({ API_PORT: 'eighty' });
    expectOneLine(r, /^flowverify: API_PORT="eighty" is not a port number/);
  });
});

const BOOTSTRAP = 'fv_startup-test-bootstrap-token-0123456789';

describe('a healthy start', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, 120_000);
  afterAll(() => db?.drop());

  it('serves /healthz and /graphql, logs one JSON line per request, and stops on SIGTERM', async () => {
    const api = await startApi(db, BOOTSTRAP);
    const { port, output } = api;
    let code: number | null = null;
    try {
      expect(output.stdout).toContain(`http://127.0.0.1:${port}/graphql`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      // A configured bootstrap token: no startup sign-in URL, and the token works.
      expect(output.stdout).not.toContain('/signin?token=');
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BOOTSTRAP}` },
        body: JSON.stringify({
          query: 'query Probe { workspace { name stats { virtualMachines } } }',
          operationName: 'Probe',
        }),
      });
      const probe = (await res.json()) as {
        data: { workspace: { name: string; stats: { virtualMachines: number } } };
      };
      expect(probe.data.workspace.name).toBe('default');
      // The demo network was seeded into the empty "default" workspace.
      expect(probe.data.workspace.stats.virtualMachines).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 100));
      const logs = output.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logs).toContainEqual(
        expect.objectContaining({
          msg: 'request',
          path: '/graphql',
          operationName: 'Probe',
          errorCount: 0,
          durationMs: expect.any(Number),
        }),
      );
    } finally {
      code = await api.stop();
    }
    expect(code).toBe(0);
    expect(output.stderr).toBe('');
  }, 60_000);
});

describe('FLOWVERIFY_BOOTSTRAP_TOKEN of any length', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, 120_000);
  afterAll(() => db?.drop());

  /** Starts the API with `token`, asks `me` with it, stops; returns what it printed and the answer. */
  async function startWith(token: string) {
    const api = await startApi(db, token);
    let me: unknown;
    let code: number | null = null;
    try {
      const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { user { name } isServerAdmin } }' }),
      });
      me = await res.json();
    } finally {
      code = await api.stop();
    }
    return { code, ...api.output, me };
  }

  it('a short value such as test-admin-token starts the API and is a server-admin token', async () => {
    const r = await startWith('test-admin-token');
    expect(r.me).toEqual({ data: { me: { user: { name: 'admin' }, isServerAdmin: true } } });
    expect(r.stdout).not.toContain('shorter than 16');
    expect([r.code, r.stderr]).toEqual([0, '']);
  }, 60_000);

  it('under 16 characters: a warning on stdout, not an error, and the token works', async () => {
    const r = await startWith('fv_tiny');
    expect(r.me).toEqual({ data: { me: { user: { name: 'admin' }, isServerAdmin: true } } });
    const warnings = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/FLOWVERIFY_BOOTSTRAP_TOKEN is shorter than 16/),
      }),
    ]);
    expect([r.code, r.stderr]).toEqual([0, '']);
  }, 60_000);

  it('a value with whitespace: one line on stderr saying why, exit 1', async () => {
    const r = await run({
      FLOWVERIFY_BOOTSTRAP_TOKEN: 'test-admin-token\n',
      API_PORT: String(await freePort()),
    });
    expectOneLine(r, /^flowverify: FLOWVERIFY_BOOTSTRAP_TOKEN contains whitespace or control characters/);
  });
});
