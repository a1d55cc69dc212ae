/**
 * `extensions.current` of a CONFLICT (VersionMismatch): the resource as the GraphQL API shows it, as far as a
 * generic mapping of a database row allows — so a client can compare it field by field with what it read:
 * - `id` is the ARM id when the resource has one (the GraphQL `id`); our internal uuid is left out;
 * - `workspaceId` and the internal foreign-key uuids (`networkSecurityGroupId`, …) are left out (GraphQL shows those
 *   references as objects, which a row cannot);
 * - enum-valued fields use the GraphQL enum spelling (`Inbound` → `INBOUND`, `AlwaysAllow` → `ALWAYS_ALLOW`);
 * - everything else (name, priority, prefixes, `version`, …) as stored, dates as ISO strings.
 */
import { toGraphQLEnum } from '../schema/enums';

/**
 * The row fields that are GraphQL enums on the resource types (SecurityRule, AdminRule, NetworkGroup). A test
 * compares this list with the SDL.
 */
export const ENUM_FIELDS: ReadonlySet<string> = new Set([
  'direction',
  'access',
  'protocol',
  'kind',
  'memberType',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An internal reference: `…Id` holding a uuid (or null), never an ARM id (`…ArmId`) or a subscription id. */
function isInternalReference(key: string, value: unknown): boolean {
  if (key === 'workspaceId') return true;
  if (!key.endsWith('Id') || key.endsWith('ArmId') || key === 'subscriptionId') return false;
  return value === null || (typeof value === 'string' && UUID.test(value));
}

/** A database row (possibly tagged with `__typename`) → the current state as GraphQL shows it. */
export function conflictState(
  row: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  if (!row) return null;
  const plain = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof plain.armId === 'string') out.id = plain.armId;
  else if (plain.id !== undefined) out.id = plain.id;
  for (const [key, value] of Object.entries(plain)) {
    if (key === 'id' || key === 'armId' || key === '__typename' || isInternalReference(key, value)) continue;
    out[key] = ENUM_FIELDS.has(key) && typeof value === 'string' ? toGraphQLEnum(value) : value;
  }
  return out;
}
