import type { MutationResolvers } from '../../../../generated/graphql';
import { createAdminRuleCollection as run } from '../../../../services/network-managers';

export const createAdminRuleCollection: MutationResolvers['createAdminRuleCollection'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
