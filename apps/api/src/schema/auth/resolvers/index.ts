import type { Resolvers } from '../../../generated/graphql';
import { addWorkspaceMember } from './Mutation/addWorkspaceMember';
import { createApiToken } from './Mutation/createApiToken';
import { createUser } from './Mutation/createUser';
import { removeWorkspaceMember } from './Mutation/removeWorkspaceMember';
import { revokeApiToken } from './Mutation/revokeApiToken';
import { apiTokens } from './Query/apiTokens';
import { me } from './Query/me';
import { users } from './Query/users';
import { workspaceMembers } from './Query/workspaceMembers';

export const authResolvers: Resolvers = {
  Query: { me, apiTokens, users, workspaceMembers },
  Mutation: { createApiToken, revokeApiToken, createUser, addWorkspaceMember, removeWorkspaceMember },
};
