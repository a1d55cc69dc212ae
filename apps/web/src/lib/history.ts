/**
 * Whether an audit entry's resource is `armId` or one of its parts (an NSG's rules, a VNet's subnets, a network
 * manager's groups and admin rules). Case-insensitive, like ARM ids.
 */
export function isResourceOrPart(entryArmId: string | null | undefined, armId: string): boolean {
  if (!entryArmId) return false;
  const a = entryArmId.toLowerCase();
  const b = armId.toLowerCase().replace(/\/+$/, '');
  return a === b || a.startsWith(`${b}/`);
}

/** Every string in a value (shallow over objects/arrays, two levels): the ARM ids a mutation's input names. */
function strings(value: unknown, depth = 2): string[] {
  if (typeof value === 'string') return [value];
  if (depth < 0 || value === null || typeof value !== 'object') return [];
  return Object.values(value as Record<string, unknown>).flatMap((v) => strings(v, depth - 1));
}

/**
 * Whether an audit entry is about `armId`: its resource is it or one of its parts, or (for creates, recorded before
 * the new resource has an id of its own) the mutation's input names it, e.g. createSecurityRule's
 * `networkSecurityGroupId`.
 */
export function isEntryAbout(
  entry: { resourceArmId?: string | null; details?: unknown },
  armId: string,
): boolean {
  if (isResourceOrPart(entry.resourceArmId, armId)) return true;
  const input = (entry.details as { input?: unknown } | null | undefined)?.input;
  return strings(input).some((s) => isResourceOrPart(s, armId));
}
