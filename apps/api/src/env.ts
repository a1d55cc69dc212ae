/**
 * The only reader of process.env. Everything else receives an `Env` value.
 */
import path from 'node:path';
import { MAX_TOKEN_LENGTH } from './auth/tokens';

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
  /** Settings that work but deserve a word (main.ts logs each as a warning once the logger exists). */
  warnings: string[];
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

/** Below this many characters a bootstrap token is accepted with a warning (easy to guess). */
export const BOOTSTRAP_TOKEN_ADVISED_LENGTH = 16;

/**
 * FLOWVERIFY_BOOTSTRAP_TOKEN is used exactly as given (nothing trimmed): any value a client can send as
 * `Authorization: Bearer <value>` is accepted. Unset or empty: no bootstrap token. Refused: a value that holds
 * whitespace (only whitespace, or spaces/newlines anywhere — also at the ends, which copy-paste adds by accident) or
 * control characters, because it could never be sent in that header, and more than MAX_TOKEN_LENGTH (8192)
 * characters. Shorter than 16 characters: accepted with a warning.
 */
function readBootstrapToken(raw: string | undefined, warnings: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.trim() === '') {
    throw new EnvError(
      'FLOWVERIFY_BOOTSTRAP_TOKEN is only whitespace; set it to the token value (e.g. `openssl rand -hex 32`) or unset it.',
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(raw)) {
    throw new EnvError(
      'FLOWVERIFY_BOOTSTRAP_TOKEN contains whitespace or control characters, so it could never be sent as ' +
        '"Authorization: Bearer <token>"; remove them (e.g. a trailing newline).',
    );
  }
  if (raw.length > MAX_TOKEN_LENGTH) {
    throw new EnvError(
      `FLOWVERIFY_BOOTSTRAP_TOKEN is ${raw.length} characters; the API checks tokens of at most ${MAX_TOKEN_LENGTH}.`,
    );
  }
  if (raw.length < BOOTSTRAP_TOKEN_ADVISED_LENGTH) {
    warnings.push(
      `FLOWVERIFY_BOOTSTRAP_TOKEN is shorter than ${BOOTSTRAP_TOKEN_ADVISED_LENGTH} characters and grants server admin: ` +
        'fine for tests, easy to guess elsewhere (e.g. `openssl rand -hex 32`).',
    );
  }
  return raw;
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
  const warnings: string[] = [];
  const bootstrapToken = readBootstrapToken(source.FLOWVERIFY_BOOTSTRAP_TOKEN, warnings);
  return {
    databaseUrl: source.DATABASE_URL?.trim() || undefined,
    apiPort: readPort('API_PORT', source.API_PORT, 4000),
    apiHost: source.API_HOST?.trim() || '127.0.0.1',
    webPort: readPort('WEB_PORT', source.WEB_PORT, 3000),
    dataDir: path.resolve(source.FLOWVERIFY_DATA_DIR?.trim() || './.flowverify'),
    pgPoolMax,
    logLevel: logLevel as LogLevel,
    bootstrapToken,
    warnings,
  };
}
