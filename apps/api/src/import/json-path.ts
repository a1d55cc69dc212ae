/**
 * JSON paths in the `$.value[3].properties.securityRules[2].properties.priority` notation, used to point
 * import issues at the exact place in the user's document.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Appends one object key or array index to a JSON path. Never throws. */
export function appendJsonPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key).replace(/'/g, "\\'")}]`;
}

/** The key under which an engine input path is stored in a source map: `virtualNetworks.0.subnets.1`. */
export function inputPathKey(path: readonly (string | number)[]): string {
  return path.join('.');
}

/**
 * Finds the document JSON path for an engine input path: the exact entry, else the nearest recorded
 * ancestor (an issue about a derived field points at the resource that holds it). `$` when nothing matches.
 */
export function findSourcePath(
  sourcePaths: ReadonlyMap<string, string>,
  path: readonly (string | number)[],
): string {
  for (let n = path.length; n >= 0; n -= 1) {
    const found = sourcePaths.get(inputPathKey(path.slice(0, n)));
    if (found !== undefined) return found;
  }
  return '$';
}
