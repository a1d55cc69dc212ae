import type { MutationResolvers } from '../../../../generated/graphql';
import { removeApplicationSecurityGroupMember as run } from '../../../../services/application-security-groups';

export const removeApplicationSecurityGroupMember: MutationResolvers['removeApplicationSecurityGroupMember'] =
  (_p, { input }, ctx) => run(ctx, input);
