import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import { createServer } from 'node:net';
import path from 'node:path';
import type * as PGliteModule from '@electric-sql/pglite';
import type * as PGliteSocketModule from '@electric-sql/pglite-socket';
import { DatabaseStartError } from './errors';

/**
 * PGlite loads Node built-ins with dynamic `import()`, which jest's module sandbox refuses ("A dynamic import
 * callback was invoked without --experimental-vm-modules"), and jest also wraps `module.createRequire` and
 * `process.getBuiltinModule`. So we take Node's own `createRequire` from the main context (`vm.runInThisContext`
 * is not sandboxed) and load PGlite with it: it then runs outside the sandbox, and every workspace's jest can start an
 * embedded database without flags. Under plain Node this is the ordinary `require`.
 */
const nodeRequire: NodeRequire = (() => {
  try {
    const mainProcess = runInThisContext('process') as NodeJS.Process & {
      getBuiltinModule?: (id: string) => unknown;
    };
    const nodeModule = mainProcess.getBuiltinModule?.('node:module') as
      { createRequire: typeof createRequire } | undefined;
    if (nodeModule) return nodeModule.createRequire(__filename);
  } catch {
    // fall through
  }
  return require;
})();
const loadPGlite = () => nodeRequire('@electric-sql/pglite') as typeof PGliteModule;
const loadSocketServer = () => nodeRequire('@electric-sql/pglite-socket') as typeof PGliteSocketModule;

/** Pass as `dataDir` (or leave it undefined) for a throw-away in-memory database. */
export const IN_MEMORY = 'memory://';

export interface EmbeddedPostgresOptions {
  /**
   * Folder for the database (created if missing; Postgres' files go to `<dataDir>/pg`), or `memory://` / undefined
   * for an in-memory database that disappears on stop. See {@link defaultDataDir}.
   */
  dataDir?: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Socket connections the server accepts at once; keep it ≥ the sum of all pool sizes. Default 20. */
  maxConnections?: number;
  /**
   * Start from a snapshot made by {@link EmbeddedPostgres.dumpData} instead of an empty database (skips `initdb`, the
   * slow part of a first start). Only for a new database: an in-memory one or an empty data folder.
   */
  initialData?: Blob;
}

export interface EmbeddedPostgres {
  /** `postgresql://postgres:postgres@127.0.0.1:<port>/postgres?sslmode=disable`. */
  url: string;
  port: number;
  /** The resolved data folder, or null when in memory. */
  dataDir: string | null;
  /** The pool size clients should use: PGlite is one session underneath (stack.md §4.5). Always 1. */
  poolMax: number;
  /** A snapshot of the whole database (uncompressed tarball) to pass as `initialData` later. Run it while idle. */
  dumpData(): Promise<Blob>;
  /** Closes the socket server, then the database (flushing it to disk). Safe to call twice. */
  stop(): Promise<void>;
}

/** URLs of embedded servers running in this process; {@link createPrisma} gives them a pool of one. */
const embeddedUrls = new Set<string>();

/** Data folders opened by this process (the pid lock alone cannot tell this process from a dead one with its pid). */
const dataDirsInUse = new Set<string>();

/** Whether `url` points at an embedded database started by this process. */
export function isEmbeddedUrl(url: string): boolean {
  return embeddedUrls.has(url);
}

/**
 * The default data folder: `FLOWVERIFY_DATA_DIR` from `env` when set, else `.flowverify` under `cwd`.
 * Pass the API's validated env; `process.env` is only the default.
 */
export function defaultDataDir(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): string {
  const configured = env.FLOWVERIFY_DATA_DIR?.trim();
  return path.resolve(cwd, configured ? configured : '.flowverify');
}

/**
 * Starts PGlite (Postgres compiled to WebAssembly, in this process) behind a Postgres wire-protocol server on
 * 127.0.0.1, so `pg`, Prisma and psql connect with a plain URL. Data persists in `dataDir` across restarts and
 * process kills (committed transactions survive).
 *
 * Throws `DatabaseStartError` (one-line message) when the data folder cannot be created or written, is used by
 * another running process, cannot be opened, or the port is taken.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const inMemory = options.dataDir === undefined || options.dataDir === IN_MEMORY;
  const dataDir = inMemory ? null : path.resolve(options.dataDir as string);
  if (options.port) await assertPortFree(options.port); // fail fast, before the slow database start
  const releaseLock = dataDir ? prepareDataDir(dataDir) : () => undefined;

  const { PGlite } = loadPGlite();
  const { PGLiteSocketServer } = loadSocketServer();
  let db: PGliteModule.PGlite;
  try {
    const loadDataDir = options.initialData;
    db = dataDir
      ? await PGlite.create(path.join(dataDir, 'pg'), { loadDataDir })
      : await PGlite.create({ loadDataDir });
  } catch (cause) {
    releaseLock();
    throw new DatabaseStartError(
      `Embedded Postgres could not open its data in ${dataDir ?? 'memory'}: ${oneLine(cause)}. ` +
        'If the folder is damaged, move it away to start with an empty database.',
      { cause },
    );
  }

  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 20,
  });
  try {
    await server.start();
  } catch (cause) {
    await db.close().catch(() => undefined);
    releaseLock();
    const code = (cause as { code?: string }).code;
    throw new DatabaseStartError(
      code === 'EADDRINUSE'
        ? portInUse(options.port ?? 0).message
        : `Embedded Postgres could not listen on 127.0.0.1:${options.port ?? 0}: ${oneLine(cause)}.`,
      { cause },
    );
  }

  const port = Number(server.getServerConn().split(':').pop());
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  embeddedUrls.add(url);
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    dataDir,
    poolMax: 1,
    async dumpData() {
      const dump = await db.dumpDataDir('none');
      // Re-wrap in this realm's Blob (PGlite may live outside jest's sandbox, see nodeRequire).
      return new Blob([await dump.arrayBuffer()]);
    },
    stop() {
      stopping ??= (async () => {
        embeddedUrls.delete(url);
        try {
          await server.stop();
          await db.close();
        } finally {
          releaseLock();
        }
      })();
      return stopping;
    },
  };
}

function portInUse(port: number): DatabaseStartError {
  return new DatabaseStartError(
    `Port ${port} on 127.0.0.1 is already in use. Choose another port (or 0 for any free port).`,
  );
}

async function assertPortFree(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUse(port) : error),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** Creates the folder, checks it is writable and not used by another live process, and takes a pid lock. */
function prepareDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'postgres.lock');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (cause) {
    throw unwritable(dataDir, cause);
  }
  // Our own pid in the lock is either this process (then dataDirsInUse knows) or a previous life with the same pid
  // (a container's pid 1 after a crash), which is stale.
  const inUseHere = dataDirsInUse.has(dataDir);
  if (inUseHere || existsSync(lockFile)) {
    const pid = inUseHere ? process.pid : Number(readFileSync(lockFile, 'utf8').trim());
    if (inUseHere || (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))) {
      throw new DatabaseStartError(
        `The embedded database in ${dataDir} is already in use by process ${pid}. Stop it, or choose another ` +
          'folder with FLOWVERIFY_DATA_DIR.',
      );
    }
  }
  try {
    writeFileSync(lockFile, `${process.pid}\n`);
  } catch (cause) {
    throw unwritable(dataDir, cause);
  }
  dataDirsInUse.add(dataDir);
  return () => {
    dataDirsInUse.delete(dataDir);
    try {
      if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile, { force: true });
    } catch {
      // already gone
    }
  };
}

function unwritable(dataDir: string, cause: unknown): DatabaseStartError {
  const code = (cause as { code?: string }).code ?? 'error';
  return new DatabaseStartError(
    `Cannot write the embedded database folder ${dataDir} (${code}). Choose a writable folder with ` +
      'FLOWVERIFY_DATA_DIR, or fix its permissions.',
    { cause },
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
  // A killed process stays signalable as a zombie until its parent reaps it; it holds no files any more.
  return !isZombie(pid);
}

/** Linux: the process is a zombie (state Z or X in /proc/<pid>/stat). Elsewhere: false. */
export function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S …": comm may contain spaces and parentheses, the state follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

function oneLine(error: unknown): string {
  // Duck-typed: PGlite's errors may come from another realm (see nodeRequire), where instanceof Error fails.
  const message =
    error && typeof (error as { message?: unknown }).message === 'string'
      ? (error as { message: string }).message
      : String(error);
  return (message.split('\n')[0] ?? '').replace(/\.$/, '');
}
