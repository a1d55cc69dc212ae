import { diffJson, showJsonValue } from './json-diff';

describe('diffJson', () => {
  it('lists the changed leaves of a rule edit', () => {
    const before = { name: 'r', properties: { priority: 100, access: 'Allow', ports: ['80', '443'] } };
    const after = { name: 'r', properties: { priority: 100, access: 'Deny', ports: ['80'] } };
    expect(diffJson(before, after)).toEqual([
      { path: 'properties.access', kind: 'changed', before: 'Allow', after: 'Deny' },
      { path: 'properties.ports', kind: 'changed', before: ['80', '443'], after: ['80'] },
    ]);
  });

  it('lists every field of a created or deleted resource', () => {
    expect(diffJson(null, { a: 1, b: { c: 2 } })).toEqual([
      { path: 'a', kind: 'added', after: 1 },
      { path: 'b', kind: 'added', after: { c: 2 } },
    ]);
    expect(diffJson({ a: 1 }, null)).toEqual([{ path: 'a', kind: 'removed', before: 1 }]);
  });

  it('compares arrays of objects by index and finds nothing when equal', () => {
    expect(diffJson({ l: [{ x: 1 }, { x: 2 }] }, { l: [{ x: 1 }, { x: 3 }] })).toEqual([
      { path: 'l[1].x', kind: 'changed', before: 2, after: 3 },
    ]);
    expect(diffJson({ a: [1] }, { a: [1] })).toEqual([]);
  });

  it('shows values', () => {
    expect(showJsonValue('x')).toBe('x');
    expect(showJsonValue([1, 2])).toBe('[1,2]');
    expect(showJsonValue(undefined)).toBe('');
  });
});
