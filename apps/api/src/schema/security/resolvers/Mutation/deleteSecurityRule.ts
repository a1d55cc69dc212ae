import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteSecurityRule as run } from '../../../../services/network-security-groups';

export const deleteSecurityRule: MutationResolvers['deleteSecurityRule'] = (_p, { input }, ctx) =>
  run(ctx, input);
