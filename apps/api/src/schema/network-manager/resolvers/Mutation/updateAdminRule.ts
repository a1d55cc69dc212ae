import type { MutationResolvers } from '../../../../generated/graphql';
import { updateAdminRule as run } from '../../../../services/network-managers';

export const updateAdminRule: MutationResolvers['updateAdminRule'] = (_p, { input }, ctx) => run(ctx, input);
