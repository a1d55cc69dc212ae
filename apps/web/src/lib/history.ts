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
