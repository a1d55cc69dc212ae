import type { DraftResolvers } from '../../../generated/graphql';
import { getDraftCheckRun } from '../../../services/check-run';
import { getDraftChanges } from '../../../services/draft-workspaces';

export const Draft: DraftResolvers = {
  name: (d) => d.draftName ?? d.name,
  workspaceName: (d) => d.name,
  baseWorkspace: async (d, _a, ctx) =>
    ctx.prisma.workspace.findUniqueOrThrow({ where: { id: d.baseWorkspaceId! } }),
  baseVersion: (d) => d.baseVersion ?? 0,
  baseCurrentVersion: async (d, _a, ctx) =>
    (
      await ctx.prisma.workspace.findUniqueOrThrow({
        where: { id: d.baseWorkspaceId! },
        select: { version: true },
      })
    ).version,
  modelVersion: (d) => d.version,
  createdAt: (d) => d.createdAt.toISOString(),
  createdBy: async (d, _a, ctx) =>
    d.createdByUserId
      ? ((await ctx.prisma.user.findUnique({ where: { id: d.createdByUserId }, select: { name: true } }))
          ?.name ?? null)
      : null,
  changes: (d, _a, ctx) => getDraftChanges(ctx, d),
  checkRun: (d, _a, ctx) => getDraftCheckRun(ctx, d),
};
