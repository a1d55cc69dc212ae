import type { AzureResourceResolvers } from '../../../generated/graphql';

/** Rows reaching the interface are tagged with `__typename` (see loaders.ts TaggedResource). */
export const AzureResource: AzureResourceResolvers = {
  __resolveType: (obj) => (obj as unknown as { __typename: never }).__typename,
};
