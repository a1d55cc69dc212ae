import type { MutationResolvers } from '../../../../generated/graphql';
import { createVirtualNetwork as run } from '../../../../services/virtual-networks';

export const createVirtualNetwork: MutationResolvers['createVirtualNetwork'] = (_p, { input }, ctx) =>
  run(ctx, input);
