import type { MutationResolvers } from '../../../../generated/graphql';
import { updateSecurityRule as run } from '../../../../services/network-security-groups';

export const updateSecurityRule: MutationResolvers['updateSecurityRule'] = (_p, { input }, ctx) =>
  run(ctx, input);
