import type { MutationResolvers } from '../../../../generated/graphql';
import { createUser as create } from '../../../../services/users';
import { toUser } from '../shape';

export const createUser: MutationResolvers['createUser'] = async (_p, { input }, ctx) => ({
  user: toUser(await create(ctx, input)),
});
