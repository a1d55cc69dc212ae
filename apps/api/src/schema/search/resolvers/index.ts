import type { Resolvers } from '../../../generated/graphql';
import { IpOwner } from './IpOwner';
import { ipOwner } from './Query/ipOwner';
import { resourceByArmId } from './Query/resourceByArmId';
import { searchResources } from './Query/searchResources';

export const searchResolvers: Resolvers = {
  Query: { resourceByArmId, ipOwner, searchResources },
  IpOwner,
};
