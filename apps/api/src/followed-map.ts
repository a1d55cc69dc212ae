/**
 * An in-memory map of database reads that follows the database: the shared mechanism of the token cache
 * (auth/token-cache.ts) and the remembered workspace versions (services/verifier-cache.ts).
 *
 * - An entry lives `liveMaxAgeMs` while the change feed is live (its notifications normally drop entries first) and
 *   `fallbackTtlMs` while it is not (the cross-process staleness bound; 0 = nothing is kept).
 * - Every invalidation bumps a generation: a read that began before one is not stored, so a result that may predate
 *   a change never enters the map.
 * - Bounded: at `maxEntries` the oldest entry goes.
 */
export interface CacheTtl {
  /** Entry lifetime while the change feed is not live (the cross-process staleness bound). 0 = no caching. */
  fallbackTtlMs: number;
  /** Entry lifetime while the change feed is live (a safety net; notifications normally drop entries first). */
  liveMaxAgeMs: number;
}

export class FollowedMap<K, V> {
  private readonly entries = new Map<K, { value: V; checkedAt: number }>();
  private generation = 0;
  private live = false;

  constructor(
    private readonly ttl: CacheTtl,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value for `key` while fresh at `now` (ms since epoch); a stale one is dropped. */
  get(key: K, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.checkedAt < this.maxAgeMs()) return entry.value;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** Call before reading the database; pass the result to `set`. */
  begin(): number {
    return this.generation;
  }

  /** Keeps a database read that began at `checkedAt`, unless something was invalidated since (or caching is off). */
  set(key: K, value: V, generation: number, checkedAt: number): void {
    if (generation !== this.generation || this.maxAgeMs() <= 0) return;
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, checkedAt });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops the entries `drop` selects, and invalidates reads in flight. */
  dropWhere(drop: (value: V) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (drop(entry.value)) this.entries.delete(key);
  }

  /** Drops everything, and invalidates reads in flight. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether change-feed notifications arrive; switching either way drops everything. */
  setLive(live: boolean): void {
    this.live = live;
    this.clear();
  }

  private maxAgeMs(): number {
    return this.live ? this.ttl.liveMaxAgeMs : this.ttl.fallbackTtlMs;
  }
}
