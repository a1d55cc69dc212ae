/**
 * Drafts: a named set of proposed changes on top of a live workspace. A draft is a workspace row of its own
 * (`kind = draft`, `baseWorkspaceId`, `draftName`, `name = "<base>~<draft>"`) holding a full copy of the base's
 * model, so every modelling mutation and every verification targets it by naming that workspace. The fork stores
 * the base's version and its ARM export (`baseSnapshot`): the common ancestor `applyDraft` diffs both sides against.
 *
 * Audit: the auth engineer records create/apply/discard; each service below marks the spot with `AUDIT HOOK`.
 * Roles: a draft's permissions are its base's — resolve them with `baseWorkspaceOf`.
 */
import type { Workspace } from '../db';
import { badInput, conflict, notFound, translateDatabaseError } from '../errors';
import { recordAudit } from './audit';
import type { ServiceDeps } from './deps';
import { diffModels, flattenExport, type ResourceChange } from './draft-changes';
import { networkToArm } from './export-azure-resources';
import { emptyNetwork } from './import-azure-resources';
import { writeNetwork } from './import-write';
import { loadNetwork } from './load-network';
import { DEFAULT_WORKSPACE } from './workspaces';

export const DRAFT_SEPARATOR = '~';
const DRAFT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A 200-VM / 1,000-rule fork takes well under a second; generous for PGlite on a slow disk. */
const FORK_TIMEOUT_MS = 120_000;

export const draftWorkspaceName = (base: string, draft: string) => `${base}${DRAFT_SEPARATOR}${draft}`;

/**
 * The live workspace whose permissions apply to `workspace`: the workspace itself, or a draft's base. Takes a
 * name (`"prod"`, `"prod~tighten-ssh"`) or a row. Unknown names → null.
 */
export async function baseWorkspaceOf(
  deps: Pick<ServiceDeps, 'prisma'>,
  workspace: string | Workspace | null | undefined,
): Promise<Workspace | null> {
  const row =
    typeof workspace === 'object' && workspace !== null
      ? workspace
      : await deps.prisma.workspace.findUnique({ where: { name: workspace ?? DEFAULT_WORKSPACE } });
  if (!row || row.kind !== 'draft' || !row.baseWorkspaceId) return row;
  return deps.prisma.workspace.findUnique({ where: { id: row.baseWorkspaceId } });
}

/** The live workspace a draft is proposed against (a draft cannot be the base of another draft). */
export async function requireBaseWorkspace(
  deps: ServiceDeps,
  name: string | null | undefined,
): Promise<Workspace> {
  const ws = await deps.prisma.workspace.findUnique({ where: { name: name ?? DEFAULT_WORKSPACE } });
  if (!ws)
    throw badInput('NotFound', `Workspace '${name ?? DEFAULT_WORKSPACE}' does not exist.`, {
      field: 'workspace',
    });
  if (ws.kind === 'draft') {
    throw badInput('DraftOfDraft', `'${ws.name}' is a draft; drafts are made on live workspaces.`, {
      field: 'workspace',
    });
  }
  return ws;
}

export async function requireDraft(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string },
): Promise<{ base: Workspace; draft: Workspace }> {
  const base = await requireBaseWorkspace(deps, input.workspace);
  const draft = await deps.prisma.workspace.findUnique({
    where: { baseWorkspaceId_draftName: { baseWorkspaceId: base.id, draftName: input.name } },
  });
  if (!draft) throw notFound('Draft', draftWorkspaceName(base.name, input.name), 'name');
  return { base, draft };
}

/** Forks the base's model into a new draft, in one transaction (bulk inserts through the import writer). */
export async function createDraft(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string },
  actor: { userId?: string | null } = {},
): Promise<Workspace> {
  if (!DRAFT_NAME.test(input.name)) {
    throw badInput(
      'InvalidName',
      'A draft name is 1-64 letters, digits, ".", "-" or "_", starting with a letter or digit.',
      { field: 'name' },
    );
  }
  const base = await requireBaseWorkspace(deps, input.workspace);
  const name = draftWorkspaceName(base.name, input.name);
  if (await deps.prisma.workspace.findUnique({ where: { name } })) {
    throw conflict('AlreadyExists', `Draft '${name}' already exists.`, { field: 'name' });
  }
  const started = performance.now();
  let draft: Workspace;
  try {
    draft = await deps.prisma.$transaction(
      async (tx) => {
        // A consistent base: no write to it commits between the read and the snapshot.
        await tx.$executeRaw`SELECT 1 FROM workspace WHERE id = ${base.id}::uuid FOR SHARE`;
        const snapshot = await loadNetwork(tx, base.id);
        const created = await tx.workspace.create({
          data: {
            name,
            kind: 'draft',
            baseWorkspaceId: base.id,
            draftName: input.name,
            baseVersion: snapshot.version,
            baseSnapshot: networkToArm(snapshot.input) as object,
            description: `Draft '${input.name}' of ${base.name}`,
            createdByUserId: actor.userId ?? null,
          },
        });
        await writeNetwork(tx, created.id, snapshot.input, emptyNetwork());
        return created;
      },
      { timeout: FORK_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (error) {
    throw translateDatabaseError(error, `Draft '${name}'`);
  }
  // AUDIT HOOK (auth engineer): draft created — { workspace: base.name, draft: input.name }.
  deps.logger.info('draft created', { draft: name, ms: Math.round(performance.now() - started) });
  return draft;
}

export async function listDrafts(
  deps: ServiceDeps,
  workspace: string | null | undefined,
): Promise<Workspace[]> {
  const base = await requireBaseWorkspace(deps, workspace);
  return deps.prisma.workspace.findMany({
    where: { baseWorkspaceId: base.id, kind: 'draft' },
    orderBy: [{ createdAt: 'desc' }, { name: 'asc' }],
  });
}

export async function findDraft(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string },
): Promise<Workspace | null> {
  const base = await requireBaseWorkspace(deps, input.workspace);
  return deps.prisma.workspace.findUnique({
    where: { baseWorkspaceId_draftName: { baseWorkspaceId: base.id, draftName: input.name } },
  });
}

/** What the draft changes relative to its base as forked (resource level, children separately). */
export async function getDraftChanges(deps: ServiceDeps, draft: Workspace): Promise<ResourceChange[]> {
  const { input } = await loadNetwork(deps.prisma, draft.id);
  return diffModels(flattenExport(draft.baseSnapshot), flattenExport(networkToArm(input)));
}

export async function discardDraft(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string },
): Promise<{ discardedName: string }> {
  const { base, draft } = await requireDraft(deps, input);
  try {
    await deps.prisma.$transaction(async (tx) => {
      await tx.workspace.delete({ where: { id: draft.id } });
      // The only trace a discarded draft leaves.
      await recordAudit(tx, deps, {
        workspaceId: base.id,
        workspaceName: base.name,
        action: 'discardDraft',
        resourceType: 'Draft',
        resourceId: draft.id,
        details: { draft: draft.name },
      });
    });
  } catch (error) {
    throw translateDatabaseError(error, `Draft '${draft.name}'`);
  }
  deps.cache.invalidate(draft.id);
  deps.logger.info('draft discarded', { draft: draft.name });
  return { discardedName: draft.name };
}
