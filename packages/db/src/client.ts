import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { isEmbeddedUrl } from './embedded';

export interface CreatePrismaOptions {
  /** pg pool size. Default: 1 for an embedded database started in this process, else `PG_POOL_MAX`, else 10. */
  poolMax?: number;
}

/**
 * The one place that creates a Prisma client: the JS query engine over `pg` through `@prisma/adapter-pg`.
 * `url` defaults to `DATABASE_URL`. Against embedded PGlite use a pool of one (stack.md §4.5): this happens by itself
 * for servers started by {@link startEmbeddedPostgres} in this process; otherwise pass `poolMax: 1`.
 * Does not connect until the first query; call `$disconnect()` when done.
 */
export function createPrisma(
  url: string | undefined = process.env.DATABASE_URL,
  options: CreatePrismaOptions = {},
): PrismaClient {
  if (!url) {
    throw new Error('No database URL: pass one to createPrisma() or set DATABASE_URL.');
  }
  const max = options.poolMax ?? (isEmbeddedUrl(url) ? 1 : (poolMaxFromEnv() ?? 10));
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}

function poolMaxFromEnv(): number | undefined {
  const value = Number(process.env.PG_POOL_MAX);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
