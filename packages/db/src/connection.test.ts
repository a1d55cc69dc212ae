import { checkDatabase, describeDatabaseUrl } from './connection';
import { DatabaseConnectionError } from './errors';
import { migrate } from './migrate';
import { withDatabase } from './testing';

describe('checkDatabase', () => {
  it('explains an unreachable server in one line', async () => {
    const error = await checkDatabase('postgresql://postgres@127.0.0.1:5999/flowverify').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as DatabaseConnectionError).reason).toBe('unreachable');
    expect((error as Error).message).toBe(
      'Cannot connect to Postgres at 127.0.0.1:5999 (connection refused). Is it running? Check DATABASE_URL.',
    );
  });

  it('never prints the password', async () => {
    const error = await checkDatabase('postgresql://me:s3cret@127.0.0.1:5999/flowverify').catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('rejects a malformed URL', async () => {
    await expect(checkDatabase('not a url')).rejects.toThrow(/not a valid URL/);
    await expect(checkDatabase('mysql://x@127.0.0.1/db')).rejects.toThrow(/must start with postgresql:\/\//);
  });

  it('migrate() reports the same one-line error', async () => {
    await expect(migrate('postgresql://postgres@127.0.0.1:5999/flowverify')).rejects.toThrow(
      /^Cannot connect to Postgres at 127\.0\.0\.1:5999 \(connection refused\)/,
    );
  });

  const serverUrl = process.env.DATABASE_URL;
  (serverUrl ? it : it.skip)('explains a missing database (needs DATABASE_URL)', async () => {
    const url = withDatabase(serverUrl as string, 'flowverify_no_such_db');
    const error = await checkDatabase(url).catch((e: unknown) => e);
    expect((error as DatabaseConnectionError).reason).toBe('missing-database');
    expect((error as Error).message).toMatch(
      /^Database "flowverify_no_such_db" does not exist on Postgres at /,
    );
    await expect(checkDatabase(serverUrl as string)).resolves.toBeUndefined();
  });

  it('describes URLs', () => {
    expect(describeDatabaseUrl('postgresql://u:p@db.example:6543/fv?sslmode=disable')).toEqual({
      host: 'db.example',
      port: 6543,
      user: 'u',
      database: 'fv',
    });
  });
});
