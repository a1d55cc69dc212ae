import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteNetworkInterface as run } from '../../../../services/network-interfaces';

export const deleteNetworkInterface: MutationResolvers['deleteNetworkInterface'] = (_p, { input }, ctx) =>
  run(ctx, input);
