import { EnvError, readEnv } from './env';

describe('FLOWVERIFY_BOOTSTRAP_TOKEN', () => {
  const read = (value: string | undefined) => readEnv({ FLOWVERIFY_BOOTSTRAP_TOKEN: value });

  it('takes any value a client can send as a Bearer token, exactly as given', () => {
    for (const value of [
      'test-admin-token',
      'secret-token-1',
      'fv_short',
      'a',
      'pässwörd',
      'x'.repeat(500),
    ]) {
      expect(read(value).bootstrapToken).toBe(value);
    }
  });

  it('warns (does not refuse) below 16 characters', () => {
    expect(read('fv_short').warnings).toEqual([expect.stringMatching(/shorter than 16 characters/)]);
    expect(read('test-admin-token').warnings).toEqual([]);
    expect(read('fv_0123456789abcdef0123456789abcdef').warnings).toEqual([]);
  });

  it('unset or empty: none', () => {
    expect(read(undefined)).toMatchObject({ bootstrapToken: undefined, warnings: [] });
    expect(read('')).toMatchObject({ bootstrapToken: undefined, warnings: [] });
  });

  it.each([
    ['only whitespace', '   ', /only whitespace/],
    ['a trailing newline', 'test-admin-token\n', /whitespace or control characters/],
    ['a leading space', ' test-admin-token', /whitespace or control characters/],
    ['a space inside', 'test admin', /whitespace or control characters/],
    ['a control character', 'test\u0007token', /whitespace or control characters/],
    ['more than 8192 characters', 'x'.repeat(8193), /at most 8192/],
  ])('refuses %s, saying why', (_what, value, message) => {
    expect(() => read(value)).toThrow(EnvError);
    expect(() => read(value)).toThrow(message);
  });
});
