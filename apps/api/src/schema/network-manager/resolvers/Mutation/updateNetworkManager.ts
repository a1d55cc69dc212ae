import type { MutationResolvers } from '../../../../generated/graphql';
import { updateNetworkManager as run } from '../../../../services/network-managers';

export const updateNetworkManager: MutationResolvers['updateNetworkManager'] = (_p, { input }, ctx) =>
  run(ctx, input);
