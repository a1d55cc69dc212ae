import type { MutationResolvers } from '../../../../generated/graphql';
import { updateVirtualNetworkPeering as run } from '../../../../services/virtual-networks';

export const updateVirtualNetworkPeering: MutationResolvers['updateVirtualNetworkPeering'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
