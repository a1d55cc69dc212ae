import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createPrisma } from './client';
import { defaultDataDir, isEmbeddedUrl, isZombie, startEmbeddedPostgres } from './embedded';
import { DatabaseStartError } from './errors';
import { migrate } from './migrate';

/** The embedded database (PGlite behind a socket server) keeps committed data across restarts and kills. */
describe('startEmbeddedPostgres', () => {
  const temps: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowverify-embedded-'));
    temps.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  async function query<T extends Record<string, unknown>>(url: string, text: string): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  it('keeps migrated schema and data across a stop and start on the same folder', async () => {
    const dataDir = tempDir();
    const first = await startEmbeddedPostgres({ dataDir });
    expect(first.url).toMatch(
      /^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/,
    );
    expect(first.dataDir).toBe(path.resolve(dataDir));
    expect(first.poolMax).toBe(1);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
      new RegExp(`^The embedded database in .* is already in use by process ${process.pid}\\.`),
    );
    await migrate(first.url);
    const prisma = createPrisma(first.url);
    await prisma.workspace.create({ data: { name: 'lab' } });
    await prisma.$disconnect();
    await first.stop();
    await first.stop(); // twice is fine
    expect(isEmbeddedUrl(first.url)).toBe(false);
    // A lock with our own pid but no open database here is from an earlier life of this pid (a container's pid 1
    // after a crash): stale. (A lock of a dead pid is covered by the kill -9 test.)
    writeFileSync(path.join(dataDir, 'postgres.lock'), `${process.pid}\n`);

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect((await migrate(second.url)).applied).toEqual([]);
      expect(await query(second.url, 'SELECT name FROM workspace')).toEqual([{ name: 'lab' }]);
    } finally {
      await second.stop();
    }
  });

  it('keeps committed data when the process holding it is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const script = path.join(__dirname, 'test', 'embedded-writer.js');
    expect(existsSync(path.join(__dirname, '..', 'dist', 'index.js'))).toBe(true); // run `npm run build` first
    const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('committed')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const restarted = await startEmbeddedPostgres({ dataDir }); // the dead writer's lock does not block us
    try {
      expect(await query(restarted.url, 'SELECT id, note FROM crash_test')).toEqual([
        { id: 1, note: 'survives kill -9' },
      ]);
    } finally {
      await restarted.stop();
    }
  });

  it('takes over a lock whose process was killed but not yet reaped (a zombie)', async () => {
    // `sh` starts a sleeper, prints its pid and becomes another sleeper that never reaps it: once killed, the
    // first sleeper stays a zombie until the test ends the parent. The kill waits until `sh` has become that
    // sleeper: a shell still running could reap its killed child itself.
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const commOf = (p: number) => {
      try {
        return readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    };
    try {
      const pid = Number(
        await new Promise<string>((resolve) =>
          parent.stdout.once('data', (d: Buffer) => resolve(d.toString())),
        ),
      );
      for (let i = 0; i < 250 && commOf(parent.pid as number) !== 'sleep'; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(commOf(parent.pid as number)).toBe('sleep');
      expect(isZombie(pid)).toBe(false);
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100 && !isZombie(pid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(isZombie(pid)).toBe(true);
      const dataDir = tempDir();
      writeFileSync(path.join(dataDir, 'postgres.lock'), `${pid}\n`);
      const db = await startEmbeddedPostgres({ dataDir });
      await db.stop();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('starts in memory on an ephemeral port by default, and explains a taken port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const server = await startEmbeddedPostgres();
    try {
      expect(server.dataDir).toBeNull();
      expect(server.port).toBeGreaterThan(0);
      expect(isEmbeddedUrl(server.url)).toBe(true);
      expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await expect(startEmbeddedPostgres({ port: taken })).rejects.toThrow(
        new RegExp(`^Port ${taken} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      await server.stop();
      blocker.close();
    }
  });

  it('refuses an unwritable data folder with a one-line DatabaseStartError', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const error = await startEmbeddedPostgres({ dataDir: path.join(file, 'data') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as Error).message).toMatch(
      /^Cannot write the embedded database folder .*a-file\/data \(ENOTDIR\)\. Choose a writable folder with FLOWVERIFY_DATA_DIR, or fix its permissions\.$/,
    );
  });

  it('defaults the data folder to FLOWVERIFY_DATA_DIR or .flowverify', () => {
    expect(defaultDataDir({}, '/srv/app')).toBe('/srv/app/.flowverify');
    expect(defaultDataDir({ FLOWVERIFY_DATA_DIR: 'data' }, '/srv/app')).toBe('/srv/app/data');
    expect(defaultDataDir({ FLOWVERIFY_DATA_DIR: '/var/lib/flowverify' }, '/srv/app')).toBe(
      '/var/lib/flowverify',
    );
  });
});
