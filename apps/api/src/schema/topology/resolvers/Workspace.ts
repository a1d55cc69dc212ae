import type { WorkspaceResolvers } from '../../../generated/graphql';
import { getWorkspaceTopology } from '../../../services/list-resources';

/** The topology module's field on Workspace (the rest of Workspace lives in the workspace module). */
export const Workspace: WorkspaceResolvers = {
  topology: (ws, _args, ctx) => getWorkspaceTopology(ctx, ws.id),
};
