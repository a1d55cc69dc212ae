import type { MutationResolvers } from '../../../../generated/graphql';
import { createSecurityRule as run } from '../../../../services/network-security-groups';

export const createSecurityRule: MutationResolvers['createSecurityRule'] = (_p, { input }, ctx) =>
  run(ctx, input);
