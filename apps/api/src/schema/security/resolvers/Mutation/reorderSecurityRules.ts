import type { MutationResolvers } from '../../../../generated/graphql';
import { reorderSecurityRules as run } from '../../../../services/network-security-groups';

export const reorderSecurityRules: MutationResolvers['reorderSecurityRules'] = (_p, { input }, ctx) =>
  run(ctx, input);
