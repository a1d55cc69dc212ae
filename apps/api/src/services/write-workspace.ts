/**
 * The one path every modelling write takes:
 *   1. lock the workspace row and bump its `version` (serialises writers per workspace; invalidates every cache),
 *   2. run the write with the transaction client only (PGlite: one session),
 *   3. re-read the model inside the transaction and let the engine's parseNetwork judge it: errors the write
 *      introduced (not present before) roll everything back and come out as one BAD_USER_INPUT with all issues,
 *   4. after commit, store the freshly compiled policy in the cache (the next verify needs no rebuild),
 *   5. and queue a background run of the saved checks on that version (check-run.ts, coalesced per workspace by
 *      check-run-scheduler.ts; its outcome never reaches the write's caller).
 */
import type { PrismaClient, Tx } from '../db';
import type { Issue } from '../engine';
import { AppError, conflict, translateDatabaseError, type IssueDetail, throwIfIssues } from '../errors';
import { findResourcesByArmIds, typenameOfArmId } from '../loaders';
import { recordAudit } from './audit';
import { scheduleCheckRunAfterWrite } from './check-run';
import { conflictState } from './conflict-state';
import type { ServiceDeps } from './deps';
import { loadNetwork } from './load-network';
import { compileSnapshot, type CompiledWorkspace } from './verifier-cache';

export interface WriteOptions {
  /** What the write is about, for messages ("Security rule 'x'"). */
  what: string;
  /** Prefix for engine issue paths, e.g. ['input', 'rule']. */
  pathPrefix?: (string | number)[];
  /** Skip the whole-model validation (pure deletions cannot introduce errors). */
  skipModelValidation?: boolean;
  /**
   * Reads the row the write changes, for writes whose input names it otherwise than by ARM id (a service tag by
   * name): called before and after the write for the history's before/after and resource id, and its `version`
   * is what `input.expectedVersion` is compared with (under the workspace lock). Tag the row with `__typename`.
   */
  audited?: (tx: Tx) => Promise<Record<string, unknown> | null>;
}

export interface WriteResult<T> {
  value: T;
  warnings: IssueDetail[];
  compiled: CompiledWorkspace;
}

const issueKey = (i: Issue) => `${i.code}|${(i.resourceId ?? '').toLowerCase()}|${i.message}`;

/** Engine issue path → input path: the part after the innermost collection index, under `prefix`. */
export function toInputPath(
  path: (string | number)[],
  prefix: (string | number)[] = ['input'],
): (string | number)[] {
  let cut = 0;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof path[i] === 'number' && typeof path[i + 1] === 'string') cut = i + 1;
  }
  return [...prefix, ...path.slice(cut)];
}

const IDENTIFYING_FIELDS = new Set(['workspace', 'id', 'expectedVersion']);

/**
 * Fits an engine issue's path to the mutation's input. An issue the write caused on another resource (a subnet moved
 * away from a NIC's address) has that resource's field in its path (`privateIPAddress`), which the input does not
 * have: such a path names the input field that changed instead, when the input changes exactly one; otherwise the
 * input object itself. A path into an input list without an index (`ipConfigurations.privateIPAddress`: toInputPath
 * keeps only what follows the engine's innermost index) gets the index of the item named like the issue's resource.
 */
export function fitToInput(
  path: (string | number)[],
  args: Record<string, unknown> | undefined,
  resourceId?: string,
): (string | number)[] {
  if (!args) return path;
  let container: unknown = args;
  let depth = 0;
  const out: (string | number)[] = [];
  while (depth < path.length && typeof path[depth] === 'string') {
    const key = path[depth] as string;
    const next: unknown = (container as Record<string, unknown>)[key];
    if (Array.isArray(next) && typeof path[depth + 1] === 'string') {
      const name = resourceId?.split('/').at(-1)?.toLowerCase();
      const index = next.findIndex(
        (item) => isPlainObject(item) && typeof item.name === 'string' && item.name.toLowerCase() === name,
      );
      if (index < 0) return path;
      out.push(key, index);
      container = next[index];
      depth++;
      continue;
    }
    if (!isPlainObject(next)) break;
    out.push(key);
    container = next;
    depth++;
  }
  const rest = path.slice(depth);
  const key = rest[0];
  if (depth === 0 || !isPlainObject(container) || typeof key !== 'string' || key in container) {
    return [...out, ...rest];
  }
  const changed = Object.keys(container).filter((k) => !IDENTIFYING_FIELDS.has(k));
  return changed.length === 1 ? [...out, changed[0]!] : out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export async function writeWorkspace<T>(
  deps: ServiceDeps,
  workspaceId: string,
  options: WriteOptions,
  work: (tx: Tx) => Promise<T>,
): Promise<WriteResult<T>> {
  // The issues the stored model already has, so only new ones fail this write.
  const current = await deps.prisma.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { version: true },
  });
  const before = options.skipModelValidation ? null : await deps.cache.get(workspaceId, current.version);
  const known = new Set((before?.issues ?? []).map(issueKey));
  let result: WriteResult<T>;
  try {
    result = await deps.prisma.$transaction(
      async (tx) => {
        const ws = await tx.workspace.update({
          where: { id: workspaceId },
          data: { version: { increment: 1 } },
        });
        const armId = options.audited ? null : auditedArmId(deps);
        const readTarget = options.audited ?? (armId ? (t: Tx) => readAudited(t, workspaceId, armId) : null);
        const before = readTarget ? await readTarget(tx) : null;
        // Optimistic concurrency, race-free: the version is compared under the workspace row lock taken above,
        // which every writer of this workspace takes first, so check-and-write is atomic (one winner per version).
        checkExpectedVersion(deps, before, options.what);
        const value = await work(tx);
        const after = readTarget ? await readTarget(tx) : auditedRow(value);
        await recordAudit(tx, deps, {
          workspaceId,
          workspaceName: ws.name,
          resourceType:
            rowType(after) ??
            rowType(before) ??
            typeOfArmId(rowArmId(after) ?? armId) ??
            typeOfOperation(deps),
          resourceId: rowId(after) ?? rowId(before),
          resourceArmId: rowArmId(after) ?? rowArmId(before) ?? armId,
          before,
          after,
          details: deps.operation ? { input: deps.operation.args.input ?? deps.operation.args } : undefined,
        });
        const compiled = compileSnapshot(await loadNetwork(tx, workspaceId));
        const introduced = compiled.issues.filter((i) => !known.has(issueKey(i)));
        const toDetail = (i: Issue): IssueDetail => ({
          code: i.code,
          path: fitToInput(toInputPath(i.path, options.pathPrefix), deps.operation?.args, i.resourceId),
          message: i.message,
          resourceId: i.resourceId,
          severity: i.severity ?? 'error',
        });
        if (!options.skipModelValidation) {
          throwIfIssues(introduced.filter((i) => i.severity !== 'warning').map(toDetail));
        }
        return {
          value,
          warnings: introduced.filter((i) => i.severity === 'warning').map(toDetail),
          compiled,
        };
      },
      { timeout: 30_000, maxWait: 15_000 },
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw translateDatabaseError(error, options.what);
  }
  deps.cache.put(result.compiled);
  // Committed: the saved checks re-run on this version in the background (coalesced with newer writes). Nothing
  // about that run, not even a failure to queue it, may change this write's answer.
  try {
    scheduleCheckRunAfterWrite(deps, result.compiled);
  } catch (error) {
    deps.logger.warn('could not queue the saved checks after a write', {
      workspaceId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Audit: every write through here records who, which resource, before and after (same transaction).
// ---------------------------------------------------------------------------------------------------------------

type AuditedRow = Record<string, unknown>;

/**
 * Mutations whose changed row is not `input.id`: the input fields naming it (the row whose version they bump), so
 * their history shows that row before/after and `input.expectedVersion` (when their input type has it) is that
 * row's version: dissociating an NSG changes the subnet or NIC, ASG membership the IP configuration, static
 * membership the network group; (dis)associating an NSG changes the subnet or NIC.
 */
const TARGET_FIELDS: Record<string, readonly string[]> = {
  associateNetworkSecurityGroup: ['subnetId', 'networkInterfaceId'],
  dissociateNetworkSecurityGroup: ['subnetId', 'networkInterfaceId'],
  addApplicationSecurityGroupMember: ['ipConfigurationId'],
  removeApplicationSecurityGroupMember: ['ipConfigurationId'],
  addNetworkGroupMember: ['networkGroupId'],
  removeNetworkGroupMember: ['networkGroupId'],
};
const DEFAULT_TARGET_FIELDS = ['id', 'networkSecurityGroupId'] as const;

/** The ARM id the running mutation changes (`input.id`, or its TARGET_FIELDS), when it names one. */
function auditedArmId(deps: ServiceDeps): string | null {
  const input = deps.operation?.args.input as Record<string, unknown> | undefined;
  for (const field of TARGET_FIELDS[deps.operation?.field ?? ''] ?? DEFAULT_TARGET_FIELDS) {
    const id = input?.[field];
    if (typeof id === 'string') return id;
  }
  return null;
}

async function readAudited(tx: Tx, workspaceId: string, armId: string): Promise<AuditedRow | null> {
  if (/\/securityRules\/[^/]+$/i.test(armId)) {
    const rule = await tx.securityRule.findFirst({
      where: { workspaceId, armId: { equals: armId, mode: 'insensitive' } },
    });
    return rule ? { ...rule, __typename: 'SecurityRule' } : null;
  }
  const [row] = await findResourcesByArmIds(tx as unknown as PrismaClient, workspaceId, [armId]);
  return (row as unknown as AuditedRow | undefined) ?? null;
}

/** A write's returned value when it is a row (has `armId`). */
function auditedRow(value: unknown): AuditedRow | null {
  return value && typeof value === 'object' && 'armId' in value ? (value as AuditedRow) : null;
}

const rowType = (r: AuditedRow | null) => (typeof r?.__typename === 'string' ? r.__typename : undefined);
const rowId = (r: AuditedRow | null) => (typeof r?.id === 'string' ? r.id : undefined);
const rowArmId = (r: AuditedRow | null) => (typeof r?.armId === 'string' ? r.armId : undefined);

/** `input.expectedVersion` of the running mutation against the row as it is now (under the lock). */
function checkExpectedVersion(deps: ServiceDeps, current: AuditedRow | null, what: string): void {
  const input = deps.operation?.args.input as Record<string, unknown> | undefined;
  const expected = input?.expectedVersion;
  if (typeof expected !== 'number' || !current || typeof current.version !== 'number') return;
  if (current.version === expected) return;
  // A mutation of another row than its subject (dissociation, membership) names the row whose version it compared.
  const label =
    TARGET_FIELDS[deps.operation?.field ?? ''] && typeof current.name === 'string'
      ? `${rowType(current) ?? 'Resource'} '${current.name}'`
      : what;
  throw conflict(
    'VersionMismatch',
    `${label} changed since version ${expected} (now ${current.version}); reload and retry.`,
    {
      field: 'expectedVersion',
      currentVersion: current.version,
      current: conflictState(current),
    },
  );
}

function typeOfArmId(armId: string | null | undefined): string | undefined {
  if (!armId) return undefined;
  return /\/securityRules\/[^/]+$/i.test(armId) ? 'SecurityRule' : (typenameOfArmId(armId) ?? undefined);
}

/** `createNetworkSecurityGroup` → `NetworkSecurityGroup` (the mutation's noun). */
function typeOfOperation(deps: ServiceDeps): string {
  const field = deps.operation?.field ?? 'Resource';
  return (
    field.replace(/^(create|update|delete|set|add|remove|associate|dissociate|reorder|deploy)/, '') || field
  );
}
