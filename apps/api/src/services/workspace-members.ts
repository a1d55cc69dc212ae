/**
 * Workspace members and their roles (reader, editor, admin). A draft has no members of its own: its base's apply.
 * Changes are recorded in the audit history, in the same transaction.
 */
import { baseWorkspaceName, type Role } from '../auth/caller';
import { notFound } from '../errors';
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

export async function addWorkspaceMember(
  deps: ServiceDeps,
  input: { workspace?: string | null; userName: string; role: Role },
) {
  const ws = await requireLiveWorkspace(deps, input.workspace);
  const user = await findUserByName(deps, input.userName);
  if (!user) throw notFound('User', input.userName, 'userName');
  const member = await deps.prisma.$transaction(async (tx) => {
    const before = await tx.workspaceMember.findUnique({
      where: { workspaceId_userId: { workspaceId: ws.id, userId: user.id } },
    });
    const after = await tx.workspaceMember.upsert({
      where: { workspaceId_userId: { workspaceId: ws.id, userId: user.id } },
      create: { workspaceId: ws.id, userId: user.id, role: input.role },
      update: before?.role === input.role ? {} : { role: input.role, version: { increment: 1 } },
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
  input: { workspace?: string | null; userName: string },
) {
  const ws = await requireLiveWorkspace(deps, input.workspace);
  const user = await findUserByName(deps, input.userName);
  const member = user
    ? await deps.prisma.workspaceMember.findUnique({
        where: { workspaceId_userId: { workspaceId: ws.id, userId: user.id } },
      })
    : null;
  if (!user || !member) throw notFound('Member', input.userName, 'userName');
  await deps.prisma.$transaction(async (tx) => {
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
