/**
 * Drafts: a named set of proposed changes on top of a live workspace. A draft is a workspace row of its own
 * (`kind = draft`, `baseWorkspaceId`, `draftName`, `name = "<base>~<draft>"`) holding a full copy of the base's
 * model, so every modelling mutation and every verification targets it by naming that workspace. The fork stores
 * the base's version and its ARM export (`baseSnapshot`): the common ancestor `applyDraft` diffs both sides against.
 *
 * Versions: the fork copies every row's version, so a version read live is the version in a fresh draft (and a
 * draft's edits continue from it); `applyDraft` carries the draft's versions forward into the live rows it writes.
 *
 * Audit: create, apply and discard each record one entry in the BASE workspace's history. Edits made inside a draft
 * are recorded under the draft's own workspace id, which is gone once the draft is applied or discarded, so the
 * apply/discard entry carries them in `details.draftEntries` (who, when, action, resource of each).
 * Roles: a draft's permissions are its base's — resolve them with `baseWorkspaceOf`.
 */
import type { Tx, Workspace } from '../db';
import { AppError, badInput, conflict, notFound, translateDatabaseError } from '../errors';
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

/** A draft applied or discarded by a concurrent call after this one found it: as if it had never existed. */
export const draftGone = (name: string) =>
  new AppError('NotFound', `Draft '${name}' was not found: it was applied or discarded meanwhile.`, {
    reason: 'NotFound',
    field: 'name',
  });

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
        await carryVersions(tx, base.id, created.id, 'copy');
        await recordAudit(tx, deps, {
          workspaceId: base.id,
          workspaceName: base.name,
          action: 'createDraft',
          resourceType: 'Draft',
          resourceId: created.id,
          details: { draft: name, baseVersion: snapshot.version },
        });
        return created;
      },
      { timeout: FORK_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (error) {
    throw translateDatabaseError(error, `Draft '${name}'`);
  }
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
      // Under the draft's row lock (every write to the draft takes it), so no edit commits after the read below.
      await tx.$executeRaw`SELECT 1 FROM workspace WHERE id = ${draft.id}::uuid FOR UPDATE`;
      if (!(await tx.workspace.findUnique({ where: { id: draft.id }, select: { id: true } })))
        throw draftGone(draft.name);
      const draftEntries = await draftAuditTrail(tx, draft.id);
      await tx.workspace.delete({ where: { id: draft.id } });
      // The only trace a discarded draft leaves, with who edited what in it.
      await recordAudit(tx, deps, {
        workspaceId: base.id,
        workspaceName: base.name,
        action: 'discardDraft',
        resourceType: 'Draft',
        resourceId: draft.id,
        details: { draft: draft.name, draftEntries },
      });
    });
  } catch (error) {
    throw translateDatabaseError(error, `Draft '${draft.name}'`);
  }
  deps.cache.invalidate(draft.id);
  deps.logger.info('draft discarded', { draft: draft.name });
  return { discardedName: draft.name };
}

/** One entry of a draft's own history, as the base's applyDraft/discardDraft entry carries it. */
export interface DraftAuditEntry {
  /** The draft's audit entry (it stays in the table, under the deleted draft's workspace id). */
  id: string;
  /** ISO 8601. */
  at: string;
  actorName: string;
  actorUserId: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  resourceArmId: string | null;
}

/**
 * The audit entries recorded in a draft (its edits, imports into it), oldest first. Read inside the apply/discard
 * transaction before the draft's workspace row is deleted; the rows themselves are append-only and stay.
 */
export async function draftAuditTrail(tx: Tx, draftId: string): Promise<DraftAuditEntry[]> {
  const rows = await tx.auditEntry.findMany({
    where: { workspaceId: draftId },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      at: true,
      actorName: true,
      actorUserId: true,
      action: true,
      resourceType: true,
      resourceId: true,
      resourceArmId: true,
    },
  });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/**
 * Tables whose rows carry a version, with the column that names the same resource in two workspaces
 * (case-insensitive, as their unique indexes). Deployments are matched by network manager, region and type.
 */
const VERSIONED_TABLES: { table: string; key: 'arm_id' | 'name' }[] = [
  ...[
    'virtual_network',
    'virtual_network_peering',
    'subnet',
    'network_interface',
    'ip_configuration',
    'virtual_machine',
    'application_security_group',
    'network_security_group',
    'security_rule',
    'network_manager',
    'network_group',
    'security_admin_configuration',
    'admin_rule_collection',
    'admin_rule',
  ].map((table) => ({ table, key: 'arm_id' as const })),
  { table: 'service_tag', key: 'name' },
];
const SERVICE_TAG_ID = /^servicetags\//i;

/**
 * Row versions from workspace `from` onto the same resources in workspace `to`:
 *  - `copy` (the fork): every matching row takes `from`'s version, so versions in a draft continue from the live ones;
 *  - `forward` (the apply, `from` = the draft): the rows named by `armIds` (ARM ids; `serviceTags/<name>` for tags)
 *    take the draft's version when it is higher, so a live version never moves back and a version read in the
 *    draft is current live after the apply.
 */
export async function carryVersions(
  tx: Tx,
  from: string,
  to: string,
  mode: 'copy' | 'forward',
  armIds: readonly string[] = [],
): Promise<void> {
  const lower = armIds.map((id) => id.toLowerCase());
  const tags = lower.filter((id) => SERVICE_TAG_ID.test(id)).map((id) => id.replace(SERVICE_TAG_ID, ''));
  const ids = lower.filter((id) => !SERVICE_TAG_ID.test(id));
  const set = mode === 'copy' ? 's.version' : 'GREATEST(d.version, s.version)';
  const which = mode === 'copy' ? 'd.version <> s.version' : 'd.version < s.version';
  for (const { table, key } of VERSIONED_TABLES) {
    const keys = key === 'name' ? tags : ids;
    if (mode === 'forward' && keys.length === 0) continue;
    await tx.$executeRawUnsafe(
      `UPDATE "${table}" AS d SET version = ${set} FROM "${table}" AS s
        WHERE d.workspace_id = $1::uuid AND s.workspace_id = $2::uuid AND lower(d.${key}) = lower(s.${key})
          AND ${which}${mode === 'forward' ? ` AND lower(d.${key}) = ANY($3::text[])` : ''}`,
      to,
      from,
      ...(mode === 'forward' ? [keys] : []),
    );
  }
  // A deployment is its network manager's goal state for a region: it moves with the manager.
  if (mode === 'forward' && ids.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE network_manager_deployment AS d SET version = ${set}
       FROM network_manager_deployment AS s, network_manager AS dm, network_manager AS sm
      WHERE d.workspace_id = $1::uuid AND s.workspace_id = $2::uuid
        AND dm.id = d.network_manager_id AND sm.id = s.network_manager_id AND lower(dm.arm_id) = lower(sm.arm_id)
        AND d.region = s.region AND d.deployment_type = s.deployment_type
        AND ${which}${mode === 'forward' ? ` AND lower(dm.arm_id) = ANY($3::text[])` : ''}`,
    to,
    from,
    ...(mode === 'forward' ? [ids] : []),
  );
}
