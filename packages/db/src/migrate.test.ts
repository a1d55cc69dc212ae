import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findMigrationsDir, migrate, readMigrations } from './migrate';
import { MigrationError } from './errors';
import { createTestDatabase, type TestDatabase } from './testing';

/** Runs against DATABASE_URL when set, else an in-memory embedded PGlite (see createTestDatabase). */
describe('migrate', () => {
  let db: TestDatabase;
  let client: Client;
  const temps: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  const tables = async (): Promise<string[]> =>
    (
      await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      )
    ).rows.map((row) => row.table_name);

  /** A copy of the real migrations plus extra ones, in a temp folder. */
  const migrationsWith = (extra: Record<string, string>): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowverify-migrations-'));
    temps.push(dir);
    const real = findMigrationsDir();
    writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    for (const m of readMigrations(real)) {
      mkdirSync(path.join(dir, m.name));
      copyFileSync(path.join(real, m.name, 'migration.sql'), path.join(dir, m.name, 'migration.sql'));
    }
    for (const [name, sql] of Object.entries(extra)) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    }
    return dir;
  };

  it('finds the repository migrations folder', () => {
    const dir = findMigrationsDir();
    expect(dir.endsWith(path.join('prisma', 'migrations'))).toBe(true);
    expect(readMigrations(dir).length).toBeGreaterThan(0);
  });

  it('applies every migration to an empty database and records it as Prisma does', async () => {
    expect(await tables()).toEqual([]);
    const result = await migrate(db.url);
    const names = readMigrations(findMigrationsDir()).map((m) => m.name);
    expect(result.applied).toEqual(names);
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'workspace',
        'virtual_network',
        'subnet',
        'security_rule',
        'admin_rule',
        '_prisma_migrations',
      ]),
    );
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations',
    );
    expect(rows).toHaveLength(names.length);
    const checksums = new Map(readMigrations(findMigrationsDir()).map((m) => [m.name, m.checksum]));
    for (const row of rows) {
      expect(row.checksum).toBe(checksums.get(row.migration_name));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('is idempotent', async () => {
    const before = await tables();
    const result = await migrate(db.url);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(before);
    const { rows } = await client.query('SELECT count(*)::int AS n FROM _prisma_migrations');
    expect(rows[0].n).toBe(result.alreadyApplied.length);
  });

  it('rolls a failing migration back completely and names it in a one-line error', async () => {
    const before = await tables();
    const dir = migrationsWith({
      '29990101000000_broken':
        'CREATE TABLE "half_done" (id int);\nALTER TABLE "workspace" ADD COLUMN "x" int;\nSELEC 1;\n',
    });
    const error = await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migrationName).toBe('29990101000000_broken');
    expect((error as Error).message).toMatch(
      /^Migration 29990101000000_broken failed and was rolled back: .*syntax error.*line 3/,
    );
    expect((error as Error).message).not.toContain('\n');
    expect(await tables()).toEqual(before);
    const columns = await client.query(
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'workspace' AND column_name = 'x'",
    );
    expect(columns.rowCount).toBe(0);
    const recorded = await client.query("SELECT 1 FROM _prisma_migrations WHERE migration_name LIKE '2999%'");
    expect(recorded.rowCount).toBe(0);
  });

  it('applies a later good migration once the broken one is fixed', async () => {
    const dir = migrationsWith({ '29990101000000_fixed': 'CREATE TABLE "later" (id int);' });
    expect((await migrate(db.url, { migrationsDir: dir })).applied).toEqual(['29990101000000_fixed']);
    expect(await tables()).toContain('later');
    // Same name, different content: refused instead of silently diverging.
    const changed = migrationsWith({ '29990101000000_fixed': 'CREATE TABLE "later" (id bigint);' });
    await expect(migrate(db.url, { migrationsDir: changed })).rejects.toThrow(
      /modified after it was applied/,
    );
  });

  it('says clearly when there is no migrations folder', async () => {
    await expect(
      migrate(db.url, { migrationsDir: path.join(tmpdir(), 'no-such-folder-flowverify') }),
    ).rejects.toThrow(/does not exist/);
    expect(() => findMigrationsDir(tmpdir())).toThrow(MigrationError);
  });
});
