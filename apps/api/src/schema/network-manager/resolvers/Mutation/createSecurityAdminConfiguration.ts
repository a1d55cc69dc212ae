import type { MutationResolvers } from '../../../../generated/graphql';
import { createSecurityAdminConfiguration as run } from '../../../../services/network-managers';

export const createSecurityAdminConfiguration: MutationResolvers['createSecurityAdminConfiguration'] = (
  _p,
  { input },
  ctx,
) => run(ctx, input);
