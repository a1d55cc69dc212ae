import type { Caller } from './caller';
import { TokenCache } from './token-cache';

const caller = (userId: string): Caller => ({
  userId,
  userName: userId,
  isServerAdmin: false,
  tokenId: `token-of-${userId}`,
  roles: new Map(),
});
const token = (userId: string) => ({ caller: caller(userId), expiresAt: null, lastUsedAt: null });

describe('TokenCache', () => {
  it('keeps an entry for fallbackTtlMs while the change feed is down, liveMaxAgeMs while it is live', () => {
    const cache = new TokenCache({ fallbackTtlMs: 100, liveMaxAgeMs: 1000 });
    cache.store('h', token('u1'), cache.begin(), 0);
    expect(cache.lookup('h', 99)?.caller.userId).toBe('u1');
    expect(cache.lookup('h', 100)).toBeUndefined();

    cache.setLive(true);
    cache.store('h', token('u1'), cache.begin(), 0);
    expect(cache.lookup('h', 999)?.caller.userId).toBe('u1');
    expect(cache.lookup('h', 1000)).toBeUndefined();
  });

  it('stores nothing when caching is off (fallback TTL 0 and no live feed)', () => {
    const cache = new TokenCache({ fallbackTtlMs: 0, liveMaxAgeMs: 1000 });
    cache.store('h', token('u1'), cache.begin(), 0);
    expect(cache.lookup('h', 0)).toBeUndefined();
    cache.setLive(true);
    cache.store('h', token('u1'), cache.begin(), 0);
    expect(cache.lookup('h', 0)?.caller.userId).toBe('u1');
  });

  it.each([
    ['clear()', (c: TokenCache) => c.clear()],
    ['invalidateUser()', (c: TokenCache) => c.invalidateUser('someone-else')],
    ['setLive()', (c: TokenCache) => c.setLive(false)],
  ])('a read that began before %s is not stored (it may have seen the old state)', (_name, invalidate) => {
    const cache = new TokenCache({ fallbackTtlMs: 60_000, liveMaxAgeMs: 60_000 });
    const generation = cache.begin();
    invalidate(cache);
    cache.store('h', token('u1'), generation, 0);
    expect(cache.lookup('h', 1)).toBeUndefined();
  });

  it("invalidateUser drops that user's tokens only; clear drops all", () => {
    const cache = new TokenCache({ fallbackTtlMs: 60_000, liveMaxAgeMs: 60_000 });
    cache.store('a1', token('a'), cache.begin(), 0);
    cache.store('a2', token('a'), cache.begin(), 0);
    cache.store('b1', token('b'), cache.begin(), 0);
    cache.invalidateUser('a');
    expect(cache.lookup('a1', 1)).toBeUndefined();
    expect(cache.lookup('a2', 1)).toBeUndefined();
    expect(cache.lookup('b1', 1)?.caller.userId).toBe('b');
    cache.clear();
    expect(cache.lookup('b1', 1)).toBeUndefined();
  });
});
