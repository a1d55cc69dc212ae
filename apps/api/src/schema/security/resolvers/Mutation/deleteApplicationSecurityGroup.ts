import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteApplicationSecurityGroup as run } from '../../../../services/application-security-groups';

export const deleteApplicationSecurityGroup: MutationResolvers['deleteApplicationSecurityGroup'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
