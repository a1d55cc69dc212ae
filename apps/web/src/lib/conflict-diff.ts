/**
 * What someone else changed: the fields whose current value (the API's `extensions.current`, database field names)
 * differs from the value this page read (GraphQL field names, which are the same words). Enum spellings differ
 * only in case between the two (ALLOW / Allow), so strings compare case-insensitively. Bookkeeping fields are left
 * out. Pure; tested.
 */
export interface ChangedField {
  field: string;
  read: unknown;
  current: unknown;
}

const BOOKKEEPING = new Set([
  'id',
  'armId',
  'version',
  'workspaceId',
  'createdAt',
  'updatedAt',
  '__typename',
]);

function normalise(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.toLowerCase());
  if (Array.isArray(value)) return `[${value.map(normalise).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${k}:${normalise(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function changedFields(read: Record<string, unknown>, current: unknown): ChangedField[] {
  if (!current || typeof current !== 'object') return [];
  const now = current as Record<string, unknown>;
  return Object.keys(read)
    .filter((field) => !BOOKKEEPING.has(field) && field in now)
    .filter((field) => normalise(read[field]) !== normalise(now[field]))
    .map((field) => ({ field, read: read[field], current: now[field] }));
}

/** A value as one short line for the dialog. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.map(showValue).join(', ') : '(none)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
