/**
 * A Postgres LISTEN connection that tells in-memory caches what other processes committed.
 *
 * The migration `*_notify_cache_changes` makes the database `NOTIFY` on the channels below when a workspace's
 * identity or version changes, or when a token, user or membership changes. A cache may trust its entries without
 * asking the database only while the feed is `live`: connected, listening, and proven to deliver (after each
 * (re)connect a probe is sent from a second connection and must come back). When the connection drops, the feed
 * reports `lost` and reconnects by itself with a growing delay; notifications committed while it was down are
 * missed, so a cache must drop everything on `lost` and again on the next `live`.
 *
 * A database that cannot deliver notifications across connections (an embedded PGlite behind its socket) never
 * becomes live: the probe does not come back, the feed stays down and retries slowly, and caches keep their
 * short-TTL fallback. Nothing here throws after `startChangeFeed` returns.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Channels the migration notifies on: payload = a workspace id / a user id. */
export const CHANGE_CHANNELS = {
  workspace: 'flowverify_workspace',
  auth: 'flowverify_auth',
} as const;
const PROBE_CHANNEL = 'flowverify_probe';

export type ChangeFeedEvent =
  | { kind: 'notification'; channel: string; payload: string }
  /** Listening and proven to deliver; notifications before this moment may have been missed. */
  | { kind: 'live' }
  /** No longer able to deliver (or the first attempt failed); `reason` is one line for the logs. */
  | { kind: 'lost'; reason: string };

export interface ChangeFeed {
  /** True while notifications are known to arrive. */
  readonly isLive: boolean;
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (event: ChangeFeedEvent) => void): () => void;
  /** Closes the connection and stops reconnecting. */
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  /** Channels to LISTEN on. Default: both of {@link CHANGE_CHANNELS}. */
  channels?: string[];
  /** How long the probe may take before the database is judged unable to deliver. Default 2,000 ms. */
  probeTimeoutMs?: number;
  /** First reconnect delay; doubles up to `maxReconnectMs`. Default 250 ms. */
  reconnectMs?: number;
  /** Default 10,000 ms. */
  maxReconnectMs?: number;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Starts listening on `url` in the background (never rejects); see the module comment. */
export function startChangeFeed(url: string, options: ChangeFeedOptions = {}): ChangeFeed {
  const channels = options.channels ?? Object.values(CHANGE_CHANNELS);
  const probeTimeoutMs = options.probeTimeoutMs ?? 2000;
  const firstDelay = options.reconnectMs ?? 250;
  const maxDelay = options.maxReconnectMs ?? 10_000;
  const listeners = new Set<(event: ChangeFeedEvent) => void>();
  let live = false;
  let closed = false;
  let client: Client | null = null;
  let delay = firstDelay;
  let timer: NodeJS.Timeout | null = null;
  let pendingProbe: { id: string; resolve: () => void } | null = null;

  const emit = (event: ChangeFeedEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not stop the feed.
      }
    }
  };

  // 'lost' is reported on each live → down transition, and once when the first attempt fails.
  let reportedDown = false;
  const setLost = (reason: string) => {
    const wasLive = live;
    live = false;
    if (wasLive || !reportedDown) emit({ kind: 'lost', reason });
    reportedDown = true;
  };

  const scheduleReconnect = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, maxDelay);
  };

  const dropClient = (reason: string) => {
    const c = client;
    client = null;
    pendingProbe = null;
    if (c) {
      c.removeAllListeners('notification');
      c.removeAllListeners('end');
      void c.end().catch(() => undefined);
    }
    setLost(reason);
    scheduleReconnect();
  };

  const probe = async (): Promise<boolean> => {
    const id = randomUUID();
    const arrived = new Promise<void>((resolve) => {
      pendingProbe = { id, resolve };
    });
    const sender = new Client({ connectionString: url, connectionTimeoutMillis: probeTimeoutMs });
    sender.on('error', () => undefined);
    let timeout: NodeJS.Timeout | undefined;
    try {
      await sender.connect();
      await sender.query('SELECT pg_notify($1, $2)', [PROBE_CHANNEL, id]);
      return await Promise.race([
        arrived.then(() => true),
        new Promise<boolean>((resolve) => {
          timeout = setTimeout(() => resolve(false), probeTimeoutMs);
        }),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timeout);
      pendingProbe = null;
      await sender.end().catch(() => undefined);
    }
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true });
    client = c;
    c.on('error', (error: Error) => {
      if (client === c) dropClient(`change feed connection failed: ${error.message}`);
    });
    c.on('end', () => {
      if (client === c) dropClient('change feed connection closed');
    });
    c.on('notification', (msg) => {
      if (client !== c) return;
      if (msg.channel === PROBE_CHANNEL) {
        if (pendingProbe && msg.payload === pendingProbe.id) pendingProbe.resolve();
        return;
      }
      emit({ kind: 'notification', channel: msg.channel, payload: msg.payload ?? '' });
    });
    try {
      await c.connect();
      for (const channel of [...channels, PROBE_CHANNEL]) await c.query(`LISTEN ${quoteIdent(channel)}`);
      if (client !== c) return;
      if (!(await probe())) {
        if (client === c) {
          // Connected but notifications from other sessions do not arrive: retry, but slowly.
          delay = maxDelay;
          dropClient('change feed probe did not arrive (the database does not deliver notifications)');
        }
        return;
      }
      if (client !== c || closed) return;
      delay = firstDelay;
      live = true;
      reportedDown = false;
      emit({ kind: 'live' });
    } catch (error) {
      if (client === c) dropClient(`change feed cannot listen: ${(error as Error).message}`);
    }
  }

  void connect();

  return {
    get isLive() {
      return live;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const c = client;
      client = null;
      live = false;
      listeners.clear();
      if (c) await c.end().catch(() => undefined);
    },
  };
}
