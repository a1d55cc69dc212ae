/**
 * The audit history: `recordAudit(tx, deps, entry)` writes one append-only row inside the caller's transaction
 * (so the history and the change commit or roll back together); `listAuditEntries` reads it newest first.
 * writeWorkspace calls recordAudit for every modelling write; imports, drafts and memberships call it directly.
 */
import type { Prisma, Tx } from '../db';
import { badInput } from '../errors';
import type { ServiceDeps } from './deps';

/** Writes made by internal code (demo seed, direct service calls) are attributed to this actor. */
export const SYSTEM_ACTOR = { userId: '00000000-0000-0000-0000-000000000000', name: 'system' };

export interface AuditInput {
  workspaceId: string;
  workspaceName: string;
  /** Defaults to the running mutation's field name (e.g. `updateSecurityRule`). */
  action?: string;
  resourceType: string;
  resourceId?: string | null;
  resourceArmId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

/** Rows → plain JSON (dates as ISO strings); undefined → SQL NULL. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

export async function recordAudit(
  tx: Tx,
  deps: Pick<ServiceDeps, 'caller' | 'operation'>,
  entry: AuditInput,
): Promise<void> {
  const actor = deps.caller ? { userId: deps.caller.userId, name: deps.caller.userName } : SYSTEM_ACTOR;
  await tx.auditEntry.create({
    data: {
      workspaceId: entry.workspaceId,
      workspaceName: entry.workspaceName,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: entry.action ?? deps.operation?.field ?? 'write',
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      resourceArmId: entry.resourceArmId ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
      details: toJson(entry.details),
    },
  });
}

function parseTime(value: string | null | undefined, field: string): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw badInput('InvalidTime', `${field} must be an ISO 8601 time.`, { field });
  return d;
}

export async function listAuditEntries(
  deps: ServiceDeps,
  workspaceId: string,
  filter: {
    resourceId?: string | null;
    armId?: string | null;
    actorName?: string | null;
    from?: string | null;
    to?: string | null;
  },
  window: { skip: number; take: number },
) {
  const from = parseTime(filter.from, 'from');
  const to = parseTime(filter.to, 'to');
  const where: Prisma.AuditEntryWhereInput = {
    workspaceId,
    ...(filter.resourceId ? { resourceId: filter.resourceId } : {}),
    ...(filter.armId ? { resourceArmId: { equals: filter.armId, mode: 'insensitive' } } : {}),
    ...(filter.actorName ? { actorName: { equals: filter.actorName, mode: 'insensitive' } } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.prisma.auditEntry.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: window.skip,
      take: window.take,
    }),
    deps.prisma.auditEntry.count({ where }),
  ]);
  return { rows, total };
}
