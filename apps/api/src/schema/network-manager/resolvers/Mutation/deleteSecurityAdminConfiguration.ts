import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteSecurityAdminConfiguration as run } from '../../../../services/network-managers';

export const deleteSecurityAdminConfiguration: MutationResolvers['deleteSecurityAdminConfiguration'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
