/**
 * Helpers shared by the modelling services: ARM ids, name syntax, case-insensitive lookups, version checks.
 */
import type { Tx } from '../db';
import { AppError, conflict, type IssueDetail } from '../errors';
import { conflictState } from './conflict-state';

export const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** Azure's resource name syntax (the engine's RULE_NAME_RE): 1-80 word chars, '.', '-'; ends in a word char. */
const NAME_RE = /^\w([\w.-]{0,78}\w)?$/;
const RESOURCE_GROUP_RE = /^[-\w._()]{1,90}$/;
const SUBSCRIPTION_RE = /^[0-9a-fA-F-]{1,64}$/;

export function nameIssues(name: string, path: (string | number)[]): IssueDetail[] {
  return NAME_RE.test(name)
    ? []
    : [
        {
          code: 'InvalidName',
          path,
          message: `'${name}' is not a valid name: 1-80 letters, digits, '_', '.', '-', starting with a letter, digit or '_' and ending with a letter, digit or '_'.`,
        },
      ];
}

/** An Azure region name (`westeurope`, `West Europe`): 2-40 letters and digits once spaces are removed. */
export function regionIssues(region: string, path: (string | number)[], code: string): IssueDetail[] {
  return /^[a-z0-9]{2,40}$/i.test(region.replace(/\s+/g, ''))
    ? []
    : [{ code, path, message: `'${region}' is not an Azure region name.` }];
}

export interface TopLevelName {
  subscriptionId?: string | null;
  resourceGroup: string;
  name: string;
}

export function topLevelIssues(input: TopLevelName): IssueDetail[] {
  const issues = nameIssues(input.name, ['input', 'name']);
  if (!RESOURCE_GROUP_RE.test(input.resourceGroup) || input.resourceGroup.endsWith('.')) {
    issues.push({
      code: 'InvalidResourceGroup',
      path: ['input', 'resourceGroup'],
      message: `'${input.resourceGroup}' is not a valid resource group name.`,
    });
  }
  if (input.subscriptionId && !SUBSCRIPTION_RE.test(input.subscriptionId)) {
    issues.push({
      code: 'InvalidSubscriptionId',
      path: ['input', 'subscriptionId'],
      message: `'${input.subscriptionId}' is not a subscription id.`,
    });
  }
  return issues;
}

export function topLevelArmId(provider: string, type: string, input: TopLevelName): string {
  const sub = input.subscriptionId || DEFAULT_SUBSCRIPTION;
  return `/subscriptions/${sub}/resourceGroups/${input.resourceGroup}/providers/${provider}/${type}/${input.name}`;
}

/** Case-insensitive ARM id filter within a workspace. */
export const byArm = (workspaceId: string, armId: string) => ({
  workspaceId,
  armId: { equals: armId, mode: 'insensitive' as const },
});

interface FindFirst<T> {
  findFirst(args: { where: ReturnType<typeof byArm> }): Promise<T | null>;
}

/** The resource being changed; absent → NOT_FOUND on `field`. */
export async function requireTarget<T>(
  table: FindFirst<T>,
  workspaceId: string,
  armId: string,
  what: string,
  field = 'id',
): Promise<T> {
  const row = await table.findFirst({ where: byArm(workspaceId, armId) });
  if (!row)
    throw new AppError('NotFound', `${what} '${armId}' was not found.`, { reason: 'NotFound', field });
  return row;
}

/**
 * A referenced resource (an input field naming another resource). Missing → an issue (collected with the others
 * into one BAD_USER_INPUT), and null.
 */
export async function findReference<T>(
  table: FindFirst<T>,
  workspaceId: string,
  armId: string,
  what: string,
  path: (string | number)[],
  issues: IssueDetail[],
): Promise<T | null> {
  const row = await table.findFirst({ where: byArm(workspaceId, armId) });
  if (!row)
    issues.push({ code: 'NotFound', path, message: `${what} '${armId}' does not exist in this workspace.` });
  return row;
}

export async function requireAbsent(
  table: FindFirst<unknown>,
  workspaceId: string,
  armId: string,
  what: string,
) {
  if (await table.findFirst({ where: byArm(workspaceId, armId) })) {
    throw conflict('AlreadyExists', `${what} '${armId}' already exists.`, { field: 'name' });
  }
}

export function checkVersion(row: { version: number }, expected: number | null | undefined, what: string) {
  if (expected !== null && expected !== undefined && row.version !== expected) {
    throw conflict(
      'VersionMismatch',
      `${what} changed since version ${expected} (now ${row.version}); reload and retry.`,
      {
        field: 'expectedVersion',
        currentVersion: row.version,
        current: conflictState(row as unknown as Record<string, unknown>),
      },
    );
  }
}

/** Removes undefined keys so Prisma leaves those columns alone. */
export function defined<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type { Tx };
