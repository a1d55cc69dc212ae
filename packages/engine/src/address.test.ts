import fc from 'fast-check';
import {
  parseAddressPrefix,
  parseIpAddress,
  parseIpv4Fast,
  parseIpv6Fast,
  parseIpv6Words,
  ipv6FromWords,
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
    // IPv4-compatible (RFC 4291 §2.2 form 3): the dotted quad is the low 32 bits, not IPv4-mapped.
    ['::1.2.3.4', '::102:304'],
    ['::255.255.255.255', '::ffff:ffff'],
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

describe('§2.4 allocation-free query parsers (verification path)', () => {
  const words = (s: string): bigint | null => {
    const out = new Uint32Array(4);
    return parseIpv6Words(s, out) ? ipv6FromWords(out[0] ?? 0, out[1] ?? 0, out[2] ?? 0, out[3] ?? 0) : null;
  };

  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['10.0.0.1', 0x0a000001],
    ['1.22.133.244', 0x0116_85f4],
    ['100.200.250.199', 0x64c8fac7],
  ])('IPv4 %s = %i', (text, value) => {
    expect(parseIpv4Fast(text)).toBe(value);
  });

  it.each([
    ['01.2.3.4', 'leading zero, first octet'],
    ['1.2.3.04', 'leading zero, last octet'],
    ['00.0.0.0', 'double zero'],
    ['1.2.3.256', 'octet above 255'],
    ['1.2.3.1000', 'four digits'],
    ['1234.1.1.1', 'four digits first'],
    ['1..2.3', 'empty octet'],
    ['1.2.3.', 'trailing dot'],
    ['.1.2.3', 'leading dot'],
    ['1.2.3.4.5', 'five octets'],
    ['1.2.3.4 ', 'trailing space'],
    ['1.2.3.4\n', 'trailing newline'],
    ['1.2.3.-4', 'sign'],
    ['1.2.3.4a', 'trailing letter'],
    ['0x1.2.3.4', 'hex'],
    ['1.2.3', 'short form'],
    ['١.٢.٣.٤', 'non-ASCII digits'],
  ])('IPv4 rejects %j (%s)', (text) => {
    expect(parseIpv4Fast(text)).toBe(-1);
  });

  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['1:2:3:4:5:6:7:8', 0x0001_0002_0003_0004_0005_0006_0007_0008n],
    ['1:2:3:4:5:6:7::', 0x0001_0002_0003_0004_0005_0006_0007_0000n],
    ['::2:3:4:5:6:7:8', 0x0000_0002_0003_0004_0005_0006_0007_0008n],
    ['1::8', 0x0001_0000_0000_0000_0000_0000_0000_0008n],
    ['fd00:1:0:1::4', 0xfd00_0001_0000_0001_0000_0000_0000_0004n],
    ['FFFF:ffff:FfFf:ffff:ffff:ffff:ffff:ffff', (1n << 128n) - 1n],
    ['::ffff:10.0.0.1', 0xffff_0a00_0001n],
    ['1:2:3:4:5:6:1.2.3.4', 0x0001_0002_0003_0004_0005_0006_0102_0304n],
    ['::255.255.255.255', 0xffff_ffffn],
  ])('IPv6 %s', (text, value) => {
    expect(words(text)).toBe(value);
    expect(parseIpv6Fast(text)).toBe(value);
  });

  it.each([
    ['1:2:3:4:5:6:7:8:9', 'nine groups'],
    ['1:2:3:4:5:6:7:8::', 'eight groups and ::'],
    ['::1:2:3:4:5:6:7:8', ':: and eight groups'],
    ['1::2::3', 'two ::'],
    ['1:::2', 'three colons'],
    [':1::2', 'single leading colon'],
    ['1::2:', 'single trailing colon'],
    ['12345::1', 'five hex digits'],
    ['::ffff:010.0.0.1', 'leading zero in the IPv4 tail'],
    ['::ffff:1.2.3', 'short IPv4 tail'],
    ['1.2.3.4::', 'IPv4 part first'],
    ['::1.2.3.4:5', 'IPv4 part not last'],
    ['1:2:3:4:5:6:7:1.2.3.4', 'IPv4 tail making nine groups'],
    ['fe80::1%eth0', 'zone id'],
    ['g::1', 'not hex'],
    [':', 'one colon'],
    ['', 'empty'],
  ])('IPv6 rejects %j (%s)', (text) => {
    expect(words(text)).toBeNull();
    expect(parseIpv6Fast(text)).toBeNull();
  });

  it('the word parser agrees with the strict parser (cross-checked with ipaddr.js) on random and IPv6-shaped strings', () => {
    const group = fc.oneof(
      fc.integer({ min: 0, max: 0xfffff }).map((n) => n.toString(16)),
      fc.constantFrom('', ':', '1.2.3.4', '01.2.3.4', '255.255.255.255', 'g', 'FFFF'),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 50 }),
          fc.array(group, { minLength: 1, maxLength: 10 }).map((p) => p.join(':')),
        ),
        (s) => {
          const strict = parseIpAddress(s);
          const v6 = strict.ok && strict.value.family === 6 ? strict.value.v6 : null;
          expect(words(s)).toBe(v6);
        },
      ),
      { seed: 23, numRuns: 20000 },
    );
  });

  it('the word parser reads random addresses in full and canonical (compressed) form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        const parts: string[] = [];
        for (let i = 7; i >= 0; i--) parts.push(((v >> BigInt(16 * i)) & 0xffffn).toString(16));
        expect(words(parts.join(':'))).toBe(v);
        const canonical = parseIpAddress(parts.join(':'));
        expect(canonical.ok && words(canonical.value.text)).toBe(v);
      }),
      { seed: 29, numRuns: 3000 },
    );
  });
});
