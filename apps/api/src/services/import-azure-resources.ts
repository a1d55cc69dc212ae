/**
 * importAzureResources: an Azure export → the workspace's model, in ONE transaction.
 *
 * 1. normalise the document (pure, `import/normalize.ts`) → NetworkInput + source map + skipped types; children
 *    given without their parent (`az network nsg rule list`) are attached, inside the transaction, to the parent
 *    stored in the workspace (by case-insensitive ARM id), or refused (`ParentNotFound`) when it is in neither;
 * 2. inside the transaction, merge it over the workspace's current model (upsert by case-insensitive ARM id: the
 *    document is authoritative for every resource it contains, children included) and validate the merged model
 *    with the engine's `parseNetwork`, so references to resources already in the workspace resolve;
 * 3. any error → throw BAD_USER_INPUT / InvalidImport listing every issue with its JSON path (nothing written);
 * 4. otherwise write with batched `createMany` per table in dependency order, update changed rows in place, skip
 *    unchanged ones, and bump the workspace version (the verifier cache key) in the same transaction.
 */
import type { PrismaClient, Tx, Workspace } from '../db';
import { NETWORK_COLLECTIONS, parseNetwork, type NetworkInput } from '../engine';
import { AppError, badInput, type IssueDetail } from '../errors';
import { armIdKey } from '../import/arm-id';
import { findSourcePath } from '../import/json-path';
import { addPlaceholders } from '../import/placeholders';
import {
  normalizeAzureDocument,
  type ImportIssue,
  type NormalizeOptions,
  type SkippedType,
} from '../import/normalize';
import type { CheckRun } from '@flowverify/db';
import { requireRole } from '../auth/directive';
import { recordAudit } from './audit';
import { runSavedChecksIfAny } from './check-run';
import type { ServiceDeps } from './deps';
import { loadNetwork } from './load-network';
import { DEFAULT_WORKSPACE } from './workspaces';
import { checkStoredValues, writeNetwork, type KindCount } from './import-write';

export interface ImportAzureResourcesInput {
  workspace?: string | null;
  document: unknown;
  replace?: boolean | null;
}

export interface ImportAzureResourcesResult {
  workspace: Workspace;
  importedCount: number;
  counts: KindCount[];
  skipped: SkippedType[];
  warnings: ImportIssue[];
  /** The workspace's saved checks run after the import (null when it has none). */
  checkRun?: CheckRun | null;
}

const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Generous: a 50 MB export takes well under a minute, but PGlite on a slow disk may need more. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

/** The GraphQL service: imports, then drops the workspace's compiled verifier so verification sees the new model. */
export async function importAzureResources(
  deps: ServiceDeps,
  input: ImportAzureResourcesInput,
): Promise<ImportAzureResourcesResult> {
  // Replacing empties the workspace first: that needs its admin (merging needs editor, checked by @auth).
  if (input.replace) await requireRole(deps, input.workspace ?? DEFAULT_WORKSPACE, 'admin');
  const result = await importAzureDocument(deps.prisma, input, {}, deps);
  deps.cache.invalidate(result.workspace.id);
  deps.logger.info('azure resources imported', {
    workspace: result.workspace.name,
    importedCount: result.importedCount,
    skipped: result.skipped.reduce((n, s) => n + s.count, 0),
    warnings: result.warnings.length,
  });
  // End hook: the workspace's saved checks run against the imported model (drafts run their base's checks).
  return { ...result, checkRun: await runSavedChecksIfAny(deps, result.workspace.id, 'import') };
}

/** The same without the API's cache (seed, scripts). Throws AppError on invalid documents. */
export async function importAzureDocument(
  prisma: PrismaClient,
  input: ImportAzureResourcesInput,
  options: NormalizeOptions = {},
  /** Who is importing, for the audit entry (absent: the system, e.g. the demo seed). */
  actor: Pick<ServiceDeps, 'caller' | 'operation'> = {},
): Promise<ImportAzureResourcesResult> {
  const name = input.workspace ?? DEFAULT_WORKSPACE;
  const parsed = parseIfText(input.document);
  let normalized = normalizeAzureDocument(parsed, options);
  let document = normalized.input;

  return prisma.$transaction(
    async (tx) => {
      const workspace =
        (await tx.workspace.findUnique({ where: { name } })) ?? (await createWorkspace(tx, name));
      // Serialise with every other write to this workspace (they lock the row by bumping its version).
      await tx.$executeRaw`SELECT 1 FROM workspace WHERE id = ${workspace.id}::uuid FOR UPDATE`;
      if (input.replace) await emptyWorkspace(tx, workspace.id);
      const existing = input.replace ? emptyNetwork() : (await loadNetwork(tx, workspace.id)).input;
      // Children given without their parent (`az network nsg rule list`): attach them to the parent stored in the
      // workspace, read in this transaction (normalising again is pure; only such documents pay for it).
      if (!input.replace && normalized.issues.some((i) => i.code === 'ParentNotInDocument')) {
        normalized = normalizeAzureDocument(parsed, { ...options, existing });
        document = normalized.input;
      }

      // NSGs and ASGs referenced before their own export is in (one file at a time, any order): placeholders.
      const placeholders = addPlaceholders(document, existing, normalized.sourcePaths);
      document = placeholders.document;
      const issues = [...normalized.issues, ...placeholders.issues];
      // Where the normaliser already reported a missing or mistyped field, the engine's complaint about the
      // placeholder it got instead is noise.
      const shapeErrors = new Set(normalized.issues.filter((i) => i.severity === 'error').map((i) => i.path));
      for (const issue of validateMerged(document, existing, normalized.sourcePaths)) {
        if (!shapeErrors.has(issue.path)) issues.push(issue);
      }
      for (const issue of checkStoredValues(document)) {
        const path = findSourcePath(normalized.sourcePaths, issue.path);
        if (shapeErrors.has(path)) continue;
        issues.push({
          code: issue.code,
          path,
          resourceId: issue.resourceId,
          message: issue.message,
          severity: 'error',
        });
      }
      const errors = dedupe(issues.filter((i) => i.severity === 'error'));
      if (errors.length > 0) throw invalidImport(errors);

      const changedArmIds: string[] = [];
      const counts = await writeNetwork(tx, workspace.id, document, existing, { changedArmIds });
      const importedCount = counts.reduce((n, c) => n + c.created + c.updated, 0);
      // One history entry per import (named after the mutation, also when the CLI or a service imports), with the
      // counts per kind; `details.replace` tells a replace-import from a merge.
      await recordAudit(tx, actor, {
        workspaceId: workspace.id,
        workspaceName: workspace.name,
        action: 'importAzureResources',
        resourceType: 'Workspace',
        resourceId: workspace.id,
        details: { importedCount, counts, skipped: normalized.skipped, replace: Boolean(input.replace) },
        // Each created or changed resource's History (armIdPrefix) shows the import.
        relatedArmIds: changedArmIds,
      });
      // The version is the verifier cache key: bump it whenever the model may have changed.
      const changed = importedCount > 0 || Boolean(input.replace);
      return {
        workspace: changed
          ? await tx.workspace.update({ where: { id: workspace.id }, data: { version: { increment: 1 } } })
          : workspace,
        importedCount,
        counts,
        skipped: normalized.skipped,
        warnings: issues.filter((i) => i.severity === 'warning'),
      };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}

/** A document sent as JSON text (pasted, or read as a string) is parsed first. */
function parseIfText(document: unknown): unknown {
  let parsed = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw badInput('InvalidJson', `The document is text that is not JSON: ${(error as Error).message}`, {
        field: 'document',
      });
    }
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw badInput(
      'InvalidDocument',
      `The document is ${parsed === null ? 'null' : `a ${typeof parsed}`}; it must be a JSON object or array: an az CLI list, an ARM REST response ({ "value": [...] }), an ARM template, or an object of arrays by kind.`,
      { field: 'document' },
    );
  }
  return parsed;
}

/** Creates the workspace an import names (existing ones, drafts included, are imported into as they are). */
async function createWorkspace(tx: Tx, name: string): Promise<Workspace> {
  if (!WORKSPACE_NAME.test(name)) {
    throw badInput(
      'InvalidName',
      `Workspace '${name}' does not exist, and a new workspace name is 1-64 letters, digits, ".", "-" or "_", starting with a letter or digit.`,
      { field: 'workspace' },
    );
  }
  return tx.workspace.create({ data: { name } });
}

/** Deletes every resource of a workspace, children before what they reference. */
export async function emptyWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  const where = { workspaceId };
  await tx.ipConfigurationApplicationSecurityGroup.deleteMany({ where });
  await tx.securityRuleApplicationSecurityGroup.deleteMany({ where });
  await tx.ipConfiguration.deleteMany({ where });
  await tx.networkInterface.deleteMany({ where });
  await tx.virtualMachine.deleteMany({ where });
  await tx.securityRule.deleteMany({ where });
  await tx.virtualNetworkPeering.deleteMany({ where });
  await tx.subnet.deleteMany({ where });
  await tx.virtualNetwork.deleteMany({ where });
  await tx.networkSecurityGroup.deleteMany({ where });
  await tx.applicationSecurityGroup.deleteMany({ where });
  await tx.serviceTag.deleteMany({ where });
  await tx.networkManager.deleteMany({ where });
}

export function emptyNetwork(): NetworkInput &
  Required<Pick<NetworkInput, 'serviceTags' | 'networkManagers'>> {
  return {
    virtualNetworks: [],
    networkSecurityGroups: [],
    applicationSecurityGroups: [],
    networkInterfaces: [],
    virtualMachines: [],
    serviceTags: [],
    networkManagers: [],
  };
}

type ListKey = Exclude<keyof NetworkInput, 'options'>;
const LIST_KEYS: readonly ListKey[] = NETWORK_COLLECTIONS;

const keyOf = (kind: ListKey, item: { id?: string; name: string }): string =>
  kind === 'serviceTags' ? item.name.toLowerCase() : armIdKey(item.id ?? '');

/**
 * The model as it will be after the import: the document's resources first (so engine issue paths index the
 * document's normalised input directly), then the workspace's other resources.
 */
export function mergeNetworks(
  document: NetworkInput,
  existing: NetworkInput,
): { merged: NetworkInput; sizes: Record<ListKey, number> } {
  const merged = emptyNetwork() as NetworkInput;
  const sizes = {} as Record<ListKey, number>;
  for (const kind of LIST_KEYS) {
    const docItems = (document[kind] ?? []) as { id?: string; name: string }[];
    const taken = new Set(docItems.map((i) => keyOf(kind, i)));
    const rest = ((existing[kind] ?? []) as { id?: string; name: string }[]).filter(
      (i) => !taken.has(keyOf(kind, i)),
    );
    (merged as unknown as Record<string, unknown[]>)[kind] = [...docItems, ...rest];
    sizes[kind] = docItems.length;
  }
  if (existing.options) merged.options = existing.options;
  return { merged, sizes };
}

/**
 * Engine issues of the merged model that concern the document (mapped to JSON paths), plus issues the import
 * would newly cause in resources already in the workspace (e.g. a NIC left pointing at a subnet the document
 * removes from its VNet).
 */
function validateMerged(
  document: NetworkInput,
  existing: NetworkInput,
  sourcePaths: Map<string, string>,
): ImportIssue[] {
  const { merged, sizes } = mergeNetworks(document, existing);
  const { issues } = parseNetwork(merged);
  const out: ImportIssue[] = [];
  let baseline: Set<string> | undefined;
  const signature = (i: { code: string; resourceId?: string; message: string }) =>
    `${i.code}|${(i.resourceId ?? '').toLowerCase()}|${i.message}`;
  for (const issue of issues) {
    const [kind, index] = issue.path as [ListKey | undefined, number | undefined];
    const severity = issue.severity ?? 'error';
    const inDocument = kind !== undefined && typeof index === 'number' && index < (sizes[kind] ?? 0);
    if (inDocument) {
      out.push({
        code: issue.code,
        path: findSourcePath(sourcePaths, issue.path),
        ...(issue.resourceId ? { resourceId: issue.resourceId } : {}),
        message: issue.message,
        severity,
      });
      continue;
    }
    if (severity !== 'error') continue;
    baseline ??= new Set(parseNetwork(existing).issues.map(signature));
    if (baseline.has(signature(issue))) continue; // already broken before this import: not ours to report
    out.push({
      code: issue.code,
      path: '$',
      ...(issue.resourceId ? { resourceId: issue.resourceId } : {}),
      message: `the import would break ${issue.resourceId ?? 'a resource'} already in the workspace: ${issue.message}`,
      severity,
    });
  }
  return withoutConsequences(out);
}

/**
 * The engine counts a NIC's primary IP configurations among those it could keep, so a primary configuration with
 * an error (its subnet missing) also reads as "found 0" primaries: noise next to the real problem, dropped.
 */
function withoutConsequences(issues: ImportIssue[]): ImportIssue[] {
  const brokenConfigs = issues
    .filter((i) => i.severity === 'error' && i.resourceId)
    .map((i) => armIdKey(i.resourceId!));
  return issues.filter(
    (i) =>
      i.code !== 'NicPrimaryIpConfigurationCount' ||
      !i.resourceId ||
      !brokenConfigs.some((id) => id.startsWith(`${armIdKey(i.resourceId!)}/ipconfigurations/`)),
  );
}

/** One issue per (path, code, message). */
function dedupe(issues: ImportIssue[]): ImportIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.code}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function invalidImport(errors: ImportIssue[]): AppError {
  const first = errors[0] as ImportIssue;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : '';
  // extensions.issues carries JSON paths (strings) into the document rather than input paths.
  const issues = errors.map(({ code, path, resourceId, message, severity }) => ({
    code,
    path,
    ...(resourceId ? { resourceId } : {}),
    message,
    severity,
  })) as unknown as IssueDetail[];
  return new AppError('InvalidInput', `The import is invalid: ${first.message} at ${first.path}${more}`, {
    reason: 'InvalidImport',
    field: 'document',
    issues,
  });
}
