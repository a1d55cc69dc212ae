import type { MutationResolvers } from '../../../../generated/graphql';
import { updateAdminRuleCollection as run } from '../../../../services/network-managers';

export const updateAdminRuleCollection: MutationResolvers['updateAdminRuleCollection'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
