import type { MutationResolvers } from '../../../../generated/graphql';
import { createNetworkGroup as run } from '../../../../services/network-managers';

export const createNetworkGroup: MutationResolvers['createNetworkGroup'] = (_p, { input }, ctx) =>
  run(ctx, input);
