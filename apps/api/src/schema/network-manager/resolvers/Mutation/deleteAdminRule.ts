import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteAdminRule as run } from '../../../../services/network-managers';

export const deleteAdminRule: MutationResolvers['deleteAdminRule'] = (_p, { input }, ctx) => run(ctx, input);
