/**
 * The only reader of process.env. Everything else receives an `Env` value.
 */
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Env {
  /** A postgres:// URL; when absent the API starts the embedded Postgres (PGlite) on `dataDir`. */
  databaseUrl: string | undefined;
  apiPort: number;
  /** Interface the API listens on (`API_HOST`, default 127.0.0.1; 0.0.0.0 in containers). */
  apiHost: string;
  webPort: number;
  /** Data folder of the embedded Postgres. */
  dataDir: string;
  /** pg pool size; forced to 1 on the embedded database. */
  pgPoolMax: number | undefined;
  logLevel: LogLevel;
  /**
   * FLOWVERIFY_BOOTSTRAP_TOKEN: a server-admin token with exactly this value exists once the API is up
   * (automation, first start). Unset: see src/auth/bootstrap.ts for the startup sign-in token.
   */
  bootstrapToken: string | undefined;
}

export class EnvError extends Error {}

function readPort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 0 || n > 65535) {
    throw new EnvError(`${name}="${raw}" is not a port number (0-65535); set it to e.g. ${fallback}.`);
  }
  return n;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const logLevel = (source.LOG_LEVEL ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new EnvError(`LOG_LEVEL="${source.LOG_LEVEL}" must be one of debug, info, warn, error, silent.`);
  }
  let pgPoolMax: number | undefined;
  if (source.PG_POOL_MAX) {
    pgPoolMax = Number(source.PG_POOL_MAX);
    if (!Number.isInteger(pgPoolMax) || pgPoolMax < 1) {
      throw new EnvError(`PG_POOL_MAX="${source.PG_POOL_MAX}" must be a positive integer, e.g. 10.`);
    }
  }
  const bootstrapToken = source.FLOWVERIFY_BOOTSTRAP_TOKEN?.trim() || undefined;
  if (
    bootstrapToken &&
    (bootstrapToken.length < 16 || bootstrapToken.length > 200 || /\s/.test(bootstrapToken))
  ) {
    throw new EnvError(
      'FLOWVERIFY_BOOTSTRAP_TOKEN must be 16-200 characters without spaces (e.g. `openssl rand -hex 32`).',
    );
  }
  return {
    databaseUrl: source.DATABASE_URL?.trim() || undefined,
    apiPort: readPort('API_PORT', source.API_PORT, 4000),
    apiHost: source.API_HOST?.trim() || '127.0.0.1',
    webPort: readPort('WEB_PORT', source.WEB_PORT, 3000),
    dataDir: path.resolve(source.FLOWVERIFY_DATA_DIR?.trim() || './.flowverify'),
    pgPoolMax,
    logLevel: logLevel as LogLevel,
    bootstrapToken,
  };
}
