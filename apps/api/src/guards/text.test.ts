import { findNulText, jsonBodyHasNoNul } from './text';

describe('jsonBodyHasNoNul', () => {
  const body = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

  it.each([
    ['no NUL anywhere', body({ i: [{ localPort: '80' }] }), 'utf-8', true],
    ['the utf8 spelling of the charset', body({ i: 'x' }), 'utf8', true],
    ['a NUL in a value (JSON escapes it)', body({ i: [{ localPort: '8\u00000' }] }), 'utf-8', false],
    ['a NUL in a key', body({ ['a\u0000']: 1 }), 'utf-8', false],
    // The text "\u0000" (a backslash, then u0000) holds no NUL, but the bytes cannot tell: walk the variables.
    ['an escaped backslash before u0000', body({ i: '\\u0000' }), 'utf-8', false],
    ['another charset', Buffer.from(JSON.stringify({ i: 'x' }), 'utf16le'), 'utf-16le', false],
  ])('%s', (_what, raw, encoding, expected) => {
    expect(jsonBodyHasNoNul(raw, encoding)).toBe(expected);
  });

  it('is never true for a body whose parsed strings hold U+0000', () => {
    for (const value of ['\u0000', 'a\u0000', { k: ['x', { y: '\u0000' }] }, { ['\u0000']: 'v' }]) {
      const raw = body(value);
      expect(findNulText(JSON.parse(raw.toString('utf8')), '')).not.toBeNull();
      expect(jsonBodyHasNoNul(raw, 'utf-8')).toBe(false);
    }
  });

  it('holds because JSON refuses a raw NUL inside a string', () => {
    expect(() => JSON.parse('"a\u0000b"')).toThrow(SyntaxError);
  });
});
