import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrisma } from './client';
import { connectClient } from './connection';
import { startEmbeddedPostgres } from './embedded';
import type { PrismaClient } from './generated/prisma/client';
import { findMigrationsDir, migrate, readMigrations } from './migrate';

export interface TestDatabase {
  /** URL of the fresh (migrated, unless `migrate: false`) database. */
  url: string;
  /** A client on it (pool of one when embedded). */
  prisma: PrismaClient;
  /** True when backed by an in-memory embedded PGlite rather than a server. */
  embedded: boolean;
  /** Disconnects `prisma` and drops the database (or stops the embedded server). Safe to call twice. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Server to create the database on. Default: `DATABASE_URL`; when unset, an in-memory embedded PGlite is used. */
  serverUrl?: string;
  /** Migrations folder override (see `migrate`). */
  migrationsDir?: string;
  /** Apply the migrations (default true). False gives an empty database, e.g. to test migrations themselves. */
  migrate?: boolean;
}

/**
 * A fresh, migrated database for one test file. With `DATABASE_URL` (or `serverUrl`) set it creates a randomly named
 * database on that server and drops it `WITH (FORCE)` in `drop()`; otherwise it starts an in-memory embedded PGlite on
 * an ephemeral port and stops it in `drop()`.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL;
  const prepare = (url: string) =>
    options.migrate === false
      ? Promise.resolve()
      : migrate(url, { migrationsDir: options.migrationsDir }).then(() => undefined);
  if (serverUrl) return createOnServer(serverUrl, prepare);
  return createEmbedded(prepare, options.migrate === false ? undefined : snapshotFile(options.migrationsDir));
}

/**
 * Where the migrated embedded database is cached between test files and runs: a tarball in the OS temp folder, named
 * by a hash of the migrations and the PGlite version, so it is rebuilt whenever either changes. Starting from it
 * skips initdb and the migrations (about 3 s instead of 5–20 s on a busy 2-core machine).
 */
function snapshotFile(migrationsDir?: string): string {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  for (const m of readMigrations(migrationsDir ?? findMigrationsDir()))
    hash.update(`${m.name}:${m.checksum};`);
  return path.join(tmpdir(), `flowverify-db-snapshot-${hash.digest('hex').slice(0, 16)}.tar`);
}

function pgliteVersion(): string {
  try {
    // The package's exports hide package.json; find it next to the entry point.
    const entry = require.resolve('@electric-sql/pglite');
    const manifest = path.join(path.dirname(entry), '..', 'package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function createOnServer(
  serverUrl: string,
  prepare: (url: string) => Promise<void>,
): Promise<TestDatabase> {
  const name = `flowverify_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await connectClient(serverUrl);
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const dropDatabase = async () => {
    const client = await connectClient(serverUrl);
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  try {
    await prepare(url);
  } catch (error) {
    await dropDatabase().catch(() => undefined);
    throw error;
  }
  const prisma = createPrisma(url);
  let dropping: Promise<void> | undefined;
  return {
    url,
    prisma,
    embedded: false,
    drop() {
      dropping ??= (async () => {
        await prisma.$disconnect().catch(() => undefined);
        await dropDatabase();
      })();
      return dropping;
    },
  };
}

async function createEmbedded(
  prepare: (url: string) => Promise<void>,
  snapshot?: string,
): Promise<TestDatabase> {
  const cached = snapshot && existsSync(snapshot) ? readFileSync(snapshot) : undefined;
  const server = await startEmbeddedPostgres(cached ? { initialData: new Blob([cached]) } : {});
  try {
    await prepare(server.url); // a no-op check when started from the snapshot
    if (snapshot && !cached) await saveSnapshot(snapshot, await server.dumpData());
  } catch (error) {
    await server.stop();
    throw error;
  }
  const prisma = createPrisma(server.url, { poolMax: server.poolMax });
  let dropping: Promise<void> | undefined;
  return {
    url: server.url,
    prisma,
    embedded: true,
    drop() {
      dropping ??= (async () => {
        await prisma.$disconnect().catch(() => undefined);
        await server.stop();
      })();
      return dropping;
    },
  };
}

/** Writes atomically (temp file + rename), so parallel jest workers never read half a snapshot. */
async function saveSnapshot(file: string, data: Blob): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, Buffer.from(await data.arrayBuffer()));
  renameSync(temp, file);
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
