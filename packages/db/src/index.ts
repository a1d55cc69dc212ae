/**
 * @flowverify/db: the one Prisma client factory, the embedded Postgres launcher, the migration runner and the
 * connection check. Test helpers live in `@flowverify/db/testing`.
 */
export * from './generated/prisma/client';
export { createPrisma, type CreatePrismaOptions } from './client';
export {
  getConstraintViolation,
  type ConstraintViolation,
  type ConstraintViolationKind,
} from './constraint-violation';
export { checkDatabase, describeDatabaseUrl } from './connection';
export {
  CHANGE_CHANNELS,
  startChangeFeed,
  type ChangeFeed,
  type ChangeFeedEvent,
  type ChangeFeedOptions,
} from './change-feed';
export {
  defaultDataDir,
  IN_MEMORY,
  isEmbeddedUrl,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded';
export {
  DatabaseConnectionError,
  DatabaseStartError,
  MigrationError,
  type DatabaseConnectionFailure,
} from './errors';
export {
  findMigrationsDir,
  migrate,
  readMigrations,
  type MigrateOptions,
  type MigrateResult,
  type MigrationFile,
} from './migrate';
