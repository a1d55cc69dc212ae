import { changedFields, showValue } from './conflict-diff';

describe('changedFields', () => {
  const read = {
    id: 'r1',
    name: 'allow-https',
    priority: 300,
    access: 'ALLOW',
    direction: 'INBOUND',
    destinationPortRanges: ['443'],
    description: null,
    version: 1,
  };

  it.each([
    ['a changed number', { priority: 310 }, [{ field: 'priority', read: 300, current: 310 }]],
    ['an enum in another case is not a change', { access: 'Allow', direction: 'Inbound' }, []],
    ['a changed enum', { access: 'Deny' }, [{ field: 'access', read: 'ALLOW', current: 'Deny' }]],
    [
      'a changed list',
      { destinationPortRanges: ['443', '8443'] },
      [{ field: 'destinationPortRanges', read: ['443'], current: ['443', '8443'] }],
    ],
    ['null and missing text are the same', { description: null }, []],
    ['bookkeeping fields are ignored', { id: 'other', version: 7, updatedAt: 'now' }, []],
    ['fields only the server has are ignored', { workspaceId: 'w', networkSecurityGroupId: 'n' }, []],
  ])('%s', (_name, patch, expected) => {
    expect(changedFields(read, { ...read, access: 'Allow', direction: 'Inbound', ...patch })).toEqual(
      expected,
    );
  });

  it('answers nothing for a missing or non-object current state', () => {
    expect(changedFields(read, null)).toEqual([]);
    expect(changedFields(read, 'x')).toEqual([]);
  });
});

describe('showValue', () => {
  it.each([
    [null, '(none)'],
    ['', '(none)'],
    [[], '(none)'],
    [['10.0.0.0/8', '192.168.0.0/16'], '10.0.0.0/8, 192.168.0.0/16'],
    [310, '310'],
    [{ a: 1 }, '{"a":1}'],
  ])('%p → %s', (value, text) => {
    expect(showValue(value)).toBe(text);
  });
});
