import type { QueryResolvers } from '../../../../generated/graphql';
import { toConnection, toWindow } from '../../../../paging';
import { listWorkspaces } from '../../../../services/workspaces';

export const workspaces: QueryResolvers['workspaces'] = async (_p, args, ctx) => {
  const window = toWindow(args);
  const { rows, total } = await listWorkspaces(ctx, window);
  return toConnection(rows, total, window);
};
