/**
 * The per-request GraphQL context: service dependencies plus fresh DataLoaders.
 */
import { createLoaders, type Loaders } from './loaders';
import type { ServiceDeps } from './services/deps';

export interface Context extends ServiceDeps {
  loaders: Loaders;
}

export function createContext(deps: ServiceDeps): Context {
  return { ...deps, loaders: createLoaders(deps.prisma) };
}
