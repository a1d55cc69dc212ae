/**
 * ARM resource ids: building, parsing, comparing. ARM ids are case-insensitive; we keep the spelling we are
 * given and compare through `armIdKey`.
 */

export interface ParsedArmId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Full resource type, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  /** Names of the resource and its ancestors, outermost first. */
  names: string[];
}

/** The comparison key of an ARM id (lower case, no trailing slash). */
export function armIdKey(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

/** Parses `/subscriptions/…/resourceGroups/…/providers/Ns/type/name[/type/name…]`; undefined if not an id. */
export function parseArmId(id: string): ParsedArmId | undefined {
  const segments = id
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .split('/');
  const lower = segments.map((s) => s.toLowerCase());
  const providers = lower.lastIndexOf('providers');
  if (providers < 0 || providers + 3 > segments.length) return undefined;
  const subscriptionIndex = lower.indexOf('subscriptions');
  const groupIndex = lower.indexOf('resourcegroups');
  const namespace = segments[providers + 1] as string;
  const rest = segments.slice(providers + 2);
  if (rest.length % 2 !== 0 || rest.some((s) => s === '')) return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    types.push(rest[i] as string);
    names.push(rest[i + 1] as string);
  }
  return {
    subscriptionId: subscriptionIndex >= 0 ? segments[subscriptionIndex + 1] : undefined,
    resourceGroup: groupIndex >= 0 && groupIndex < providers ? segments[groupIndex + 1] : undefined,
    type: [namespace, ...types].join('/'),
    names,
  };
}

/** The id of the parent resource (`…/virtualNetworks/v` for `…/virtualNetworks/v/subnets/s`), if any. */
export function parentArmId(id: string): string | undefined {
  const parsed = parseArmId(id);
  if (!parsed || parsed.names.length < 2) return undefined;
  return id.trim().replace(/\/+$/, '').split('/').slice(0, -2).join('/');
}

/**
 * Builds an id from a resource type and its names, the way ARM's `resourceId()` does.
 * `names` may hold `a/b` forms; throws when the number of names does not fit the type.
 */
export function buildArmId(
  subscriptionId: string,
  resourceGroup: string,
  type: string,
  names: string[],
): string {
  const [namespace, ...types] = type.split('/');
  const flatNames = names.flatMap((n) => n.split('/'));
  if (!namespace || types.length === 0 || types.length !== flatNames.length) {
    throw new Error(`resource type '${type}' needs ${types.length} name(s), got ${flatNames.length}`);
  }
  const tail = types.map((t, i) => `${t}/${flatNames[i]}`).join('/');
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${namespace}/${tail}`;
}
