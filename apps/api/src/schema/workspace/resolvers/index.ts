import type { Resolvers } from '../../../generated/graphql';
import { createWorkspace } from './Mutation/createWorkspace';
import { deleteWorkspace } from './Mutation/deleteWorkspace';
import { workspace } from './Query/workspace';
import { workspaces } from './Query/workspaces';
import { Workspace } from './Workspace';

export const workspaceResolvers: Resolvers = {
  Query: { workspaces, workspace },
  Mutation: { createWorkspace, deleteWorkspace },
  Workspace,
};
