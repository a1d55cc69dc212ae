import net from 'node:net';
import { createPrisma, startEmbeddedPostgres, migrate } from '@flowverify/db';
import { createLogger } from '../logger';
import { createServer, LIMITS } from '../server';
import { inbound, startTestApi, type TestApi } from './helpers';
import { insertApiToken } from '../services/api-tokens';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(() => api?.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('guards', () => {
  it('rejects queries nested too deep', async () => {
    let q = 'name';
    for (let i = 0; i < 8; i++) q = `virtualNetworks { edges { node { workspace { ${q} } } } }`;
    const r = await api.gql(`{ workspace { ${q} } }`);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'QueryTooDeep',
    });
  });

  it('rejects queries that are too expensive', async () => {
    const r =
      await api.gql(`{ workspaces(first: 500) { edges { node { virtualNetworks(first: 500) { edges { node {
      subnets(first: 500) { edges { node { ipConfigurations(first: 500) { edges { node { name } } } } } } } } } } } } }`);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'QueryTooComplex',
    });
  });

  it('caps the mutations of one request (aliases would otherwise batch thousands of writes), writing none', async () => {
    const tag = (i: number) =>
      `m${i}: setServiceTag(input: { name: "AliasTag${i}", addressPrefixes: ["10.${i}.0.0/16"] }) { __typename }`;
    const many = Array.from({ length: 51 }, (_, i) => tag(i)).join(' ');
    const r = await api.gql(`mutation { ${many} }`);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'TooManyMutations',
    });
    expect(r.errors?.[0]?.message).toMatch(/at most 50/);
    const tags = await api.ok<{ workspace: { serviceTags: { totalCount: number } } }>(
      '{ workspace { serviceTags { totalCount } } }',
    );
    expect(tags.workspace.serviceTags.totalCount).toBe(0);
    // Up to the limit (fragments counted too) they run.
    const ok = await api.gql(
      `mutation { ...Tags m49: setServiceTag(input: { name: "AliasTag49", addressPrefixes: ["10.49.0.0/16"] }) { __typename } }
       fragment Tags on Mutation { ${Array.from({ length: 49 }, (_, i) => tag(i)).join(' ')} }`,
    );
    expect(ok.errors).toBeUndefined();
  });

  it('rejects batched HTTP requests', async () => {
    const res = await post([{ query: '{ apiVersion }' }, { query: '{ apiVersion }' }]);
    expect(res.status).toBe(400);
  });

  it('caps verifyFlows at 50,000 flows', async () => {
    const flow = inbound('80');
    const res = await post({
      query: `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access } }`,
      variables: { i: Array.from({ length: 50_001 }, () => flow) },
    });
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TooManyFlows' });
  }, 60_000);

  it('rejects bodies over the size limit and malformed JSON without a stack', async () => {
    const big = await post({
      query: '{ apiVersion }',
      variables: { pad: 'x'.repeat(parseInt(LIMITS.bodyLimit, 10) * 1024 * 1024 + 1) },
    });
    expect(big.status).toBe(413);
    const text = await big.text();
    expect(text).not.toMatch(/at .*\.js/);
    const bad = await post('{"query": ');
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/node_modules/);
  });

  it('blocks GET requests without a preflight header (CSRF prevention) and serves no landing page', async () => {
    // Signed in (without a token nothing but UNAUTHENTICATED answers, see auth.test.ts).
    const signedIn = { authorization: `Bearer ${api.token}` };
    const res = await fetch(`${api.url}?query=${encodeURIComponent('{ apiVersion }')}`, {
      headers: signedIn,
    });
    expect(res.status).toBe(400);
    const page = await fetch(api.url, { headers: { accept: 'text/html', ...signedIn } });
    expect(await page.text()).not.toMatch(/<html/i);
  });

  it('answers CORS preflights for the dashboard origin', async () => {
    const res = await fetch(api.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('refuses a NUL character (U+0000) anywhere in the input with InvalidText and its path, writing nothing', async () => {
    const viaVariable = await api.gql(
      `mutation($i: CreateWorkspaceInput!) { createWorkspace(input: $i) { workspace { name } } }`,
      { i: { name: 'nul-lab', description: 'has a \u0000 inside' } },
    );
    expect(viaVariable.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidText',
      field: 'i.description',
    });
    // Twice: the second request reuses Apollo's parsed document, whose literals the guard searched once.
    for (let i = 0; i < 2; i++) {
      const inDocument = await api.gql(
        `mutation { createWorkspace(input: { name: "nul-lab", description: "a \\u0000 b" }) { workspace { name } } }`,
      );
      expect(inDocument.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'InvalidText',
        field: 'input.description',
      });
    }
    const imported = await api.gql(
      `mutation($i: ImportAzureResourcesInput!) { importAzureResources(input: $i) { workspace { name } } }`,
      {
        i: {
          workspace: 'nul-lab',
          document: { value: [{ id: '/x', name: 'a', location: 'west\u0000europe' }] },
        },
      },
    );
    expect(imported.errors?.[0]?.extensions).toMatchObject({
      reason: 'InvalidText',
      field: 'i.document.value[0].location',
    });
    const listed = await api.ok<{ workspaces: { edges: { node: { name: string } }[] } }>(
      `{ workspaces { edges { node { name } } } }`,
    );
    expect(listed.workspaces.edges.map((e) => e.node.name)).not.toContain('nul-lab');
  });

  it('answers healthz: 200 when ready, 503 before', async () => {
    const res = await fetch(`${api.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const starting = await createServer({
      prisma: api.db.prisma,
      logger: createLogger('silent'),
      isReady: () => false,
    });
    const { port } = await starting.listen(0);
    try {
      const early = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(early.status).toBe(503);
      expect(await early.json()).toEqual({ status: 'starting' });
    } finally {
      await starting.stop();
    }
  });
});

describe('masked errors and an unavailable database', () => {
  it('masks unexpected errors (no SQL, no stack) and logs them server-side', async () => {
    const lines: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    // A client whose workspace table "fails" like a driver bug would.
    const broken = new Proxy(api.db.prisma, {
      get(target, prop, receiver) {
        if (prop === 'workspace') {
          return {
            findMany: () =>
              Promise.reject(new Error('relation "secret_table" does not exist: SELECT * FROM secret_table')),
            count: () => Promise.resolve(0),
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const server = await createServer({ prisma: broken, logger: createLogger('error') });
    const { port } = await server.listen(0);
    (process.stderr as unknown as { write: unknown }).write = (chunk: string) => {
      lines.push(String(chunk));
      return true;
    };
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
        body: JSON.stringify({ query: '{ workspaces { totalCount } }' }),
      });
      const body = await res.text();
      expect(body).toContain('Internal server error');
      expect(body).toContain('INTERNAL_SERVER_ERROR');
      expect(body).not.toMatch(/secret_table|stacktrace|SELECT/);
    } finally {
      (process.stderr as unknown as { write: unknown }).write = original;
      await server.stop();
    }
    expect(lines.join('')).toContain('secret_table');
  });

  it('answers SERVICE_UNAVAILABLE (retryable) while the database is down and recovers when it returns', async () => {
    const port = await freePort();
    const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    const secret = 'fv_guards-test-token-while-the-database-is-down';
    const prisma = createPrisma(url, { poolMax: 1 });
    const server = await createServer({ prisma, logger: createLogger('silent') });
    const { port: apiPort } = await server.listen(0);
    const ask = async () => {
      const res = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: '{ workspaces { totalCount } }' }),
      });
      return (await res.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] };
    };
    let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
    try {
      const down = await ask();
      expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect((await fetch(`http://127.0.0.1:${apiPort}/healthz`)).status).toBe(503);
      embedded = await startEmbeddedPostgres({ port });
      await migrate(embedded.url);
      const admin = await prisma.user.create({ data: { name: 'admin', isServerAdmin: true } });
      await insertApiToken(prisma, { userId: admin.id, name: 'test', secret });
      let up = await ask();
      for (let i = 0; i < 20 && up.errors; i++) {
        await new Promise((r) => setTimeout(r, 250));
        up = await ask();
      }
      expect(up.errors).toBeUndefined();
      expect(up.data).toEqual({ workspaces: { totalCount: 0 } });
    } finally {
      await server.stop();
      await prisma.$disconnect().catch(() => undefined);
      await embedded?.stop();
    }
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
