import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteNetworkSecurityGroup as run } from '../../../../services/network-security-groups';

export const deleteNetworkSecurityGroup: MutationResolvers['deleteNetworkSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
