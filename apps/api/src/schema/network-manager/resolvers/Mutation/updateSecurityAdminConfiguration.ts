import type { MutationResolvers } from '../../../../generated/graphql';
import { updateSecurityAdminConfiguration as run } from '../../../../services/network-managers';

export const updateSecurityAdminConfiguration: MutationResolvers['updateSecurityAdminConfiguration'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
