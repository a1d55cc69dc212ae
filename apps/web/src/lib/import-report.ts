/** Helpers for the import page: JSON paths for issues, grouping warnings (skipped types) for the report. */

export interface ImportIssueLike {
  code: string;
  path: readonly string[] | string;
  message: string;
  resourceId?: string | null;
  severity: 'ERROR' | 'WARNING';
}

/** `["resources", "3", "properties"]` → `$.resources[3].properties` (the way jq and the portal show it). */
export function jsonPath(path: readonly (string | number)[] | string): string {
  if (typeof path === 'string') return path;
  // The API sends a JSON path as the single segment of `Issue.path`.
  if (path.length === 1 && String(path[0]).startsWith('$')) return String(path[0]);
  let out = '$';
  for (const seg of path) {
    const s = String(seg);
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Issues grouped by code (most frequent first), e.g. how many resources of an unsupported type were skipped. */
export function groupIssues(
  issues: readonly ImportIssueLike[],
): { code: string; severity: string; count: number; example: string }[] {
  const groups = new Map<string, { code: string; severity: string; count: number; example: string }>();
  for (const i of issues) {
    const key = `${i.severity}:${i.code}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { code: i.code, severity: i.severity, count: 1, example: i.message });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Builds the GraphQL request body around the file's text without parsing and re-serialising a large document. */
export function buildImportBody(
  query: string,
  documentText: string,
  workspace: string,
  replace: boolean,
): string {
  return `{"query":${JSON.stringify(query)},"variables":{"input":{"workspace":${JSON.stringify(workspace)},"replace":${replace ? 'true' : 'false'},"document":${documentText.trim()}}}}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
