import type { MutationResolvers } from '../../../../generated/graphql';
import { dissociateNetworkSecurityGroup as run } from '../../../../services/network-security-groups';

export const dissociateNetworkSecurityGroup: MutationResolvers['dissociateNetworkSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
