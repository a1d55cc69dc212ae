/**
 * The errors this package throws on purpose. Each message is one line that says what went wrong and how to fix it,
 * so a CLI or server can print `err.message` as is. The underlying error, when there is one, is in `cause`.
 */

/** The embedded database could not start (data folder unwritable, already in use, corrupt …). */
export class DatabaseStartError extends Error {
  override readonly name = 'DatabaseStartError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type DatabaseConnectionFailure =
  'invalid-url' | 'unreachable' | 'auth' | 'missing-database' | 'timeout' | 'other';

/** Postgres could not be reached or refused us. `reason` tells which, for callers that want to branch. */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';
  constructor(
    message: string,
    readonly reason: DatabaseConnectionFailure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A migration could not be applied (its transaction was rolled back), or the applied history does not fit. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    message: string,
    readonly migrationName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
