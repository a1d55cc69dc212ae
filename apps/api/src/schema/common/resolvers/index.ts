import type { Resolvers } from '../../../generated/graphql';
import { AzureResource } from './AzureResource';
import { Issue } from './Issue';
import { JSON } from './JSON';

/** Bumped with apps/api/package.json. */
export const API_VERSION = '0.1.0';

export const commonResolvers: Resolvers = {
  JSON,
  AzureResource,
  Issue,
  Query: { apiVersion: () => API_VERSION },
};
