import { draftWorkspace, isValidDraftName, splitWorkspace } from './drafts';

describe('draft workspace names', () => {
  it.each([
    ['default', { base: 'default', draft: null }],
    ['default~open-ssh', { base: 'default', draft: 'open-ssh' }],
    ['~x', { base: '~x', draft: null }],
    ['a~', { base: 'a~', draft: null }],
  ])('splits %s', (name, ref) => {
    expect(splitWorkspace(name)).toEqual(ref);
  });

  it('builds and splits back', () => {
    expect(splitWorkspace(draftWorkspace('prod', 'fix.1'))).toEqual({ base: 'prod', draft: 'fix.1' });
  });

  it.each([
    ['ok-name_1.2', true],
    ['', false],
    ['has space', false],
    ['a'.repeat(65), false],
  ])('validates %s', (name, ok) => {
    expect(isValidDraftName(name)).toBe(ok);
  });
});
