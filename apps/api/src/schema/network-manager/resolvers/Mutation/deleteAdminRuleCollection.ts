import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteAdminRuleCollection as run } from '../../../../services/network-managers';

export const deleteAdminRuleCollection: MutationResolvers['deleteAdminRuleCollection'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
