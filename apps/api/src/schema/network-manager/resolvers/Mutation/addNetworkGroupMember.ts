import type { MutationResolvers } from '../../../../generated/graphql';
import { addNetworkGroupMember as run } from '../../../../services/network-managers';

export const addNetworkGroupMember: MutationResolvers['addNetworkGroupMember'] = (_p, { input }, ctx) =>
  run(ctx, input);
