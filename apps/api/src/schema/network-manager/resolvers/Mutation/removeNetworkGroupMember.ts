import type { MutationResolvers } from '../../../../generated/graphql';
import { removeNetworkGroupMember as run } from '../../../../services/network-managers';

export const removeNetworkGroupMember: MutationResolvers['removeNetworkGroupMember'] = (_p, { input }, ctx) =>
  run(ctx, input);
