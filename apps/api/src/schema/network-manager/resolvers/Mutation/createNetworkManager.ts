import type { MutationResolvers } from '../../../../generated/graphql';
import { createNetworkManager as run } from '../../../../services/network-managers';

export const createNetworkManager: MutationResolvers['createNetworkManager'] = (_p, { input }, ctx) =>
  run(ctx, input);
