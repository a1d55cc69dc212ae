/**
 * The per-request GraphQL context: service dependencies plus fresh DataLoaders (created on first use).
 */
import type { Caller } from './auth/caller';
import type { TokenCache } from './auth/token-cache';
import { createLoaders, type Loaders } from './loaders';
import type { ServiceDeps } from './services/deps';

export interface Context extends ServiceDeps {
  loaders: Loaders;
  /** The authenticated caller (src/auth/authenticate.ts); null when the request carried no valid token. */
  caller: Caller | null;
  /** Why the token could not be checked (e.g. the database is down); reported instead of UNAUTHENTICATED. */
  authFailure?: unknown;
  /** token → caller cache of this server (cleared after every mutation); absent outside a server. */
  tokenCache?: TokenCache;
}

export function createContext(deps: ServiceDeps, caller: Caller | null = null): Context {
  const context = { ...deps, caller } as Context;
  // Created on first use: most requests (verifyFlow, verifyFlows) never touch a DataLoader.
  let loaders: Loaders | undefined;
  Object.defineProperty(context, 'loaders', {
    enumerable: true,
    configurable: true,
    get: () => (loaders ??= createLoaders(deps.prisma)),
    set: (value: Loaders) => {
      loaders = value;
    },
  });
  return context;
}
