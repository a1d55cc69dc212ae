/**
 * Workspaces: lookup by name ("default" when omitted), create, delete, list.
 */
import type { Workspace } from '../db';
import { badInput, conflict, notFound, translateDatabaseError } from '../errors';
import { baseWorkspaceName } from '../auth/caller';
import { recordAudit } from './audit';
import { draftAuditTrail } from './draft-workspaces';
import type { ServiceDeps } from './deps';
import { checkVersion } from './resources';

export const DEFAULT_WORKSPACE = 'default';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function findWorkspaceByName(deps: ServiceDeps, name: string | null | undefined) {
  return deps.prisma.workspace.findUnique({ where: { name: name ?? DEFAULT_WORKSPACE } });
}

/**
 * The workspace named `name` (default "default"). Unknown → BAD_USER_INPUT reason NotFound on `field`
 * (queries name a workspace as an input like any other).
 */
export async function requireWorkspace(
  deps: ServiceDeps,
  name: string | null | undefined,
  field = 'workspace',
): Promise<Workspace> {
  const ws = await findWorkspaceByName(deps, name);
  if (!ws) {
    throw badInput('NotFound', `Workspace '${name ?? DEFAULT_WORKSPACE}' does not exist.`, { field });
  }
  return ws;
}

export async function createWorkspace(
  deps: ServiceDeps,
  input: { name: string; description?: string | null },
) {
  if (!NAME.test(input.name)) {
    throw badInput(
      'InvalidName',
      'A workspace name is 1-64 letters, digits, ".", "-" or "_", starting with a letter or digit.',
      {
        field: 'name',
        issues: [{ code: 'InvalidName', path: ['input', 'name'], message: 'Invalid workspace name.' }],
      },
    );
  }
  const existing = await deps.prisma.workspace.findUnique({ where: { name: input.name } });
  if (existing)
    throw conflict('AlreadyExists', `Workspace '${input.name}' already exists.`, { field: 'name' });
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const ws = await tx.workspace.create({
        data: { name: input.name, description: input.description ?? null },
      });
      await recordAudit(tx, deps, {
        workspaceId: ws.id,
        workspaceName: ws.name,
        action: 'createWorkspace',
        resourceType: 'Workspace',
        resourceId: ws.id,
        after: ws,
      });
      return ws;
    });
  } catch (error) {
    throw translateDatabaseError(error, `Workspace '${input.name}'`);
  }
}

/**
 * Deletes a workspace with everything in it. `expectedVersion` (optional) is the `modelVersion` the caller read:
 * compared under the workspace row's lock, which every write to it takes first, so a write committed since that
 * read makes the delete a CONFLICT (VersionMismatch) and nothing is deleted.
 */
export async function deleteWorkspace(
  deps: ServiceDeps,
  input: { name: string; expectedVersion?: number | null },
) {
  const ws = await deps.prisma.workspace.findUnique({ where: { name: input.name } });
  if (!ws) throw notFound('Workspace', input.name, 'name');
  try {
    await deps.prisma.$transaction(async (tx) => {
      if (input.expectedVersion != null) {
        await tx.$executeRaw`SELECT 1 FROM workspace WHERE id = ${ws.id}::uuid FOR UPDATE`;
        const now = await tx.workspace.findUnique({ where: { id: ws.id } });
        if (!now) throw notFound('Workspace', input.name, 'name');
        checkVersion(workspaceState(now), input.expectedVersion, `Workspace '${ws.name}'`);
      }
      // A draft deleted this way leaves what a discard leaves: an entry in its base's history (the only one still
      // readable once the draft is gone) carrying the draft's own edits, read before the delete.
      const base = ws.kind === 'draft' && ws.baseWorkspaceId ? ws.baseWorkspaceId : null;
      const draftEntries = base ? await draftAuditTrail(tx, ws.id) : null;
      await tx.workspace.delete({ where: { id: ws.id } });
      // The entry outlives the workspace (audit_entry has no foreign keys).
      await recordAudit(tx, deps, {
        workspaceId: base ?? ws.id,
        workspaceName: base ? baseWorkspaceName(ws.name) : ws.name,
        action: 'deleteWorkspace',
        resourceType: base ? 'Draft' : 'Workspace',
        resourceId: ws.id,
        // A draft's row holds its base snapshot (the whole model): not history.
        before: base ? workspaceState(ws) : ws,
        ...(draftEntries ? { details: { draft: ws.name, draftEntries } } : {}),
      });
    });
  } catch (error) {
    throw translateDatabaseError(error, `Workspace '${input.name}'`);
  }
  deps.cache.invalidate(ws.id);
  return { deletedName: ws.name };
}

/** A workspace as a CONFLICT's `current` shows it: `version` is the GraphQL `modelVersion` (no draft snapshot). */
const workspaceState = (ws: Workspace) => ({
  id: ws.id,
  name: ws.name,
  description: ws.description,
  version: ws.version,
  modelVersion: ws.version,
  createdAt: ws.createdAt,
  updatedAt: ws.updatedAt,
});

/** The workspaces the caller can read (server admins and internal callers: all; drafts follow their base). */
export async function listWorkspaces(deps: ServiceDeps, window: { skip: number; take: number }) {
  const caller = deps.caller;
  const ids = caller && !caller.isServerAdmin ? [...caller.roles.keys()] : null;
  const where = ids ? { OR: [{ id: { in: ids } }, { baseWorkspaceId: { in: ids } }] } : {};
  const [rows, total] = await Promise.all([
    deps.prisma.workspace.findMany({
      where,
      orderBy: [{ name: 'asc' }],
      skip: window.skip,
      take: window.take,
    }),
    deps.prisma.workspace.count({ where }),
  ]);
  return { rows, total };
}
