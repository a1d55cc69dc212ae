import type { QueryResolvers } from '../../../../generated/graphql';
import { listAuditEntries } from '../../../../services/audit';
import { requireWorkspace } from '../../../../services/workspaces';

export const auditEntries: QueryResolvers['auditEntries'] = async (_p, args, ctx) => {
  const ws = await requireWorkspace(ctx, args.workspace);
  const page = await listAuditEntries(ctx, ws.id, args, args);
  return {
    ...page,
    edges: page.edges.map(({ cursor, node: r }) => ({
      cursor,
      node: {
        id: r.id,
        at: r.at.toISOString(),
        workspace: r.workspaceName,
        actorName: r.actorName,
        action: r.action,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        resourceArmId: r.resourceArmId,
        before: r.before,
        after: r.after,
        details: r.details,
      },
    })),
  };
};
