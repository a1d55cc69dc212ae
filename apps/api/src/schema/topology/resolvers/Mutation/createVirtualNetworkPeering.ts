import type { MutationResolvers } from '../../../../generated/graphql';
import { createVirtualNetworkPeering as run } from '../../../../services/virtual-networks';

export const createVirtualNetworkPeering: MutationResolvers['createVirtualNetworkPeering'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
