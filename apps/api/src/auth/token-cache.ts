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
import type { Caller } from './caller';

export interface CacheTtl {
  /** Entry lifetime while the change feed is not live (the cross-process staleness bound). 0 = no caching. */
  fallbackTtlMs: number;
  /** Entry lifetime while the change feed is live (a safety net; notifications normally drop entries first). */
  liveMaxAgeMs: number;
}

export interface CachedToken {
  caller: Caller;
  /** The token's expiry (ms since epoch), or null. */
  expiresAt: number | null;
  /** When `lastUsedAt` was last written (ms since epoch), or null. */
  lastUsedAt: number | null;
}

interface Entry extends CachedToken {
  /** When the database read that produced the entry started (ms since epoch). */
  checkedAt: number;
}

const MAX_ENTRIES = 10_000;

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation: a read that started before one must not store its (possibly stale) result. */
  private generation = 0;
  private live = false;
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly ttl: CacheTtl) {}

  /** A fresh entry for `hash`, or undefined. */
  lookup(hash: string, now: number): CachedToken | undefined {
    const entry = this.entries.get(hash);
    if (entry && now - entry.checkedAt < (this.live ? this.ttl.liveMaxAgeMs : this.ttl.fallbackTtlMs)) {
      this.stats.hits++;
      return entry;
    }
    if (entry) this.entries.delete(hash);
    this.stats.misses++;
    return undefined;
  }

  /** Call before reading the database; pass the result to `store`. */
  begin(): number {
    return this.generation;
  }

  /** Stores a database read unless something was invalidated since it began (or caching is off). */
  store(hash: string, token: CachedToken, generation: number, checkedAt: number): void {
    if (generation !== this.generation) return;
    if (Math.max(this.ttl.fallbackTtlMs, this.live ? this.ttl.liveMaxAgeMs : 0) <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { ...token, checkedAt });
  }

  /** Drops every entry of `userId` (a change-feed notification). */
  invalidateUser(userId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.caller.userId === userId) this.entries.delete(hash);
  }

  /** Drops everything (after any mutation in this process; when the change feed goes up or down). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether change-feed notifications arrive; switching either way drops everything. */
  setLive(live: boolean): void {
    this.live = live;
    this.clear();
  }
}
