import type { MutationResolvers } from '../../../../generated/graphql';
import { createNetworkInterface as run } from '../../../../services/network-interfaces';

export const createNetworkInterface: MutationResolvers['createNetworkInterface'] = (_p, { input }, ctx) =>
  run(ctx, input);
