/**
 * applyDraft: writes a draft's changes into its live workspace, atomically, in ONE transaction:
 *   1. lock the live workspace row (serialises with every other write) and the draft row;
 *   2. the draft's change set (base snapshot → draft now) and the live change set (base snapshot → live now);
 *   3. a resource changed on both sides (same ARM id, or one the parent of the other) → CONFLICT DraftConflict;
 *   4. otherwise patch the live model with the draft's changes, write the touched top-level resources through the
 *      import writer (`writeNetwork`: upsert by ARM id, authoritative for children), delete the removed ones,
 *      refuse if the engine finds new errors, carry the draft's row versions forward onto the rows it wrote (a live
 *      version never moves back: the written row has its live version + 1, or the draft's when that is higher),
 *      bump the live version and delete the draft.
 * Conflicts are judged on content (the ARM exports against the fork's snapshot), never on row versions.
 * The apply's audit entry (in the base) carries the draft's own history (`details.draftEntries`): who edited what.
 */
import type { Tx, Workspace } from '../db';
import { parseNetwork } from '../engine';
import { AppError, badInput, conflict, translateDatabaseError, type IssueDetail } from '../errors';
import { normalizeAzureDocument } from '../import/normalize';
import { recordAudit } from './audit';
import type { ServiceDeps } from './deps';
import {
  applyChanges,
  buildDocument,
  diffModels,
  findConflicts,
  flattenExport,
  type ResourceChange,
} from './draft-changes';
import { carryVersions, draftAuditTrail, draftGone, requireDraft } from './draft-workspaces';
import { networkToArm } from './export-azure-resources';
import { writeNetwork } from './import-write';
import { loadNetwork } from './load-network';

export interface ApplyDraftResult {
  workspace: Workspace;
  applied: ResourceChange[];
}

const APPLY_TIMEOUT_MS = 120_000;

/** Top-level ARM type (lower-case) → table and key column, deleted in this order (referencing ones first). */
const DELETE_ORDER: { type: string; table: string; column: 'arm_id' | 'name' }[] = [
  { type: 'microsoft.compute/virtualmachines', table: 'virtual_machine', column: 'arm_id' },
  { type: 'microsoft.network/networkinterfaces', table: 'network_interface', column: 'arm_id' },
  { type: 'microsoft.network/networkmanagers', table: 'network_manager', column: 'arm_id' },
  { type: 'microsoft.network/virtualnetworks', table: 'virtual_network', column: 'arm_id' },
  { type: 'microsoft.network/networksecuritygroups', table: 'network_security_group', column: 'arm_id' },
  {
    type: 'microsoft.network/applicationsecuritygroups',
    table: 'application_security_group',
    column: 'arm_id',
  },
  { type: 'microsoft.network/servicetags', table: 'service_tag', column: 'name' },
];

const errorKey = (i: { code: string; resourceId?: string; message: string }) =>
  `${i.code}|${(i.resourceId ?? '').toLowerCase()}|${i.message}`;

export async function applyDraft(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string },
): Promise<ApplyDraftResult> {
  const { base, draft } = await requireDraft(deps, input);
  let result: ApplyDraftResult;
  try {
    result = await deps.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM workspace WHERE id = ${base.id}::uuid FOR UPDATE`;
        await tx.$executeRaw`SELECT 1 FROM workspace WHERE id = ${draft.id}::uuid FOR UPDATE`;
        const current = await tx.workspace.findUnique({ where: { id: draft.id } });
        if (!current) throw draftGone(draft.name);

        const ancestor = flattenExport(current.baseSnapshot);
        const live = await loadNetwork(tx, base.id);
        const liveFlat = flattenExport(networkToArm(live.input));
        const draftFlat = flattenExport(networkToArm((await loadNetwork(tx, draft.id)).input));
        const draftChanges = diffModels(ancestor, draftFlat);
        const liveChanges = diffModels(ancestor, liveFlat);

        const conflicts = findConflicts(draftChanges, liveChanges);
        if (conflicts.length > 0) {
          const first = conflicts[0]!;
          throw conflict(
            'DraftConflict',
            `Draft '${draft.name}' and the live workspace both changed ${first.armId}` +
              (conflicts.length > 1 ? ` (and ${conflicts.length - 1} more conflict(s))` : '') +
              `; rebase the draft (discard and fork again) or undo one side.`,
            { conflicts },
          );
        }

        if (draftChanges.length > 0) {
          await writeChanges(tx, base.id, live.input, liveFlat, draftFlat, draftChanges);
          const written = draftChanges.filter((c) => c.change !== 'REMOVED').map((c) => c.armId);
          await carryVersions(tx, draft.id, base.id, 'forward', written);
        }
        // Read before the draft's workspace row goes (the entries stay, but nothing queries a deleted workspace).
        const draftEntries = await draftAuditTrail(tx, draft.id);
        const workspace =
          draftChanges.length > 0
            ? await tx.workspace.update({ where: { id: base.id }, data: { version: { increment: 1 } } })
            : base;
        await tx.workspace.delete({ where: { id: draft.id } });
        // One history entry for the whole apply, in its transaction.
        await recordAudit(tx, deps, {
          workspaceId: base.id,
          workspaceName: base.name,
          action: 'applyDraft',
          resourceType: 'Draft',
          resourceId: draft.id,
          details: { draft: draft.name, changes: draftChanges, draftEntries },
          // Each changed (or, in the draft, edited) resource's History (armIdPrefix) shows the apply.
          relatedArmIds: [
            ...draftChanges.map((c) => c.armId),
            ...draftEntries.map((e) => e.resourceArmId ?? ''),
          ].filter((id) => id.startsWith('/')),
        });
        return { workspace, applied: draftChanges };
      },
      { timeout: APPLY_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw translateDatabaseError(error, `Draft '${draft.name}'`);
  }
  deps.cache.invalidate(base.id);
  deps.cache.invalidate(draft.id);
  deps.logger.info('draft applied', { draft: draft.name, changes: result.applied.length });
  return result;
}

async function writeChanges(
  tx: Tx,
  workspaceId: string,
  liveInput: Parameters<typeof writeNetwork>[3],
  liveFlat: ReturnType<typeof flattenExport>,
  draftFlat: ReturnType<typeof flattenExport>,
  changes: ResourceChange[],
): Promise<void> {
  const known = new Set(
    parseNetwork(liveInput)
      .issues.filter((i) => (i.severity ?? 'error') === 'error')
      .map(errorKey),
  );
  const { model, touchedRoots } = applyChanges(liveFlat, draftFlat, changes);
  const present = [...touchedRoots].filter((k) => model.has(k));
  const removed = [...touchedRoots].filter((k) => !model.has(k));

  if (present.length > 0) {
    const normalized = normalizeAzureDocument(buildDocument(model, present));
    const problems = normalized.issues.filter((i) => i.severity === 'error');
    if (problems.length > 0) {
      throw badInput('InvalidDraft', `The draft cannot be applied: ${problems[0]!.message}`, {
        issues: problems.map((p) => ({
          code: p.code,
          path: [p.path],
          message: p.message,
          resourceId: p.resourceId,
        })),
      });
    }
    await writeNetwork(tx, workspaceId, normalized.input, liveInput);
  }

  for (const { type, table, column } of DELETE_ORDER) {
    const keys = removed
      .map((k) => liveFlat.get(k))
      .filter((n) => n && n.kind.toLowerCase() === type)
      .map((n) => (column === 'name' ? n!.name.toLowerCase() : n!.armId.toLowerCase()));
    if (keys.length === 0) continue;
    await tx.$executeRawUnsafe(
      `DELETE FROM "${table}" WHERE workspace_id = $1::uuid AND lower(${column}) = ANY($2::text[])`,
      workspaceId,
      keys,
    );
  }

  const after = parseNetwork((await loadNetwork(tx, workspaceId)).input);
  const introduced = after.issues.filter(
    (i) => (i.severity ?? 'error') === 'error' && !known.has(errorKey(i)),
  );
  if (introduced.length > 0) {
    const issues: IssueDetail[] = introduced.map((i) => ({
      code: i.code,
      path: i.path,
      message: i.message,
      resourceId: i.resourceId,
    }));
    throw badInput(
      'InvalidDraft',
      `Applying the draft would break the live model: ${introduced[0]!.message}` +
        (introduced.length > 1 ? ` (and ${introduced.length - 1} more problem(s))` : ''),
      { issues },
    );
  }
}
