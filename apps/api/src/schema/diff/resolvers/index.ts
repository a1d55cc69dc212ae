import type { Resolvers } from '../../../generated/graphql';
import { flowDiff } from './Query/flowDiff';

export const diffResolvers: Resolvers = {
  Query: { flowDiff },
};
