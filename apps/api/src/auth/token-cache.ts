/**
 * token hash → Caller, in memory, so a request need not read its token, user and memberships from the database.
 *
 * How stale an entry may be:
 * - in this process: never. `clear()` runs after every mutation (src/auth/directive.ts), so a revoked token, a
 *   removed member or a changed role is seen by the very next request;
 * - across processes: while the change feed is live (LISTEN on the database's `flowverify_auth` notifications,
 *   packages/db/src/change-feed.ts) an entry is dropped as soon as its user's token, user row or memberships change,
 *   and lives at most `liveMaxAgeMs` anyway; while it is not live (embedded database, feed reconnecting, or no feed
 *   configured) at most `fallbackTtlMs` — 0 means every request reads the database.
 * Unknown, revoked and expired tokens are never cached (a token created by another process works at once).
 */
import { FollowedMap, type CacheTtl } from '../followed-map';
import type { Caller } from './caller';

export type { CacheTtl };

export interface CachedToken {
  caller: Caller;
  /** The token's expiry (ms since epoch), or null. */
  expiresAt: number | null;
  /** When `lastUsedAt` was last written (ms since epoch), or null. */
  lastUsedAt: number | null;
}

const MAX_ENTRIES = 10_000;

export class TokenCache {
  private readonly entries: FollowedMap<string, CachedToken>;
  readonly stats = { hits: 0, misses: 0 };

  constructor(ttl: CacheTtl) {
    this.entries = new FollowedMap(ttl, MAX_ENTRIES);
  }

  /** A fresh entry for `hash`, or undefined. */
  lookup(hash: string, now: number): CachedToken | undefined {
    const token = this.entries.get(hash, now);
    if (token) this.stats.hits++;
    else this.stats.misses++;
    return token;
  }

  /** Call before reading the database; pass the result to `store`. */
  begin(): number {
    return this.entries.begin();
  }

  /** Stores a database read unless something was invalidated since it began (or caching is off). */
  store(hash: string, token: CachedToken, generation: number, checkedAt: number): void {
    this.entries.set(hash, token, generation, checkedAt);
  }

  /** Drops every entry of `userId` (a change-feed notification). */
  invalidateUser(userId: string): void {
    this.entries.dropWhere((token) => token.caller.userId === userId);
  }

  /** Drops everything (after any mutation in this process; when the change feed goes up or down). */
  clear(): void {
    this.entries.clear();
  }

  /** Whether change-feed notifications arrive; switching either way drops everything. */
  setLive(live: boolean): void {
    this.entries.setLive(live);
  }
}
