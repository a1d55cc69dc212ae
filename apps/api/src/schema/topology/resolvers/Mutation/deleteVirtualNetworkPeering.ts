import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteVirtualNetworkPeering as run } from '../../../../services/virtual-networks';

export const deleteVirtualNetworkPeering: MutationResolvers['deleteVirtualNetworkPeering'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
