import { checkDatabase, describeDatabaseUrl } from './connection';
import { DatabaseConnectionError } from './errors';
import { migrate } from './migrate';
import { withDatabase } from './testing';
import net from 'node:net';

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

  it('explains a missing database', async () => {
    // On a real server when DATABASE_URL names one; otherwise on a stand-in that answers the startup
    // message the way Postgres does for an unknown database (SQLSTATE 3D000).
    const fake = process.env.DATABASE_URL ? null : await startMissingDatabaseServer();
    const serverUrl = process.env.DATABASE_URL ?? `postgresql://postgres@127.0.0.1:${fake!.port}/postgres`;
    try {
      const url = withDatabase(serverUrl, 'flowverify_no_such_db');
      const error = await checkDatabase(url).catch((e: unknown) => e);
      expect((error as DatabaseConnectionError).reason).toBe('missing-database');
      expect((error as Error).message).toMatch(
        /^Database "flowverify_no_such_db" does not exist on Postgres at /,
      );
      if (!fake) await expect(checkDatabase(serverUrl)).resolves.toBeUndefined();
    } finally {
      fake?.server.close();
    }
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

/** A loopback server that rejects every connection with Postgres's "database does not exist" error. */
async function startMissingDatabaseServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      const field = (code: string, value: string) =>
        Buffer.concat([Buffer.from(code), Buffer.from(`${value}\0`)]);
      const body = Buffer.concat([
        field('S', 'FATAL'),
        field('V', 'FATAL'),
        field('C', '3D000'),
        field('M', 'database "flowverify_no_such_db" does not exist'),
        Buffer.from([0]),
      ]);
      const header = Buffer.alloc(5);
      header.write('E', 0);
      header.writeInt32BE(body.length + 4, 1);
      socket.end(Buffer.concat([header, body]));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}
