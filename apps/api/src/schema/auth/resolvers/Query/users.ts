import type { QueryResolvers } from '../../../../generated/graphql';
import { listUsers } from '../../../../services/users';
import { toUser } from '../shape';

export const users: QueryResolvers['users'] = async (_p, _a, ctx) => (await listUsers(ctx)).map(toUser);
