import { buildImportBody, formatBytes, groupIssues, jsonPath } from './import-report';

describe('import report helpers', () => {
  it.each([
    [[], '$'],
    [['resources', '3', 'properties'], '$.resources[3].properties'],
    [['value', 0, 'properties', 'security Rules'], '$.value[0].properties["security Rules"]'],
    ['$.value[3].properties', '$.value[3].properties'],
    [['$.value[3].properties'], '$.value[3].properties'],
  ])('writes %p as %s', (path, expected) => {
    expect(jsonPath(path)).toBe(expected);
  });

  it('groups issues by severity and code, most frequent first', () => {
    const issues = [
      { code: 'UnsupportedType', path: [], message: 'a', severity: 'WARNING' as const },
      { code: 'InvalidPrefix', path: [], message: 'b', severity: 'ERROR' as const },
      { code: 'UnsupportedType', path: [], message: 'c', severity: 'WARNING' as const },
    ];
    expect(groupIssues(issues)).toEqual([
      { code: 'UnsupportedType', severity: 'WARNING', count: 2, example: 'a' },
      { code: 'InvalidPrefix', severity: 'ERROR', count: 1, example: 'b' },
    ]);
  });

  it('wraps the document text into a valid GraphQL body', () => {
    const body = buildImportBody('mutation X { x }', ' {"resources": [1]}\n', 'team "a"', true);
    expect(JSON.parse(body)).toEqual({
      query: 'mutation X { x }',
      variables: { input: { workspace: 'team "a"', replace: true, document: { resources: [1] } } },
    });
  });

  it('formats sizes', () => {
    expect(formatBytes(10)).toBe('10 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});
