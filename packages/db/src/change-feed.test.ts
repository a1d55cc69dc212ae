import { Client } from 'pg';
import { CHANGE_CHANNELS, startChangeFeed, type ChangeFeed, type ChangeFeedEvent } from './change-feed';
import { createTestDatabase, type TestDatabase } from './testing';

/**
 * The notifications of migration 20261126172312_notify_cache_changes and the LISTEN connection that follows them.
 * Runs against DATABASE_URL when set, else an in-memory embedded PGlite (which cannot deliver notifications across
 * connections: there the feed must stay down, and the triggers are observed from the session that fires them).
 */
describe('change feed', () => {
  let db: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    sql.on('error', () => undefined);
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Notifications (channel:payload) that `statements` cause, as another connection sees them (same session on PGlite). */
  async function notificationsOf(statements: string[], params: unknown[][] = []): Promise<string[]> {
    const seen: string[] = [];
    const listener = db.embedded ? sql : new Client({ connectionString: db.url });
    if (listener !== sql) await listener.connect();
    const onNotification = (m: { channel: string; payload?: string }) => {
      if (m.channel !== 'flowverify_probe') seen.push(`${m.channel}:${m.payload}`);
    };
    listener.on('notification', onNotification);
    for (const channel of Object.values(CHANGE_CHANNELS)) await listener.query(`LISTEN ${channel}`);
    for (const [i, statement] of statements.entries()) await sql.query(statement, params[i] ?? []);
    await listener.query('SELECT 1'); // notifications arrive between statements
    await sleep(100);
    listener.off('notification', onNotification);
    for (const channel of Object.values(CHANGE_CHANNELS)) await listener.query(`UNLISTEN ${channel}`);
    if (listener !== sql) await listener.end();
    return seen;
  }

  let ids: { workspace: string; user: string; token: string };
  beforeAll(async () => {
    const ws = await sql.query<{ id: string }>(
      `INSERT INTO workspace (name) VALUES ('feed-ws') RETURNING id`,
    );
    const user = await sql.query<{ id: string }>(
      `INSERT INTO "user" (name) VALUES ('feed-user') RETURNING id`,
    );
    const token = await sql.query<{ id: string }>(
      `INSERT INTO api_token (user_id, name, token_hash, token_prefix) VALUES ($1, 't', repeat('a', 64), 'fv_aaaaa')
       RETURNING id`,
      [user.rows[0]!.id],
    );
    ids = { workspace: ws.rows[0]!.id, user: user.rows[0]!.id, token: token.rows[0]!.id };
  });

  it('a workspace notifies its id on a version bump, rename, insert and delete; not on other edits', async () => {
    const w = `flowverify_workspace:${ids.workspace}`;
    expect(
      await notificationsOf([`UPDATE workspace SET version = version + 1 WHERE name = 'feed-ws'`]),
    ).toEqual([w]);
    expect(await notificationsOf([`UPDATE workspace SET description = 'x' WHERE name = 'feed-ws'`])).toEqual(
      [],
    );
    expect(await notificationsOf([`UPDATE workspace SET name = 'feed-ws2' WHERE name = 'feed-ws'`])).toEqual([
      w,
    ]);
    const created = await notificationsOf([`INSERT INTO workspace (name) VALUES ('feed-tmp')`]);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^flowverify_workspace:[0-9a-f-]{36}$/);
    expect(await notificationsOf([`DELETE FROM workspace WHERE name = 'feed-tmp'`])).toEqual(created);
    // A rolled-back write notifies nothing.
    expect(
      await notificationsOf([
        'BEGIN',
        `UPDATE workspace SET version = version + 1 WHERE name = 'feed-ws2'`,
        'ROLLBACK',
      ]),
    ).toEqual([]);
  });

  it("auth changes notify the user's id; lastUsedAt and unrelated edits do not", async () => {
    const u = `flowverify_auth:${ids.user}`;
    const token = [ids.token];
    expect(
      await notificationsOf([`UPDATE api_token SET last_used_at = now() WHERE id = $1`], [token]),
    ).toEqual([]);
    expect(await notificationsOf([`UPDATE api_token SET revoked_at = now() WHERE id = $1`], [token])).toEqual(
      [u],
    );
    expect(await notificationsOf([`UPDATE api_token SET expires_at = now() WHERE id = $1`], [token])).toEqual(
      [u],
    );
    expect(
      await notificationsOf(
        [`INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ($1, $2, 'reader')`],
        [[ids.workspace, ids.user]],
      ),
    ).toEqual([u]);
    expect(
      await notificationsOf([`UPDATE workspace_member SET role = 'editor' WHERE user_id = $1`], [[ids.user]]),
    ).toEqual([u]);
    expect(
      await notificationsOf([`UPDATE "user" SET display_name = 'x' WHERE id = $1`], [[ids.user]]),
    ).toEqual([]);
    expect(
      await notificationsOf([`UPDATE "user" SET is_server_admin = true WHERE id = $1`], [[ids.user]]),
    ).toEqual([u]);
    expect(await notificationsOf([`DELETE FROM workspace_member WHERE user_id = $1`], [[ids.user]])).toEqual([
      u,
    ]);
    expect(await notificationsOf([`DELETE FROM api_token WHERE id = $1`], [token])).toEqual([u]);
  });

  it('goes live on Postgres, delivers, reports a lost connection and comes back by itself', async () => {
    const events: ChangeFeedEvent[] = [];
    const feed: ChangeFeed = startChangeFeed(db.url, {
      probeTimeoutMs: 1000,
      reconnectMs: 50,
      maxReconnectMs: 200,
    });
    feed.subscribe((e) => events.push(e));
    const next = async (kind: ChangeFeedEvent['kind'], timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const i = events.findIndex((e) => e.kind === kind);
        if (i >= 0) return events.splice(0, i + 1).at(-1)!;
        await sleep(20);
      }
      return null;
    };
    try {
      if (db.embedded) {
        // PGlite: connected, but the probe from a second connection never arrives.
        expect(await next('lost')).toMatchObject({ kind: 'lost' });
        expect(feed.isLive).toBe(false);
        return;
      }
      expect(await next('live')).toEqual({ kind: 'live' });
      expect(feed.isLive).toBe(true);
      await sql.query(`UPDATE workspace SET version = version + 1 WHERE id = $1`, [ids.workspace]);
      expect(await next('notification')).toEqual({
        kind: 'notification',
        channel: CHANGE_CHANNELS.workspace,
        payload: ids.workspace,
      });
      // Postgres ends the listening session (as on a restart): lost, then live again without help.
      await sql.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
      expect(await next('lost')).toMatchObject({ kind: 'lost' });
      expect(await next('live')).toEqual({ kind: 'live' });
      await sql.query(`UPDATE workspace SET version = version + 1 WHERE id = $1`, [ids.workspace]);
      expect(await next('notification')).toMatchObject({ payload: ids.workspace });
    } finally {
      await feed.close();
    }
    expect(feed.isLive).toBe(false);
  });
});
