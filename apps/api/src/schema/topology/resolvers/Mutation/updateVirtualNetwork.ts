import type { MutationResolvers } from '../../../../generated/graphql';
import { updateVirtualNetwork as run } from '../../../../services/virtual-networks';

export const updateVirtualNetwork: MutationResolvers['updateVirtualNetwork'] = (_p, { input }, ctx) =>
  run(ctx, input);
