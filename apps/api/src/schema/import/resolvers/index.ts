import type { Resolvers } from '../../../generated/graphql';
import { importAzureResources } from './Mutation/importAzureResources';
import { exportAzureResources } from './Query/exportAzureResources';

export const importResolvers: Resolvers = {
  Mutation: { importAzureResources },
  Query: { exportAzureResources },
};
