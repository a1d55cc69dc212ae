import { Client } from 'pg';
import { DatabaseConnectionError } from './errors';

/** Host, port, user and database of a postgres URL, for messages. Throws `DatabaseConnectionError('invalid-url')`. */
export function describeDatabaseUrl(url: string): {
  host: string;
  port: number;
  user: string;
  database: string;
} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new DatabaseConnectionError(
      'DATABASE_URL is not a valid URL. Expected postgresql://user[:password]@host[:port]/database.',
      'invalid-url',
      { cause },
    );
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new DatabaseConnectionError(
      `DATABASE_URL must start with postgresql:// (got ${parsed.protocol}//). Expected postgresql://user[:password]@host[:port]/database.`,
      'invalid-url',
    );
  }
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    database:
      decodeURIComponent(parsed.pathname.replace(/^\//, '')) ||
      decodeURIComponent(parsed.username) ||
      'postgres',
  };
}

interface PgLikeError {
  code?: string;
  message?: string;
}

/** Turns a `pg` connection error into a one-line `DatabaseConnectionError` (never includes the password). */
export function toConnectionError(url: string, error: unknown): DatabaseConnectionError {
  if (error instanceof DatabaseConnectionError) return error;
  const { host, port, user, database } = describeDatabaseUrl(url);
  const where = `Postgres at ${host}:${port}`;
  const e = (error ?? {}) as PgLikeError;
  const message = e.message ?? String(error);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new DatabaseConnectionError(
        `Cannot connect to ${where} (connection refused). Is it running? Check DATABASE_URL.`,
        'unreachable',
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseConnectionError(
        `Cannot connect to ${where} (host ${host} not found). Check the host in DATABASE_URL.`,
        'unreachable',
        { cause: error },
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
      return new DatabaseConnectionError(
        `Cannot connect to ${where} (${e.code}). Is it running and reachable? Check DATABASE_URL.`,
        'unreachable',
        { cause: error },
      );
    case 'ETIMEDOUT':
      return new DatabaseConnectionError(
        `Cannot connect to ${where} (timed out). Is it running and reachable? Check DATABASE_URL.`,
        'timeout',
        { cause: error },
      );
    case '28P01':
    case '28000':
      return new DatabaseConnectionError(
        `${where} rejected user "${user}" (${/does not exist/.test(message) ? 'no such role' : 'authentication failed'}). ` +
          'Check the user and password in DATABASE_URL.',
        'auth',
        { cause: error },
      );
    case '3D000':
      return new DatabaseConnectionError(
        `Database "${database}" does not exist on ${where}. Create it (createdb ${database}) or fix DATABASE_URL.`,
        'missing-database',
        { cause: error },
      );
  }
  if (/timeout/i.test(message)) {
    return new DatabaseConnectionError(
      `Cannot connect to ${where} (timed out). Is it running and reachable? Check DATABASE_URL.`,
      'timeout',
      { cause: error },
    );
  }
  return new DatabaseConnectionError(
    `Cannot use ${where}: ${firstLine(message)}. Check DATABASE_URL.`,
    'other',
    {
      cause: error,
    },
  );
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/\.$/, '');
}

/** Opens a `pg` client on `url`, or throws a one-line `DatabaseConnectionError`. The caller must `end()` it. */
export async function connectClient(url: string, options: { timeoutMs?: number } = {}): Promise<Client> {
  describeDatabaseUrl(url);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: options.timeoutMs ?? 5000 });
  // A server that goes away later must not crash the process with an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toConnectionError(url, error);
  }
  return client;
}

/**
 * Checks that Postgres at `url` is reachable, accepts our credentials and has the database.
 * Resolves when it does; otherwise throws a `DatabaseConnectionError` with a one-line message such as
 * "Cannot connect to Postgres at 127.0.0.1:5999 (connection refused). Is it running? Check DATABASE_URL."
 */
export async function checkDatabase(url: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const client = await connectClient(url, options);
  try {
    await client.query('SELECT 1');
  } catch (error) {
    throw toConnectionError(url, error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
