/**
 * Workspace members and their roles (reader, editor, admin). A draft has no members of its own: its base's apply.
 * Changes are recorded in the audit history, in the same transaction.
 *
 * Optimistic concurrency as for modelling writes: a role change or removal may send the member's `expectedVersion`;
 * it is compared after the member row is locked (`FOR UPDATE`), so of concurrent writers holding the same version
 * exactly one wins and the others get CONFLICT (reason VersionMismatch, `currentVersion`, `current`). Without it the
 * write is unconditional, as before.
 */
import { baseWorkspaceName, type Role } from '../auth/caller';
import type { WorkspaceMember } from '@flowverify/db';
import type { Tx } from '../db';
import { conflict, notFound } from '../errors';
import { recordAudit } from './audit';
import type { ServiceDeps } from './deps';
import { findUserByName } from './users';
import { DEFAULT_WORKSPACE } from './workspaces';

async function requireLiveWorkspace(deps: ServiceDeps, name: string | null | undefined) {
  const wsName = baseWorkspaceName(name ?? DEFAULT_WORKSPACE);
  const ws = await deps.prisma.workspace.findUnique({ where: { name: wsName } });
  if (!ws) throw notFound('Workspace', wsName, 'workspace');
  return ws;
}

export async function listWorkspaceMembers(deps: ServiceDeps, workspace: string | null | undefined) {
  const ws = await requireLiveWorkspace(deps, workspace);
  const rows = await deps.prisma.workspaceMember.findMany({
    where: { workspaceId: ws.id },
    include: { user: true },
    orderBy: [{ user: { name: 'asc' } }],
  });
  return rows.map((r) => ({ ...r, workspaceName: ws.name }));
}

/**
 * Creates the member row of (workspace, user) with `role` unless it exists; true when this call created it. A
 * concurrent adder's uncommitted row makes this wait for its commit and then insert nothing, so concurrent adds of
 * one new member never collide on the unique index (each then locks the one row).
 */
async function insertMemberIfMissing(
  tx: Tx,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<boolean> {
  const inserted = await tx.$queryRaw<
    { id: string }[]
  >`INSERT INTO workspace_member (workspace_id, user_id, role)
    VALUES (${workspaceId}::uuid, ${userId}::uuid, ${role}::workspace_role)
    ON CONFLICT (workspace_id, user_id) DO NOTHING RETURNING id`;
  return inserted.length > 0;
}

/** The member row of (workspace, user), locked until the transaction ends; null when there is none. */
async function lockMember(tx: Tx, workspaceId: string, userId: string): Promise<WorkspaceMember | null> {
  await tx.$executeRaw`SELECT 1 FROM workspace_member
    WHERE workspace_id = ${workspaceId}::uuid AND user_id = ${userId}::uuid FOR UPDATE`;
  return tx.workspaceMember.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
}

/** CONFLICT VersionMismatch unless `member` is at `expected` (no expectation: always fine). */
function checkMemberVersion(
  member: WorkspaceMember | null,
  expected: number | null | undefined,
  userName: string,
): void {
  if (expected === null || expected === undefined) return;
  if (member && member.version === expected) return;
  const message = member
    ? `Member '${userName}' changed since version ${expected} (now ${member.version}); reload and retry.`
    : `Member '${userName}' was removed since version ${expected}; reload and retry.`;
  throw conflict('VersionMismatch', message, {
    field: 'expectedVersion',
    currentVersion: member?.version ?? null,
    current: member ? { userName, role: member.role, version: member.version } : null,
  });
}

export async function addWorkspaceMember(
  deps: ServiceDeps,
  input: { workspace?: string | null; userName: string; role: Role; expectedVersion?: number | null },
) {
  const ws = await requireLiveWorkspace(deps, input.workspace);
  const user = await findUserByName(deps, input.userName);
  if (!user) throw notFound('User', input.userName, 'userName');
  const member = await deps.prisma.$transaction(async (tx) => {
    let before = await lockMember(tx, ws.id, user.id);
    checkMemberVersion(before, input.expectedVersion, user.name);
    // A new member: insert it, or — when another add committed it meanwhile — change that row like an existing one.
    const created = !before && (await insertMemberIfMissing(tx, ws.id, user.id, input.role));
    if (!before && !created) before = await lockMember(tx, ws.id, user.id);
    const after =
      created || before?.role === input.role
        ? await tx.workspaceMember.findUniqueOrThrow({
            where: { workspaceId_userId: { workspaceId: ws.id, userId: user.id } },
            include: { user: true },
          })
        : await tx.workspaceMember.update({
            where: { workspaceId_userId: { workspaceId: ws.id, userId: user.id } },
            data: { role: input.role, version: { increment: 1 } },
            include: { user: true },
          });
    await recordAudit(tx, deps, {
      workspaceId: ws.id,
      workspaceName: ws.name,
      action: 'addWorkspaceMember',
      resourceType: 'WorkspaceMember',
      resourceId: after.id,
      before: before ? { userName: user.name, role: before.role } : null,
      after: { userName: user.name, role: after.role },
    });
    return after;
  });
  return { ...member, workspaceName: ws.name };
}

export async function removeWorkspaceMember(
  deps: ServiceDeps,
  input: { workspace?: string | null; userName: string; expectedVersion?: number | null },
) {
  const ws = await requireLiveWorkspace(deps, input.workspace);
  const user = await findUserByName(deps, input.userName);
  if (!user) throw notFound('Member', input.userName, 'userName');
  await deps.prisma.$transaction(async (tx) => {
    const member = await lockMember(tx, ws.id, user.id);
    if (!member) throw notFound('Member', input.userName, 'userName');
    checkMemberVersion(member, input.expectedVersion, user.name);
    await tx.workspaceMember.delete({ where: { id: member.id } });
    await recordAudit(tx, deps, {
      workspaceId: ws.id,
      workspaceName: ws.name,
      action: 'removeWorkspaceMember',
      resourceType: 'WorkspaceMember',
      resourceId: member.id,
      before: { userName: user.name, role: member.role },
    });
  });
  return { removedUserName: user.name };
}
