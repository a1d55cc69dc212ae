import type { MutationResolvers } from '../../../../generated/graphql';
import { updateApplicationSecurityGroup as run } from '../../../../services/application-security-groups';

export const updateApplicationSecurityGroup: MutationResolvers['updateApplicationSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
