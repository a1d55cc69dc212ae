import type { MutationResolvers } from '../../../../generated/graphql';
import { associateNetworkSecurityGroup as run } from '../../../../services/network-security-groups';

export const associateNetworkSecurityGroup: MutationResolvers['associateNetworkSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
