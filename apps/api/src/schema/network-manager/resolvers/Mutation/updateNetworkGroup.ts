import type { MutationResolvers } from '../../../../generated/graphql';
import { updateNetworkGroup as run } from '../../../../services/network-managers';

export const updateNetworkGroup: MutationResolvers['updateNetworkGroup'] = (_p, { input }, ctx) =>
  run(ctx, input);
