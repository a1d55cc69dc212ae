import type { MutationResolvers } from '../../../../generated/graphql';
import { createApplicationSecurityGroup as run } from '../../../../services/application-security-groups';

export const createApplicationSecurityGroup: MutationResolvers['createApplicationSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
