import { randomBytes } from 'node:crypto';
import { createPrisma } from './client';
import { connectClient } from './connection';
import { startEmbeddedPostgres } from './embedded';
import type { PrismaClient } from './generated/prisma/client';
import { migrate } from './migrate';

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
  return serverUrl ? createOnServer(serverUrl, prepare) : createEmbedded(prepare);
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

async function createEmbedded(prepare: (url: string) => Promise<void>): Promise<TestDatabase> {
  const server = await startEmbeddedPostgres();
  try {
    await prepare(server.url);
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

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
