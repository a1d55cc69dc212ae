import type { QueryResolvers } from '../../../../generated/graphql';
import { toConnection, toWindow } from '../../../../paging';
import { listAuditEntries } from '../../../../services/audit';
import { requireWorkspace } from '../../../../services/workspaces';

export const auditEntries: QueryResolvers['auditEntries'] = async (_p, args, ctx) => {
  const ws = await requireWorkspace(ctx, args.workspace);
  const window = toWindow(args);
  const { rows, total } = await listAuditEntries(ctx, ws.id, args, window);
  return toConnection(
    rows.map((r) => ({
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
    })),
    total,
    window,
  );
};
