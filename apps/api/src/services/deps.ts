import type { Caller } from '../auth/caller';
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import type { VerifierCache } from './verifier-cache';

/** What services need: the database, the compiled-policy cache, a logger. No GraphQL. */
export interface ServiceDeps {
  prisma: PrismaClient;
  cache: VerifierCache;
  logger: Logger;
  /** Who is calling (null: not signed in; absent: internal code such as the demo seed). */
  caller?: Caller | null;
  /** The mutation being run (field name and arguments), for the audit history. */
  operation?: { field: string; args: Record<string, unknown> };
}
