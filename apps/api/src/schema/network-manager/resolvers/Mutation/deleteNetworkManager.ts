import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteNetworkManager as run } from '../../../../services/network-managers';

export const deleteNetworkManager: MutationResolvers['deleteNetworkManager'] = (_p, { input }, ctx) =>
  run(ctx, input);
