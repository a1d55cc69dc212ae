import type { MutationResolvers } from '../../../../generated/graphql';
import { updateNetworkInterface as run } from '../../../../services/network-interfaces';

export const updateNetworkInterface: MutationResolvers['updateNetworkInterface'] = (_p, { input }, ctx) =>
  run(ctx, input);
