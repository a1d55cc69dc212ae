/**
 * The audit history: `recordAudit(tx, deps, entry)` writes one append-only row inside the caller's transaction
 * (so the history and the change commit or roll back together); `listAuditEntries` reads it newest first.
 * writeWorkspace calls recordAudit for every modelling write; imports, drafts and memberships call it directly.
 *
 * Each entry also records the ARM ids it is about (`audit_entry_arm_id`, lower-cased): its resource's, every ARM
 * id the mutation's input names (associating an NSG names the subnet), and `relatedArmIds` (a draft apply's
 * changes). `armIdPrefix` filters on them: a resource and its children, on ARM-id segment boundaries.
 */
import type { Prisma, Tx } from '../db';
import type { AuditEntry } from '@flowverify/db';
import { badInput } from '../errors';
import { decodeCursor, toWindow, type Connection, type PageArgs } from '../paging';
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
  /** More ARM ids the entry is about (besides `resourceArmId` and those in `details.input`). */
  relatedArmIds?: readonly string[];
}

const ARM_ID = /^\/subscriptions\//i;

/** Every string in `value` (any depth) that is an ARM id. */
function armIdsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (ARM_ID.test(value)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) armIdsIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) armIdsIn(v, out);
  }
  return out;
}

/** The lower-cased, de-duplicated ARM ids an entry is about. */
export function auditArmIds(entry: AuditInput): string[] {
  const input = (entry.details as { input?: unknown } | null | undefined)?.input;
  const ids = [entry.resourceArmId, ...(entry.relatedArmIds ?? []), ...armIdsIn(input)];
  return [...new Set(ids.filter((id): id is string => !!id).map((id) => id.toLowerCase()))];
}

/**
 * `armIdPrefix` as stored (lower-cased, no trailing `/`). Null when it is not an ARM id (must start with `/`).
 */
export function normalizeArmIdPrefix(prefix: string): string | null {
  const p = prefix.trim().toLowerCase().replace(/\/+$/, '');
  return p.startsWith('/') && p.length > 1 ? p : null;
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
  const { id } = await tx.auditEntry.create({
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
    select: { id: true },
  });
  // One statement whatever the count (an import or a draft apply may name tens of thousands): the ids as one array.
  const armIds = auditArmIds(entry);
  if (armIds.length > 0) {
    await tx.$executeRaw`INSERT INTO audit_entry_arm_id (audit_entry_id, workspace_id, arm_id)
      SELECT ${id}::uuid, ${entry.workspaceId}::uuid, unnest(${armIds}::text[])
      ON CONFLICT DO NOTHING`;
  }
}

function parseTime(value: string | null | undefined, field: string): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw badInput('InvalidTime', `${field} must be an ISO 8601 time.`, { field });
  return d;
}

/** Where a page of rows ordered by (at, id) descending starts: after the row a keyset cursor names, or at an offset. */
export type KeysetPosition = { at: Date; id: string } | { skip: number };

/** A cursor naming one row: the next page starts right after it, however many rows were recorded since. */
const encodeKeysetCursor = (row: { at: Date; id: string }): string =>
  Buffer.from(`a:${row.at.getTime()}:${row.id}`).toString('base64url');

/** `after` → where the page starts. Offset cursors (`o:<n>`) still work; anything else is InvalidCursor. */
export function decodeKeysetCursor(cursor: string | null | undefined): KeysetPosition {
  if (!cursor) return { skip: 0 };
  const m = /^a:(\d{1,15}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  return m ? { at: new Date(Number(m[1])), id: m[2]! } : { skip: decodeCursor(cursor) + 1 };
}

/** The rows after `position` in (at desc, id desc) order, as a where clause; null for an offset position. */
export function keysetAfter(position: KeysetPosition) {
  return 'skip' in position
    ? null
    : { OR: [{ at: { lt: position.at } }, { at: position.at, id: { lt: position.id } }] };
}

/**
 * The connection of one page: `rows` were read from `position` ordered by (at desc, id desc), `take + 1` of them
 * (the extra row only tells that a next page exists).
 */
export function keysetConnection<T extends { at: Date; id: string }>(
  rows: T[],
  take: number,
  position: KeysetPosition,
  total: number,
): Connection<T> {
  const edges = rows.slice(0, take).map((node) => ({ cursor: encodeKeysetCursor(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > take,
      hasPreviousPage: 'skip' in position ? position.skip > 0 : true,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: total,
  };
}

/**
 * One page of the workspace's history, newest first. Paged by keyset — the cursor names an entry (its time and id)
 * and the next page holds the entries ordered after it — so entries written while a client pages through (they land
 * on top) neither repeat nor push entries off the page it asks for next. `totalCount` counts every matching entry.
 */
export async function listAuditEntries(
  deps: ServiceDeps,
  workspaceId: string,
  filter: {
    resourceId?: string | null;
    armId?: string | null;
    armIdPrefix?: string | null;
    actorName?: string | null;
    from?: string | null;
    to?: string | null;
  },
  page: PageArgs,
): Promise<Connection<AuditEntry>> {
  const take = toWindow({ first: page.first }).take;
  const position = decodeKeysetCursor(page.after);
  const where = auditWhere(workspaceId, filter);
  const after = keysetAfter(position);
  const [rows, total] = await Promise.all([
    deps.prisma.auditEntry.findMany({
      where: after ? { AND: [where, after] } : where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: 'skip' in position ? position.skip : 0,
      take: take + 1,
    }),
    deps.prisma.auditEntry.count({ where }),
  ]);
  return keysetConnection(rows, take, position, total);
}

function auditWhere(
  workspaceId: string,
  filter: Parameters<typeof listAuditEntries>[2],
): Prisma.AuditEntryWhereInput {
  const from = parseTime(filter.from, 'from');
  const to = parseTime(filter.to, 'to');
  if (from && to && to < from) {
    throw badInput(
      'InvalidTime',
      `to (${to.toISOString()}) is before from (${from.toISOString()}): the range holds no time.`,
      { field: 'to' },
    );
  }
  const prefix = filter.armIdPrefix == null ? null : normalizeArmIdPrefix(filter.armIdPrefix);
  if (filter.armIdPrefix != null && !prefix) {
    throw badInput(
      'InvalidArmIdPrefix',
      'armIdPrefix must be an ARM id (or its start), e.g. /subscriptions/….',
      {
        field: 'armIdPrefix',
      },
    );
  }
  return {
    workspaceId,
    // The id GraphQL hands out (the ARM id of an ARM resource, any case) or our own id of the resource.
    ...(filter.resourceId
      ? {
          OR: [
            { resourceId: filter.resourceId },
            { resourceArmId: { equals: filter.resourceId, mode: 'insensitive' } },
          ],
        }
      : {}),
    ...(filter.armId ? { resourceArmId: { equals: filter.armId, mode: 'insensitive' } } : {}),
    // The resource itself or anything under it: `prefix` exactly, or `prefix/…` ('0' is the byte after '/';
    // the column is COLLATE "C", so this is a range scan of the (workspace_id, arm_id) index).
    ...(prefix
      ? {
          armIds: {
            some: {
              workspaceId,
              OR: [{ armId: prefix }, { armId: { gte: `${prefix}/`, lt: `${prefix}0` } }],
            },
          },
        }
      : {}),
    ...(filter.actorName ? { actorName: { equals: filter.actorName, mode: 'insensitive' } } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
  };
}
