import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteNetworkGroup as run } from '../../../../services/network-managers';

export const deleteNetworkGroup: MutationResolvers['deleteNetworkGroup'] = (_p, { input }, ctx) =>
  run(ctx, input);
