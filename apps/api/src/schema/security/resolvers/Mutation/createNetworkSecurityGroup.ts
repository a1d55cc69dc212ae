import type { MutationResolvers } from '../../../../generated/graphql';
import { createNetworkSecurityGroup as run } from '../../../../services/network-security-groups';

export const createNetworkSecurityGroup: MutationResolvers['createNetworkSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
