import type { WorkspaceResolvers } from '../../../generated/graphql';
import { sliceConnection, toConnection, toWindow } from '../../../paging';
import {
  getWorkspaceStats,
  listWorkspaceResources,
  type WorkspaceLists,
} from '../../../services/list-resources';

const list =
  <K extends keyof WorkspaceLists>(kind: K) =>
  async (
    ws: { id: string },
    args: { first?: number | null; after?: string | null },
    ctx: Parameters<typeof listWorkspaceResources>[0],
  ) => {
    const window = toWindow(args);
    const { rows, total } = await listWorkspaceResources(ctx, kind, ws.id, window);
    return toConnection(rows, total, window);
  };

export const Workspace: WorkspaceResolvers = {
  modelVersion: (ws) => ws.version,
  createdAt: (ws) => ws.createdAt.toISOString(),
  updatedAt: (ws) => ws.updatedAt.toISOString(),
  virtualNetworks: list('virtualNetworks'),
  networkSecurityGroups: list('networkSecurityGroups'),
  applicationSecurityGroups: list('applicationSecurityGroups'),
  networkInterfaces: list('networkInterfaces'),
  virtualMachines: list('virtualMachines'),
  networkManagers: list('networkManagers'),
  serviceTags: list('serviceTags'),
  stats: (ws, _args, ctx) => getWorkspaceStats(ctx, ws.id),
  modelIssues: async (ws, args, ctx) => {
    const compiled = await ctx.cache.get(ws.id, ws.version);
    return sliceConnection(
      compiled.issues.map((i) => ({ ...i, severity: i.severity ?? 'error' })),
      args,
    );
  },
};
