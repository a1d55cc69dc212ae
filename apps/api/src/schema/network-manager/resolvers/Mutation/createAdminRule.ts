import type { MutationResolvers } from '../../../../generated/graphql';
import { createAdminRule as run } from '../../../../services/network-managers';

export const createAdminRule: MutationResolvers['createAdminRule'] = (_p, { input }, ctx) => run(ctx, input);
