import type { MutationResolvers } from '../../../../generated/graphql';
import { deployNetworkManagerConfigurations as run } from '../../../../services/network-managers';

export const deployNetworkManagerConfigurations: MutationResolvers['deployNetworkManagerConfigurations'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
