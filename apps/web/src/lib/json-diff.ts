/**
 * A field-level diff of two JSON values (an audit entry's before/after): every leaf path whose value differs,
 * with the old and new value. Arrays of scalars compare as one value; other arrays by index.
 */
export type JsonChangeKind = 'added' | 'removed' | 'changed';

export interface JsonChange {
  /** e.g. `properties.priority`, `properties.destinationPortRanges`, `securityRules[2].name`. */
  path: string;
  kind: JsonChangeKind;
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalarArray = (v: unknown): v is unknown[] =>
  Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object');

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffJson(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (same(before, after)) return [];
  if (before === undefined || before === null) {
    if (isObject(after) && path) return [{ path, kind: 'added', after }];
    if (isObject(after))
      return Object.keys(after).flatMap((k) => diffJson(undefined, after[k], join(path, k)));
    return [{ path: path || '(value)', kind: 'added', after }];
  }
  if (after === undefined || after === null) {
    if (isObject(before) && !path)
      return Object.keys(before).flatMap((k) => diffJson(before[k], undefined, join(path, k)));
    return [{ path: path || '(value)', kind: 'removed', before }];
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffJson(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && !(isScalarArray(before) && isScalarArray(after))) {
    const n = Math.max(before.length, after.length);
    const out: JsonChange[] = [];
    for (let i = 0; i < n; i++) out.push(...diffJson(before[i], after[i], join(path, i)));
    return out;
  }
  return [{ path: path || '(value)', kind: 'changed', before, after }];
}

/** A value for one table cell. */
export function showJsonValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
