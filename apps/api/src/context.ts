/**
 * The per-request GraphQL context: service dependencies plus fresh DataLoaders.
 */
import type { Caller } from './auth/caller';
import { createLoaders, type Loaders } from './loaders';
import type { ServiceDeps } from './services/deps';

export interface Context extends ServiceDeps {
  loaders: Loaders;
  /** The authenticated caller (src/auth/authenticate.ts); null when the request carried no valid token. */
  caller: Caller | null;
  /** Why the token could not be checked (e.g. the database is down); reported instead of UNAUTHENTICATED. */
  authFailure?: unknown;
}

export function createContext(deps: ServiceDeps, caller: Caller | null = null): Context {
  return { ...deps, loaders: createLoaders(deps.prisma), caller };
}
