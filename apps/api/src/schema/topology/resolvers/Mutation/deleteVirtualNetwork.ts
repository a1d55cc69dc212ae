import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteVirtualNetwork as run } from '../../../../services/virtual-networks';

export const deleteVirtualNetwork: MutationResolvers['deleteVirtualNetwork'] = (_p, { input }, ctx) =>
  run(ctx, input);
