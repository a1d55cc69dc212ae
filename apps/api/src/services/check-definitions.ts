/**
 * Saved checks: named expectations a workspace keeps ("web → db TCP 1433 must be Allow"). CRUD and the syntax of a
 * check's sides and ports. Whether a VM side names an existing VM is decided when the check runs (the model moves).
 * Every change to the set of checks queues a run on the workspace's current model (trigger `mutation`), in the
 * background like after a modelling write.
 */
import type { SavedCheck, Workspace } from '@flowverify/db';
import { parseAddressPrefix } from '../engine';
import { AppError, conflict, notFound, translateDatabaseError, type IssueDetail } from '../errors';
import { scheduleCheckRun } from './check-run';
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

export async function listSavedChecks(
  deps: ServiceDeps,
  workspace: string | null | undefined,
): Promise<SavedCheck[]> {
  const ws = await requireWorkspace(deps, workspace);
  return deps.prisma.savedCheck.findMany({ where: { workspaceId: ws.id }, orderBy: { name: 'asc' } });
}

export async function createSavedCheck(
  deps: ServiceDeps,
  input: SavedCheckFields & { workspace?: string | null },
): Promise<SavedCheck> {
  const ws = await requireWorkspace(deps, input.workspace);
  const fields = { ...input, name: input.name.trim() };
  validateSavedCheck(fields);
  let created: SavedCheck;
  try {
    created = await deps.prisma.savedCheck.create({
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
  } catch (error) {
    throw translateDatabaseError(error, `Saved check '${fields.name}'`);
  }
  scheduleCheckRun(deps, ws);
  return created;
}

async function requireSavedCheck(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string; expectedVersion?: number | null },
): Promise<{ check: SavedCheck; ws: Workspace }> {
  const ws = await requireWorkspace(deps, input.workspace);
  const check = await deps.prisma.savedCheck.findUnique({
    where: { workspaceId_name: { workspaceId: ws.id, name: input.name } },
  });
  if (!check) throw notFound('Saved check', input.name, 'name');
  if (input.expectedVersion != null && input.expectedVersion !== check.version) {
    throw conflict(
      'VersionMismatch',
      `Saved check '${input.name}' is at version ${check.version}, not ${input.expectedVersion}; reload it and retry.`,
      { field: 'expectedVersion' },
    );
  }
  return { check, ws };
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
  const { check, ws } = await requireSavedCheck(deps, input);
  const pick = <T>(v: T | null | undefined, current: T): T => (v === undefined || v === null ? current : v);
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
  let saved: SavedCheck;
  try {
    // The version in the WHERE makes a concurrent update lose cleanly (P2025 → re-read below).
    const updated = await deps.prisma.savedCheck.updateMany({
      where: { id: check.id, version: check.version },
      data: { ...fields, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw conflict(
        'VersionMismatch',
        `Saved check '${check.name}' changed meanwhile; reload it and retry.`,
        {
          field: 'expectedVersion',
        },
      );
    }
    saved = await deps.prisma.savedCheck.findUniqueOrThrow({ where: { id: check.id } });
  } catch (error) {
    throw translateDatabaseError(error, `Saved check '${fields.name}'`);
  }
  scheduleCheckRun(deps, ws);
  return saved;
}

export async function deleteSavedCheck(
  deps: ServiceDeps,
  input: { workspace?: string | null; name: string; expectedVersion?: number | null },
): Promise<{ deletedName: string }> {
  const { check, ws } = await requireSavedCheck(deps, input);
  const deleted = await deps.prisma.savedCheck.deleteMany({
    where: { id: check.id, version: check.version },
  });
  if (deleted.count === 0) {
    throw conflict('VersionMismatch', `Saved check '${check.name}' changed meanwhile; reload it and retry.`, {
      field: 'expectedVersion',
    });
  }
  scheduleCheckRun(deps, ws);
  return { deletedName: check.name };
}
