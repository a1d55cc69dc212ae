/**
 * Saved checks: named expectations a workspace keeps ("web → db TCP 1433 must be Allow"). CRUD and the syntax of a
 * check's sides and ports. Whether a VM side names an existing VM is decided when the check runs (the model moves).
 * Every change to the set of checks queues a run on the workspace's current model (trigger `mutation`), in the
 * background like after a modelling write.
 *
 * Drafts: the checks belong to the live workspace and run against each of its drafts. Listing them through a draft
 * (`<base>~<draft>`) lists the base's; creating, changing or deleting them through a draft is refused
 * (BAD_USER_INPUT, reason SavedChecksBelongToBase) — a draft never changes the live workspace, and a check changed
 * there would be live at once, not when the draft is applied.
 *
 * Like every other write, create, update and delete record an audit entry (resourceType `SavedCheck`, resourceId =
 * the check's id, before/after) in the same transaction, and honour optimistic concurrency: an `expectedVersion`
 * that is not the check's version (compared with the row locked) gets CONFLICT VersionMismatch with
 * `currentVersion` and `current` (the check as the `SavedCheck` GraphQL type shows it). Without `expectedVersion`
 * the write is unconditional.
 */
import type { SavedCheck, Workspace } from '@flowverify/db';
import type { Tx } from '../db';
import { parseAddressPrefix } from '../engine';
import { AppError, badInput, conflict, notFound, translateDatabaseError, type IssueDetail } from '../errors';
import { recordAudit } from './audit';
import { ownerOf, scheduleCheckRun } from './check-run';
import type { ServiceDeps } from './deps';
import { requireWorkspace } from './workspaces';

export type CheckProtocol = 'TCP' | 'UDP' | 'Any';
export type CheckExpected = 'Allow' | 'Deny';

/** A check's side: every VM, one VM (ARM id or unique name), or an address (IP, CIDR, `Internet`). */
export type CheckEndpoint =
  { kind: 'anyVm' } | { kind: 'vm'; ref: string } | { kind: 'address'; label: string };

export interface PortRange {
  from: number;
  to: number;
  wildcard: boolean;
}

/** `*`/`AnyVm`, `Internet`, an IP or CIDR, an ARM id (starts with `/`), else a VM name. Null when unparseable. */
export function parseEndpoint(text: string): CheckEndpoint | null {
  const t = text.trim();
  if (t === '' || t.includes(' ')) return null;
  if (t === '*' || t.toLowerCase() === 'anyvm') return { kind: 'anyVm' };
  if (t.toLowerCase() === 'internet') return { kind: 'address', label: 'Internet' };
  if (t.startsWith('/')) return { kind: 'vm', ref: t };
  if (/^[0-9.]+(\/\d+)?$/.test(t) || t.includes(':')) {
    const parsed = parseAddressPrefix(t);
    if (!parsed.ok) return null;
    return { kind: 'address', label: t };
  }
  return { kind: 'vm', ref: t };
}

/** `*`, `n` or `a-b` (0-65535, a ≤ b). Null when invalid. */
export function parsePortRange(text: string): PortRange | null {
  const t = text.trim();
  if (t === '*') return { from: 0, to: 65535, wildcard: true };
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(t);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > 65535 || to > 65535 || from > to) return null;
  return { from, to, wildcard: false };
}

export interface SavedCheckFields {
  name: string;
  description?: string | null;
  source: string;
  destination: string;
  protocol: CheckProtocol;
  destinationPorts: string;
  sourcePorts: string;
  expected: CheckExpected;
}

/** Every problem of a check's fields at once (BAD_USER_INPUT, reason ValidationFailed or the one issue's code). */
export function validateSavedCheck(fields: SavedCheckFields): void {
  const issues: IssueDetail[] = [];
  const at = (field: string) => ['input', field];
  if (!fields.name.trim())
    issues.push({ code: 'InvalidName', path: at('name'), message: 'A check needs a name.' });
  const source = parseEndpoint(fields.source);
  const destination = parseEndpoint(fields.destination);
  const endpointHelp = 'a VM (ARM id or name), an IP or CIDR, Internet, or AnyVm/*';
  if (!source)
    issues.push({ code: 'InvalidEndpoint', path: at('source'), message: `source must be ${endpointHelp}.` });
  if (!destination) {
    issues.push({
      code: 'InvalidEndpoint',
      path: at('destination'),
      message: `destination must be ${endpointHelp}.`,
    });
  }
  if (source?.kind === 'address' && destination?.kind === 'address') {
    issues.push({
      code: 'NoVmSide',
      path: at('destination'),
      message: 'At least one side of a check must be a VM (or AnyVm): flowverify evaluates flows on VMs.',
    });
  }
  for (const field of ['destinationPorts', 'sourcePorts'] as const) {
    if (!parsePortRange(fields[field])) {
      issues.push({
        code: 'InvalidPort',
        path: at(field),
        message: `${field} must be a port, a range a-b, or *.`,
      });
    }
  }
  if (issues.length === 0) return;
  const first = issues[0]!;
  throw new AppError('InvalidInput', `Validation failed: ${first.message}`, {
    reason: issues.length === 1 ? first.code : 'ValidationFailed',
    field: first.path.slice(1).join('.'),
    issues,
  });
}

export const toDbProtocol = (p: 'TCP' | 'UDP' | 'ANY'): CheckProtocol => (p === 'ANY' ? 'Any' : p);
export const toDbExpected = (a: 'ALLOW' | 'DENY'): CheckExpected => (a === 'ALLOW' ? 'Allow' : 'Deny');

/** The saved checks of `workspace`; for a draft, its base's (the checks that run against the draft). */
export async function listSavedChecks(
  deps: ServiceDeps,
  workspace: string | null | undefined,
): Promise<SavedCheck[]> {
  const ws = await ownerOf(deps, await requireWorkspace(deps, workspace));
  return deps.prisma.savedCheck.findMany({ where: { workspaceId: ws.id }, orderBy: { name: 'asc' } });
}

/** The workspace whose checks a write addresses: a live workspace; a draft is refused (see the header). */
async function requireChecksWorkspace(
  deps: ServiceDeps,
  name: string | null | undefined,
): Promise<Workspace> {
  const ws = await requireWorkspace(deps, name);
  if (ws.kind === 'draft') {
    const base = await ownerOf(deps, ws);
    throw badInput(
      'SavedChecksBelongToBase',
      `Saved checks belong to workspace '${base.name}', not to its draft '${ws.name}': create, change or delete ` +
        `them in '${base.name}' (they run against every draft of it).`,
      { field: 'workspace' },
    );
  }
  return ws;
}

/** A check as the `SavedCheck` GraphQL type shows it (GraphQL enums, ISO times): CONFLICT `current`, audit state. */
export function savedCheckState(c: SavedCheck): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    source: c.source,
    destination: c.destination,
    protocol: c.protocol === 'Any' ? 'ANY' : c.protocol,
    destinationPorts: c.destinationPorts,
    sourcePorts: c.sourcePorts,
    expected: c.expected === 'Allow' ? 'ALLOW' : 'DENY',
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Records one saved-check write in the audit history (inside the write's transaction). */
function auditCheck(
  tx: Tx,
  deps: ServiceDeps,
  ws: Workspace,
  action: 'createSavedCheck' | 'updateSavedCheck' | 'deleteSavedCheck',
  before: SavedCheck | null,
  after: SavedCheck | null,
): Promise<void> {
  const row = (after ?? before)!;
  return recordAudit(tx, deps, {
    workspaceId: ws.id,
    workspaceName: ws.name,
    action,
    resourceType: 'SavedCheck',
    resourceId: row.id,
    before: before ? savedCheckState(before) : null,
    after: after ? savedCheckState(after) : null,
  });
}

export async function createSavedCheck(
  deps: ServiceDeps,
  input: SavedCheckFields & { workspace?: string | null },
): Promise<SavedCheck> {
  const ws = await requireChecksWorkspace(deps, input.workspace);
  const fields = { ...input, name: input.name.trim() };
  validateSavedCheck(fields);
  let created: SavedCheck;
  try {
    created = await deps.prisma.$transaction(async (tx) => {
      const row = await tx.savedCheck.create({
        data: {
          workspaceId: ws.id,
          name: fields.name,
          description: fields.description ?? null,
          source: fields.source.trim(),
          destination: fields.destination.trim(),
          protocol: fields.protocol,
          destinationPorts: fields.destinationPorts.trim(),
          sourcePorts: fields.sourcePorts.trim(),
          expected: fields.expected,
        },
      });
      await auditCheck(tx, deps, ws, 'createSavedCheck', null, row);
      return row;
    });
  } catch (error) {
    throw onField(translateDatabaseError(error, `Saved check '${fields.name}'`), 'name');
  }
  scheduleCheckRun(deps, ws);
  return created;
}

/**
 * The check named `input.name`, locked until the transaction ends (concurrent writers of it queue here), after the
 * optimistic-concurrency comparison: NOT_FOUND when there is none, CONFLICT when `expectedVersion` is stale.
 */
async function lockSavedCheck(
  tx: Tx,
  ws: Workspace,
  input: { name: string; expectedVersion?: number | null },
): Promise<SavedCheck> {
  await tx.$executeRaw`SELECT 1 FROM saved_check
    WHERE workspace_id = ${ws.id}::uuid AND name = ${input.name} FOR UPDATE`;
  const check = await tx.savedCheck.findUnique({
    where: { workspaceId_name: { workspaceId: ws.id, name: input.name } },
  });
  if (!check) throw notFound('Saved check', input.name, 'name');
  const expected = input.expectedVersion;
  if (expected !== null && expected !== undefined && expected !== check.version) {
    throw conflict(
      'VersionMismatch',
      `Saved check '${check.name}' changed since version ${expected} (now ${check.version}); reload and retry.`,
      { field: 'expectedVersion', currentVersion: check.version, current: savedCheckState(check) },
    );
  }
  return check;
}

/** A name taken by another check (the unique index) is about the input field that gave the name. */
function onField(error: unknown, field: string): unknown {
  if (!(error instanceof AppError) || error.details.reason !== 'AlreadyExists' || error.details.field)
    return error;
  return new AppError(error.code, error.message, { ...error.details, field });
}

/** Runs `work` in a transaction; our own errors pass, database errors become API errors about `what`. */
async function inTransaction<T>(
  deps: ServiceDeps,
  what: string,
  work: (tx: Tx) => Promise<T>,
  nameField = 'name',
): Promise<T> {
  try {
    return await deps.prisma.$transaction(work);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw onField(translateDatabaseError(error, what), nameField);
  }
}

export async function updateSavedCheck(
  deps: ServiceDeps,
  input: { [K in Exclude<keyof SavedCheckFields, 'name'>]?: SavedCheckFields[K] | null } & {
    workspace?: string | null;
    name: string;
    newName?: string | null;
    expectedVersion?: number | null;
  },
): Promise<SavedCheck> {
  const ws = await requireChecksWorkspace(deps, input.workspace);
  const pick = <T>(v: T | null | undefined, current: T): T => (v === undefined || v === null ? current : v);
  const saved = await inTransaction(
    deps,
    `Saved check '${input.newName ?? input.name}'`,
    async (tx) => {
      const check = await lockSavedCheck(tx, ws, input);
      const fields: SavedCheckFields = {
        name: pick(input.newName, check.name).trim(),
        description: input.description === undefined ? check.description : input.description,
        source: pick(input.source, check.source).trim(),
        destination: pick(input.destination, check.destination).trim(),
        protocol: pick(input.protocol, check.protocol as CheckProtocol),
        destinationPorts: pick(input.destinationPorts, check.destinationPorts).trim(),
        sourcePorts: pick(input.sourcePorts, check.sourcePorts).trim(),
        expected: pick(input.expected, check.expected as CheckExpected),
      };
      validateSavedCheck(fields);
      const after = await tx.savedCheck.update({
        where: { id: check.id },
        data: { ...fields, version: { increment: 1 } },
      });
      await auditCheck(tx, deps, ws, 'updateSavedCheck', check, after);
      return after;
    },
    'newName',
  );
  scheduleCheckRun(deps, ws);
  return saved;
}

export async function deleteSavedCheck(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string; expectedVersion?: number | null },
): Promise<{ deletedName: string }> {
  const ws = await requireChecksWorkspace(deps, input.workspace);
  const deleted = await inTransaction(deps, `Saved check '${input.name}'`, async (tx) => {
    const check = await lockSavedCheck(tx, ws, input);
    await tx.savedCheck.delete({ where: { id: check.id } });
    await auditCheck(tx, deps, ws, 'deleteSavedCheck', check, null);
    return check;
  });
  scheduleCheckRun(deps, ws);
  return { deletedName: deleted.name };
}
