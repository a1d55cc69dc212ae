/**
 * The token cache and the remembered workspace versions (src/auth/token-cache.ts, src/services/verifier-cache.ts):
 * - in this process nothing a mutation changed is served stale (TTLs here are a minute, so only the in-process
 *   invalidation can make these pass);
 * - across processes a change is seen within the fallback TTL without a change feed, and at once (by NOTIFY) with
 *   a live one; the embedded database cannot deliver notifications, so there the feed stays down and the TTL rules;
 * - a database outage still answers SERVICE_UNAVAILABLE (retryable) with warm caches, and the API recovers by itself.
 */
import net from 'node:net';
import { createPrisma, startChangeFeed, type ChangeFeed, type ChangeFeedEvent } from '@flowverify/db';
import { createLogger } from '../logger';
import { createServer, type FlowverifyServer } from '../server';
import {
  allowInboundTcp,
  buildSmallNetwork,
  inbound,
  NSG,
  startTestApi,
  VERIFY,
  type GraphQLResponse,
  type TestApi,
} from './helpers';

let api: TestApi;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
});
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await api.close();
});

const LONG = { fallbackTtlMs: 60_000, liveMaxAgeMs: 60_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Another API process on the same database (its own Prisma client and caches). */
async function startServer(options: {
  cacheTtl: { fallbackTtlMs: number; liveMaxAgeMs: number };
  changeFeed?: ChangeFeed;
  url?: string;
}): Promise<{ server: FlowverifyServer; as: Client }> {
  const prisma = options.url
    ? createPrisma(options.url, { poolMax: api.db.embedded ? 1 : 4 })
    : api.db.prisma;
  const server = await createServer({
    prisma,
    logger: createLogger('silent'),
    cacheTtl: options.cacheTtl,
    changeFeed: options.changeFeed,
  });
  const { port } = await server.listen(0);
  closers.push(async () => {
    await server.stop();
    if (options.url) await prisma.$disconnect();
  });
  return { server, as: clientFor(`http://127.0.0.1:${port}/graphql`) };
}

type Client = <T = Record<string, unknown>>(
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GraphQLResponse<T>>;

function clientFor(url: string): Client {
  return async <T>(token: string | null, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  };
}

const ME = `{ me { user { name } } }`;
const CREATE_TOKEN = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token apiToken { id } } }`;
const REVOKE = `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { apiToken { revokedAt } } }`;
const ADD_MEMBER = `mutation($i: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $i) { member { role } } }`;
const REMOVE_MEMBER = `mutation($i: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $i) { removedUserName } }`;
const CREATE_RULE = `mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { securityRule { id } } }`;

const rule = (name: string, priority: number, port: string) => ({
  networkSecurityGroupId: NSG,
  rule: allowInboundTcp(name, priority, port),
});

const accessOf = (r: GraphQLResponse<{ verifyFlow: { access: string } }>) =>
  r.data?.verifyFlow.access ?? r.errors?.[0]?.extensions?.code;
const codeOf = (r: GraphQLResponse) => r.errors?.[0]?.extensions?.code;

describe('in this process: caches on (TTL one minute), every change seen by the next request', () => {
  let server: FlowverifyServer;
  let as: Client;
  beforeAll(async () => {
    ({ server, as } = await startServer({ cacheTtl: LONG }));
  });

  it('serves repeated requests from the caches (no token read, no version read)', async () => {
    expect(accessOf(await as(api.token, VERIFY, { i: inbound('80') }))).toBe('ALLOW');
    const tokenHits = server.tokenCache.stats.hits;
    const versionReads = server.cache.stats.versionReads;
    for (let i = 0; i < 5; i++)
      expect(accessOf(await as(api.token, VERIFY, { i: inbound('80') }))).toBe('ALLOW');
    expect(server.tokenCache.stats.hits).toBe(tokenHits + 5);
    expect(server.cache.stats.versionReads).toBe(versionReads);
  });

  it('a token created here works at once; revoked here, it is refused by the next request', async () => {
    const reader = await api.createUser('cache-reader', { default: 'reader' });
    const created = await as<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      reader,
      CREATE_TOKEN,
      { i: { name: 'short-lived' } },
    );
    const { token, apiToken } = created.data!.createApiToken;
    expect((await as(token, ME)).data).toEqual({ me: { user: { name: 'cache-reader' } } });
    expect((await as(token, ME)).data).toEqual({ me: { user: { name: 'cache-reader' } } });
    expect((await as(token, REVOKE, { i: { id: apiToken.id } })).errors).toBeUndefined();
    expect(codeOf(await as(token, ME))).toBe('UNAUTHENTICATED');
    // The other token of the same user is unaffected.
    expect((await as(reader, ME)).data).toEqual({ me: { user: { name: 'cache-reader' } } });
  });

  it('a removed member loses the workspace at once; a role change applies at once', async () => {
    const member = await api.createUser('cache-member', { default: 'reader' });
    expect(accessOf(await as(member, VERIFY, { i: inbound('80') }))).toBe('ALLOW');
    expect(codeOf(await as(member, CREATE_RULE, { i: rule('r-forbidden', 3000, '9') }))).toBe('FORBIDDEN');

    expect(
      (await as(api.token, ADD_MEMBER, { i: { userName: 'cache-member', role: 'EDITOR' } })).errors,
    ).toBeUndefined();
    expect((await as(member, CREATE_RULE, { i: rule('r-editor', 3001, '9') })).errors).toBeUndefined();

    expect((await as(api.token, REMOVE_MEMBER, { i: { userName: 'cache-member' } })).errors).toBeUndefined();
    const gone = await as(member, VERIFY, { i: inbound('80') });
    expect(gone.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NotFound' });
  });

  it('a model write is visible to the next verify', async () => {
    expect(accessOf(await as(api.token, VERIFY, { i: inbound('8443') }))).toBe('DENY');
    expect(accessOf(await as(api.token, VERIFY, { i: inbound('8443') }))).toBe('DENY');
    expect((await as(api.token, CREATE_RULE, { i: rule('allow-8443', 200, '8443') })).errors).toBeUndefined();
    expect(accessOf(await as(api.token, VERIFY, { i: inbound('8443') }))).toBe('ALLOW');
  });
});

describe('across processes', () => {
  it('without a change feed: a revocation and a write elsewhere are seen within the fallback TTL', async () => {
    const ttl = 400;
    const { as } = await startServer({
      cacheTtl: { fallbackTtlMs: ttl, liveMaxAgeMs: ttl },
      url: api.db.url,
    });
    const user = await api.createUser('cache-elsewhere', { default: 'editor' });
    expect((await as(user, ME)).data).toEqual({ me: { user: { name: 'cache-elsewhere' } } });
    expect(accessOf(await as(user, VERIFY, { i: inbound('8444') }))).toBe('DENY');

    // Through the other process (the test API).
    const [token] = await api.db.prisma.apiToken.findMany({ where: { user: { name: 'cache-elsewhere' } } });
    expect(await api.ok(CREATE_RULE, { i: rule('allow-8444', 201, '8444') })).toBeTruthy();
    expect((await api.gql(REVOKE, { i: { id: token!.id } })).errors).toBeUndefined();

    await sleep(ttl + 100);
    expect(codeOf(await as(user, ME))).toBe('UNAUTHENTICATED');
    expect(accessOf(await as(api.token, VERIFY, { i: inbound('8444') }))).toBe('ALLOW');
  });

  it('with a change feed: seen at once on Postgres; on the embedded database the feed stays down (TTL applies)', async () => {
    const events: ChangeFeedEvent['kind'][] = [];
    const feed = startChangeFeed(api.db.url, { probeTimeoutMs: 1000, maxReconnectMs: 60_000 });
    closers.push(() => feed.close());
    const settled = new Promise<void>((resolve) =>
      feed.subscribe((e) => {
        events.push(e.kind);
        if (e.kind !== 'notification') resolve();
      }),
    );
    // TTLs of a minute: within this test only a notification can make the other process's changes visible.
    const { server, as } = await startServer({ cacheTtl: LONG, changeFeed: feed, url: api.db.url });
    await settled;
    const user = await api.createUser('cache-feed', { default: 'reader' });
    expect((await as(user, ME)).data).toEqual({ me: { user: { name: 'cache-feed' } } });
    expect(accessOf(await as(user, VERIFY, { i: inbound('8445') }))).toBe('DENY');
    const [token] = await api.db.prisma.apiToken.findMany({ where: { user: { name: 'cache-feed' } } });

    if (api.db.embedded) {
      expect(feed.isLive).toBe(false);
      expect(events).toContain('lost');
      // Not live: the caches use the fallback TTL (a minute here), so the server still trusts what it read.
      await api.gql(REVOKE, { i: { id: token!.id } });
      expect((await as(user, ME)).data).toEqual({ me: { user: { name: 'cache-feed' } } });
      return;
    }

    expect(feed.isLive).toBe(true);
    const reads = server.cache.stats.versionReads;
    expect(await api.ok(CREATE_RULE, { i: rule('allow-8445', 202, '8445') })).toBeTruthy();
    expect(
      await waitFor(async () => accessOf(await as(user, VERIFY, { i: inbound('8445') })) === 'ALLOW'),
    ).toBe(true);
    expect(server.cache.stats.versionReads).toBeGreaterThan(reads);
    expect((await api.gql(REVOKE, { i: { id: token!.id } })).errors).toBeUndefined();
    expect(await waitFor(async () => codeOf(await as(user, ME)) === 'UNAUTHENTICATED')).toBe(true);
  });

  it('database outage with warm caches: SERVICE_UNAVAILABLE (retryable) while down, recovers by itself', async () => {
    const proxy = await startProxy(new URL(api.db.url));
    closers.push(() => proxy.close());
    const url = new URL(api.db.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const feed = startChangeFeed(url.toString(), {
      probeTimeoutMs: 1000,
      reconnectMs: 100,
      maxReconnectMs: 500,
    });
    closers.push(() => feed.close());
    const { as } = await startServer({
      cacheTtl: { fallbackTtlMs: 1000, liveMaxAgeMs: 10_000 },
      changeFeed: feed,
      url: url.toString(),
    });
    const ask = () => as<{ verifyFlow: { access: string } }>(api.token, VERIFY, { i: inbound('80') });
    expect(accessOf(await ask())).toBe('ALLOW');
    expect(accessOf(await ask())).toBe('ALLOW');

    proxy.cut();
    // Once the outage is noticed (at once with a live feed, within the 1 s TTL without), every answer is a
    // retryable SERVICE_UNAVAILABLE — never another error.
    expect(await waitFor(async () => codeOf(await ask()) === 'SERVICE_UNAVAILABLE')).toBe(true);
    for (let i = 0; i < 3; i++) {
      const down = await ask();
      expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    }

    proxy.restore();
    expect(await waitFor(async () => accessOf(await ask()) === 'ALLOW', 20_000)).toBe(true);
    if (!api.db.embedded) expect(await waitFor(async () => feed.isLive)).toBe(true);
  }, 60_000);
});

/** Polls `check` every 50 ms until it holds (true) or `timeoutMs` passes (false). */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await sleep(50);
  }
}

/** A TCP proxy to the database that can be cut (every connection closed, new ones refused) and restored. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const host = target.hostname || '127.0.0.1';
  const targetPort = Number(target.port || 5432);
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  let listening = true;
  return {
    port,
    cut() {
      listening = false;
      server.close();
      for (const s of sockets) s.destroy();
    },
    restore() {
      listening = true;
      server.listen(port, '127.0.0.1');
    },
    async close() {
      for (const s of sockets) s.destroy();
      if (listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
