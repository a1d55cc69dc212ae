import type { MutationResolvers } from '../../../../generated/graphql';
import { addApplicationSecurityGroupMember as run } from '../../../../services/application-security-groups';

export const addApplicationSecurityGroupMember: MutationResolvers['addApplicationSecurityGroupMember'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
