import fc from 'fast-check';
import {
  parseAddressPrefix,
  parseIpAddress,
  parseIpv4Fast,
  parseIpv6Fast,
  setToPrefixTexts,
  subtract,
  union,
  setFromPrefixes,
} from './address';

describe('§2.4 strict IP address parsing (hostile inputs)', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['fd00:1::4', 'fd00:1::4'],
    ['FD00:0001:0000:0000:0000:0000:0000:0004', 'fd00:1::4'],
    ['::', '::'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['2001:db8::1', '2001:db8::1'],
  ])('accepts %s (canonical %s)', (text, canonical) => {
    const r = parseIpAddress(text);
    expect(r.ok && r.value.text).toBe(canonical);
  });

  it.each([
    ['010.0.0.1', 'octal-looking leading zero'],
    ['0x0a.0.0.1', 'hex octet'],
    ['10.1', 'short form'],
    ['10', 'single number'],
    ['167772161', 'integer form'],
    ['10.0.0.01', 'leading zero in last octet'],
    ['256.0.0.1', 'octet above 255'],
    ['10.0.0.1.', 'trailing dot'],
    [' 10.0.0.1', 'leading space'],
    ['10.0.0.1/32', 'a prefix is not an address'],
    ['fe80::1%eth0', 'zone id'],
    ['1:2:3:4:5:6:7:8:9', 'nine groups'],
    ['1::2::3', 'two ::'],
    ['::ffff:010.0.0.1', 'leading zero in embedded IPv4'],
    ['12345::1', 'five hex digits'],
    ['', 'empty'],
    ['*', 'wildcard'],
  ])('rejects %s (%s)', (text) => {
    expect(parseIpAddress(text).ok).toBe(false);
  });
});

describe('§2.2.4 strict prefix parsing', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.5', '10.0.0.5/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['fd00:1::/48', 'fd00:1::/48'],
    ['::/0', '::/0'],
  ])('accepts %s', (text, canonical) => {
    const r = parseAddressPrefix(text);
    expect(r.ok && r.value.text).toBe(canonical);
  });

  it.each([
    ['50.206.209.68/27', /host bits/],
    ['10.0.0.1/24', /host bits/],
    ['fd00:1::1/64', /host bits/],
    ['10.0.0.0/33', /prefix length/],
    ['fd00::/129', /prefix length/],
    ['10.0.0.0/08', /prefix length/],
    ['10.0.0.1-10.0.0.9', /not a valid/],
    ['010.0.0.0/8', /not a valid/],
    ['VirtualNetwork', /not a valid/],
  ])('rejects %s', (text, message) => {
    const r = parseAddressPrefix(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('§11.13 the lenient mode normalises host bits and says so', () => {
    const r = parseAddressPrefix('50.206.209.68/27', { allowHostBits: true });
    expect(r.ok && r.value.text).toBe('50.206.209.64/27');
    expect(r.hostBitsSet).toBe(true);
  });
});

describe('§4 interval sets behind tag expansion', () => {
  const set = (...ps: string[]) =>
    setFromPrefixes(
      ps.map((p) => {
        const r = parseAddressPrefix(p);
        if (!r.ok) throw new Error(p);
        return r.value;
      }),
    );
  it.each([
    [['10.0.0.0/25', '10.0.0.128/25'], ['10.0.0.0/24']],
    [['10.0.0.0/8', '10.1.0.0/16'], ['10.0.0.0/8']],
    [['fd00::/17', 'fd00:8000::/17'], ['fd00::/16']],
  ])('union %j = %j', (parts, expected) => {
    expect(setToPrefixTexts(union(...parts.map((p) => set(p))))).toEqual(expected);
  });
  it('subtract splits intervals', () => {
    expect(setToPrefixTexts(subtract(set('10.0.0.0/24'), set('10.0.0.0/25')))).toEqual(['10.0.0.128/25']);
    expect(setToPrefixTexts(subtract(set('0.0.0.0/0'), set('0.0.0.0/1')))).toEqual(['128.0.0.0/1']);
  });
});

describe('§2.2 parsers survive random strings (never throw, always a result)', () => {
  it('parseIpAddress / parseAddressPrefix / fast parsers on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const a = parseIpAddress(s);
        const p = parseAddressPrefix(s);
        expect(typeof a.ok).toBe('boolean');
        expect(typeof p.ok).toBe('boolean');
        expect(typeof parseIpv4Fast(s)).toBe('number');
        parseIpv6Fast(s);
      }),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('address-shaped random strings: the fast IPv4 parser agrees with the strict one', () => {
    const octet = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.constantFrom('00', '01', '0x1', '', '-1'),
    );
    fc.assert(
      fc.property(fc.array(octet, { minLength: 1, maxLength: 5 }), (parts) => {
        const s = parts.join('.');
        const strict = parseIpAddress(s);
        const fast = parseIpv4Fast(s);
        expect(fast >= 0).toBe(strict.ok && strict.value.family === 4);
      }),
      { seed: 7, numRuns: 5000 },
    );
  });

  it('IPv6-shaped random strings: the fast IPv6 parser agrees with the strict parser', () => {
    const group = fc.oneof(
      fc.integer({ min: 0, max: 0xfffff }).map((n) => n.toString(16)),
      fc.constantFrom('', ':', '1.2.3.4', 'g'),
    );
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 10 }), (parts) => {
        const s = parts.join(':');
        const strict = parseIpAddress(s);
        const fast = parseIpv6Fast(s);
        if (strict.ok && strict.value.family === 6) expect(fast).toBe(strict.value.v6);
        else if (!s.includes('.') || fast === null)
          expect(strict.ok && strict.value.family === 6).toBe(false);
      }),
      { seed: 11, numRuns: 5000 },
    );
  });
});
