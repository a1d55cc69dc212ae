import type { CheckRunResolvers } from '../../../generated/graphql';
import type { CheckResult } from '../../../services/check-run';

export const CheckRun: CheckRunResolvers = {
  workspaceName: async (r, _a, ctx) =>
    (await ctx.prisma.workspace.findUniqueOrThrow({ where: { id: r.workspaceId }, select: { name: true } }))
      .name,
  trigger: (r) => r.trigger.toUpperCase() as 'MANUAL' | 'IMPORT' | 'MUTATION' | 'DRAFT' | 'CLI',
  at: (r) => r.at.toISOString(),
  results: (r) => r.results as unknown as CheckResult[],
};
