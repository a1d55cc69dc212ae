import type { MutationResolvers } from '../../../../generated/graphql';
import { updateNetworkSecurityGroup as run } from '../../../../services/network-security-groups';

export const updateNetworkSecurityGroup: MutationResolvers['updateNetworkSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
