import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import { connectClient } from './connection';
import { MigrationError } from './errors';

/** The advisory lock key Prisma's own `migrate deploy` takes, so the two never run at once. */
const MIGRATION_LOCK_KEY = 72707369;

export interface MigrateOptions {
  /** Folder holding `<timestamp>_<name>/migration.sql`. Default: `prisma/migrations` found by {@link findMigrationsDir}. */
  migrationsDir?: string;
  /** Progress lines ("Applied 20261126133906_init"). Default: silent. */
  log?: (line: string) => void;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  alreadyApplied: string[];
}

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of the file, hex; what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

/**
 * The repository's `prisma/migrations` folder, found by walking up from `from` (default: this file's folder, so it
 * works from `src/` under jest and from `dist/` at run time). Throws `MigrationError` when there is none.
 */
export function findMigrationsDir(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (existsSync(path.join(candidate, 'migration_lock.toml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new MigrationError(
    `No prisma/migrations folder (with migration_lock.toml) above ${from}. Pass migrationsDir to migrate().`,
  );
}

/** The migrations in `dir`, sorted by folder name (timestamp first). */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MigrationError(`Migrations folder ${dir} does not exist.`);
  }
  return readdirSync(dir)
    .filter((entry) => existsSync(path.join(dir, entry, 'migration.sql')))
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, 'migration.sql'));
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    });
}

/**
 * Applies the pending migrations to the database at `url`, in folder order, each in its own transaction, and records
 * them in `_prisma_migrations` exactly as `prisma migrate deploy` does (so `prisma migrate status` agrees).
 *
 * Idempotent: applied migrations are skipped. A failing migration is rolled back (the database stays as it was before
 * that migration) and a `MigrationError` is thrown naming it; connection problems throw `DatabaseConnectionError`.
 * Also throws when an applied migration's file has changed or a previous `prisma migrate deploy` left one failed.
 */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrationsDir = options.migrationsDir ?? findMigrationsDir();
  const migrations = readMigrations(migrationsDir);
  const log = options.log ?? (() => undefined);
  const client = await connectClient(url);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(client, migrations, log);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function applyPending(
  client: Client,
  migrations: MigrationFile[],
  log: (line: string) => void,
): Promise<MigrateResult> {
  await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const { rows } = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations. Fix the database, then run ` +
        `prisma migrate resolve --rolled-back ${failed.migration_name}.`,
      failed.migration_name,
    );
  }
  const applied = new Map(
    rows.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]),
  );
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    const done = applied.get(migration.name);
    if (done) {
      if (done.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was modified after it was applied (checksum mismatch). Restore the file and ` +
            'add a new migration instead.',
          migration.name,
        );
      }
      result.alreadyApplied.push(migration.name);
      continue;
    }
    await applyOne(client, migration);
    log(`Applied ${migration.name}`);
    result.applied.push(migration.name);
  }
  return result;
}

async function applyOne(client: Client, migration: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back: ${describeSqlError(error, migration.sql)}`,
      migration.name,
      { cause: error },
    );
  }
}

function describeSqlError(error: unknown, sql: string): string {
  const e = error as { message?: string; position?: string; code?: string };
  const message = (e.message ?? String(error)).split('\n')[0] ?? '';
  const position = Number(e.position);
  if (!Number.isFinite(position) || position <= 0) return message;
  const line = sql.slice(0, position - 1).split('\n').length;
  return `${message} (migration.sql line ${line})`;
}
