import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import type { VerifierCache } from './verifier-cache';

/** What services need: the database, the compiled-policy cache, a logger. No GraphQL. */
export interface ServiceDeps {
  prisma: PrismaClient;
  cache: VerifierCache;
  logger: Logger;
}
