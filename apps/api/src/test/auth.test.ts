/**
 * Team access: every Query/Mutation field (enumerated from the SDL, so new operations are covered automatically)
 * is refused without a token and with each insufficient role; nothing of one workspace is visible through another;
 * revocation is immediate; only hashes are stored; roles per workspace; audit history of every kind of write.
 */
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isObjectType,
  isAbstractType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { readAuthDirectives } from '../auth/directive';
import { loadTypeDefs } from '../server';
import { insertApiToken } from '../services/api-tokens';
import { buildSmallNetwork, NSG, startTestApi, inbound, VERIFY, type TestApi } from './helpers';

let api: TestApi;
const typeDefs = loadTypeDefs();
const schema = buildSchema(typeDefs);
const directives = readAuthDirectives(typeDefs);
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  await api.ok(`mutation { createWorkspace(input: { name: "team" }) { workspace { id } } }`);
  await api.ok(`mutation { createWorkspace(input: { name: "other" }) { workspace { id } } }`);
  await buildSmallNetwork(api, 'default');
  tokens.outsider = await api.createUser('outsider', { other: 'admin' });
  tokens.reader = await api.createUser('reader', { team: 'reader' });
  tokens.editor = await api.createUser('editor', { team: 'editor' });
  tokens.admin = await api.createUser('team-admin', { team: 'admin' });
}, 120_000);
afterAll(() => api?.close());

// ─── schema-generated calls ────────────────────────────────────────────────────────────────────────────────────

/** A minimal value for an input type: every string "team" (so workspace arguments name workspace "team"). */
function minimalValue(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return minimalValue(type.ofType, depth);
  if (isListType(type)) return [minimalValue(type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined)
        out[f.name] = minimalValue(f.type, depth + 1);
    }
    if ('workspace' in type.getFields()) out.workspace = 'team';
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'JSON':
        return {};
      default:
        return 'team';
    }
  }
  return null;
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`);
  const args = field.args.map((a) => `${a.name}: $${a.name}`);
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isAbstractType(named) ? ' { __typename }' : '';
  const variables: Record<string, unknown> = {};
  for (const a of field.args) {
    variables[a.name] = a.name === 'workspace' ? 'team' : minimalValue(a.type);
  }
  return {
    query: `${kind}${vars.length ? `(${vars.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`,
    variables,
  };
}

function rootFields(s: GraphQLSchema) {
  return [
    ...Object.values(s.getQueryType()!.getFields()).map((f) => ({
      kind: 'query' as const,
      type: 'Query',
      f,
    })),
    ...Object.values(s.getMutationType()!.getFields()).map((f) => ({
      kind: 'mutation' as const,
      type: 'Mutation',
      f,
    })),
  ];
}

const INSUFFICIENT: Record<string, string[]> = {
  AUTHENTICATED: [],
  READER: ['outsider'],
  EDITOR: ['outsider', 'reader'],
  ADMIN: ['outsider', 'reader', 'editor'],
  SERVER_ADMIN: ['outsider', 'reader', 'editor', 'admin'],
};

describe('@auth on every operation (generated from the schema)', () => {
  const fields = rootFields(schema);

  it('finds the operations, and every one carries @auth', () => {
    expect(fields.length).toBeGreaterThan(70);
    const missing = fields
      .filter(({ type, f }) => !directives.get(`${type}.${f.name}`))
      .map(({ f }) => f.name);
    expect(missing).toEqual([]);
  });

  it.each(fields.map(({ kind, type, f }) => [`${type}.${f.name}`, kind, f] as const))(
    '%s: UNAUTHENTICATED without a token, denied for each insufficient role',
    async (key, kind, field) => {
      const { query, variables } = operationFor(kind, field);
      const anonymous = await api.gqlAs(null, query, variables);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(Object.values(anonymous.data ?? {}).every((v) => v === null)).toBe(true);
      const wrong = await api.gqlAs('fv_not-a-real-token', query, variables);
      expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

      const auth = directives.get(key)!;
      for (const who of INSUFFICIENT[auth.requires]!) {
        const r = await api.gqlAs(tokens[who]!, query, variables);
        const code = r.errors?.[0]?.extensions?.code;
        if (code === undefined) {
          // A nullable field of a workspace the caller cannot read answers null, like a missing workspace.
          expect(auth.nullable).toBe(true);
          expect(Object.values(r.data ?? {})).toEqual([null]);
        } else {
          expect([who, code]).toEqual([who, expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/)]);
        }
      }
    },
  );
});

// ─── nothing without a token ───────────────────────────────────────────────────────────────────────────────────

describe('without a valid token nothing but /healthz answers', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const expectUnauthenticated = async (res: Response) => {
    expect(res.status).toBe(200);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^Sign in/),
          extensions: { code: 'UNAUTHENTICATED', reason: 'Unauthenticated' },
        },
      ],
    });
  };

  it.each([
    ['__typename', `{ __typename }`],
    ['introspection', `{ __schema { queryType { name } } }`],
    ['a type lookup', `{ __type(name: "SecurityRule") { fields { name } } }`],
    ['an unknown field (no validation message)', `{ noSuchField }`],
    ['a syntax error', `{`],
  ])('%s: UNAUTHENTICATED without a token and with an unknown one', async (_what, query) => {
    const body = JSON.stringify({ query });
    await expectUnauthenticated(await post(body));
    await expectUnauthenticated(await post(body, { authorization: 'Bearer bogus' }));
    await expectUnauthenticated(await post(body, { cookie: 'flowverify_token=bogus' }));
  });

  it('malformed bodies, GET requests and undecodable cookies are refused the same way', async () => {
    await expectUnauthenticated(await post('{not json'));
    await expectUnauthenticated(await fetch(`${api.url}?query=${encodeURIComponent('{ __typename }')}`));
    await expectUnauthenticated(
      await post(JSON.stringify({ query: '{ __typename }' }), { cookie: 'flowverify_token=%E0%A4%A' }),
    );
  });

  it('/healthz answers; with a valid token __typename and introspection work', async () => {
    expect((await fetch(`${api.base}/healthz`)).status).toBe(200);
    expect(await api.ok(`{ __typename }`)).toEqual({ __typename: 'Query' });
    expect(await api.ok(`{ __schema { queryType { name } } }`)).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    expect((await api.gqlAs(tokens.reader!, `{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });

  it('a token with non-ASCII characters works whether the client sends it as UTF-8 or latin1', async () => {
    const secret = 'pässwörd-token';
    const user = await api.db.prisma.user.findFirstOrThrow({ where: { name: 'reader' } });
    await insertApiToken(api.db.prisma, { userId: user.id, name: 'non-ascii', secret });
    const asUtf8Bytes = Buffer.from(secret, 'utf8').toString('latin1');
    for (const sent of [asUtf8Bytes, secret]) {
      const res = await post(JSON.stringify({ query: '{ me { user { name } } }' }), {
        authorization: `Bearer ${sent}`,
      });
      expect(await res.json()).toEqual({ data: { me: { user: { name: 'reader' } } } });
    }
  });
});

// ─── cross-workspace isolation ─────────────────────────────────────────────────────────────────────────────────

describe('nothing of one workspace is visible through another', () => {
  // "outsider" administers workspace "other" and has no role in "default" (which holds the small network).
  const as = (q: string, v?: Record<string, unknown>) => api.gqlAs(tokens.outsider!, q, v);

  it('workspaces lists only yours', async () => {
    const r = await as(`{ workspaces { totalCount edges { node { name } } } }`);
    expect(r.data).toEqual({ workspaces: { totalCount: 1, edges: [{ node: { name: 'other' } }] } });
  });

  it('an unreadable workspace looks exactly like a missing one', async () => {
    const q = `query($w: String) { searchResources(workspace: $w, query: "web") { totalCount } }`;
    const hidden = await as(q, { w: 'default' });
    const missing = await as(q, { w: 'nope' });
    expect(hidden.errors?.[0]?.extensions).toEqual(missing.errors?.[0]?.extensions);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message.replace('default', 'X')).toBe(
      missing.errors?.[0]?.message.replace('nope', 'X'),
    );
    expect((await as(`{ workspace(name: "default") { id } }`)).data).toEqual({ workspace: null });
  });

  it.each([
    ['resourceByArmId', `{ resourceByArmId(workspace: "default", armId: "${NSG}") { id } }`],
    ['ipOwner', `{ ipOwner(workspace: "default", ipAddress: "10.0.1.4") { __typename } }`],
    ['searchResources', `{ searchResources(workspace: "default", query: "web") { totalCount } }`],
    [
      'effectiveSecurityRules',
      `{ effectiveSecurityRules(workspace: "default", networkInterfaceId: "x") { __typename } }`,
    ],
    ['exportAzureResources', `{ exportAzureResources(workspace: "default") }`],
    ['auditEntries', `{ auditEntries(workspace: "default") { totalCount } }`],
    ['workspaceMembers', `{ workspaceMembers(workspace: "default") { role } }`],
    ['drafts', `{ drafts(workspace: "default") { name } }`],
    ['savedChecks', `{ savedChecks(workspace: "default") { name } }`],
  ])('%s of another workspace: NOT_FOUND or null, never data', async (_name, q) => {
    const r = await as(q);
    const value = r.data ? Object.values(r.data)[0] : null;
    expect(value ?? null).toBeNull();
    if (r.errors) expect(r.errors[0]!.extensions?.code).toBe('NOT_FOUND');
  });

  it('ids of another workspace resolve to nothing in your own', async () => {
    const byArm = await as(`{ resourceByArmId(workspace: "other", armId: "${NSG}") { id } }`);
    expect(byArm.data).toEqual({ resourceByArmId: null });
    const search = await as(`{ searchResources(workspace: "other", query: "web") { totalCount } }`);
    expect(search.data).toEqual({ searchResources: { totalCount: 0 } });
    const verify = await as(VERIFY, { i: inbound('80', { workspace: 'other' }) });
    expect(verify.errors?.[0]?.extensions?.reason).toBe('NotFound');
    const hidden = await as(VERIFY, { i: inbound('80', { workspace: 'default' }) });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const many = await as(`query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access } }`, {
      i: [inbound('80', { workspace: 'other' }), inbound('80', { workspace: 'default' })],
    });
    expect(many.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('writes into another workspace are NOT_FOUND, and change nothing', async () => {
    const r = await as(
      `mutation($i: DeleteResourceInput!) { deleteNetworkSecurityGroup(input: $i) { deletedId } }`,
      { i: { workspace: 'default', id: NSG, expectedVersion: 1 } },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const still = await api.ok<{ resourceByArmId: { id: string } | null }>(
      `{ resourceByArmId(armId: "${NSG}") { id } }`,
    );
    expect(still.resourceByArmId).not.toBeNull();
  });
});

// ─── roles ─────────────────────────────────────────────────────────────────────────────────────────────────────

describe('roles per workspace', () => {
  const NEW_TAG = `mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { name } } }`;
  const tag = { workspace: 'team', name: 'Corp', addressPrefixes: ['192.0.2.0/24'] };

  it('reader verifies but does not write; editor writes; admin manages members', async () => {
    expect((await api.gqlAs(tokens.reader!, `{ workspace(name: "team") { name } }`)).data).toEqual({
      workspace: { name: 'team' },
    });
    const denied = await api.gqlAs(tokens.reader!, NEW_TAG, { i: tag });
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'InsufficientRole' });
    const ok = await api.gqlAs(tokens.editor!, NEW_TAG, { i: tag });
    expect(ok.errors).toBeUndefined();
    const ADD = `mutation($i: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $i) { member { role user { name } } } }`;
    const byEditor = await api.gqlAs(tokens.editor!, ADD, {
      i: { workspace: 'team', userName: 'outsider', role: 'READER' },
    });
    expect(byEditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byAdmin = await api.gqlAs(tokens.admin!, ADD, {
      i: { workspace: 'team', userName: 'outsider', role: 'READER' },
    });
    expect(byAdmin.data).toEqual({
      addWorkspaceMember: { member: { role: 'READER', user: { name: 'outsider' } } },
    });
    const members = await api.gqlAs(
      tokens.reader!,
      `{ workspaceMembers(workspace: "team") { role user { name } } }`,
    );
    expect(members.data?.workspaceMembers).toEqual(
      expect.arrayContaining([{ role: 'READER', user: { name: 'outsider' } }]),
    );
    const removed = await api.gqlAs(
      tokens.admin!,
      `mutation { removeWorkspaceMember(input: { workspace: "team", userName: "outsider" }) { removedUserName } }`,
    );
    expect(removed.data).toEqual({ removeWorkspaceMember: { removedUserName: 'outsider' } });
  });

  it('imports: editor merges, replace needs admin, a missing workspace needs a server admin', async () => {
    const IMPORT = `mutation($i: ImportAzureResourcesInput!) { importAzureResources(input: $i) { importedCount } }`;
    const document = { serviceTags: [{ name: 'Lab', addressPrefixes: ['198.51.100.0/24'] }] };
    expect(
      (await api.gqlAs(tokens.editor!, IMPORT, { i: { workspace: 'team', document } })).errors,
    ).toBeUndefined();
    const replace = await api.gqlAs(tokens.editor!, IMPORT, {
      i: { workspace: 'team', document, replace: true },
    });
    expect(replace.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const create = await api.gqlAs(tokens.admin!, IMPORT, { i: { workspace: 'brand-new', document } });
    expect(create.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await api.db.prisma.workspace.findUnique({ where: { name: 'brand-new' } })).toBeNull();
  });

  it('me tells who you are', async () => {
    const r = await api.gqlAs(
      tokens.editor!,
      `{ me { user { name } isServerAdmin memberships { workspace role } apiToken { name } } }`,
    );
    expect(r.data).toEqual({
      me: {
        user: { name: 'editor' },
        isServerAdmin: false,
        memberships: [{ workspace: 'team', role: 'EDITOR' }],
        apiToken: { name: 'editor-token' },
      },
    });
  });
});

// ─── tokens ────────────────────────────────────────────────────────────────────────────────────────────────────

describe('API tokens', () => {
  const CREATE = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token apiToken { id name prefix user { name } } } }`;
  const ME = `{ me { user { name } } }`;
  const secrets: string[] = [];

  it('revocation takes effect on the very next request', async () => {
    const created = await api.gqlAs<{
      createApiToken: { token: string; apiToken: { id: string; prefix: string } };
    }>(tokens.reader!, CREATE, { i: { name: 'laptop' } });
    const { token, apiToken } = created.data!.createApiToken;
    secrets.push(token);
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    expect((await api.gqlAs(token, ME)).data).toEqual({ me: { user: { name: 'reader' } } });
    const revoked = await api.gqlAs(
      token,
      `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { apiToken { revokedAt } } }`,
      {
        i: { id: apiToken.id },
      },
    );
    expect(revoked.errors).toBeUndefined();
    expect((await api.gqlAs(token, ME)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The cookie works as well as the header, and a revoked token is refused there too.
    const viaCookie = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `flowverify_token=${tokens.reader}` },
      body: JSON.stringify({ query: ME }),
    });
    expect(await viaCookie.json()).toEqual({ data: { me: { user: { name: 'reader' } } } });
  });

  it('expired tokens are refused; lastUsedAt is recorded', async () => {
    const created = await api.ok<{ createApiToken: { token: string; apiToken: { id: string } } }>(CREATE, {
      i: { name: 'short', expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    secrets.push(created.createApiToken.token);
    expect((await api.gqlAs(created.createApiToken.token, ME)).errors).toBeUndefined();
    const row = await api.db.prisma.apiToken.findUniqueOrThrow({
      where: { id: created.createApiToken.apiToken.id },
    });
    expect(row.lastUsedAt).not.toBeNull();
    await api.db.prisma.apiToken.update({
      where: { id: row.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await api.gqlAs(created.createApiToken.token, ME)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('only server admins mint tokens for others; you list and revoke only your own', async () => {
    const forOther = await api.gqlAs(tokens.editor!, CREATE, { i: { name: 'x', userName: 'reader' } });
    expect(forOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const minted = await api.ok<{
      createApiToken: { token: string; apiToken: { id: string; user: { name: string } } };
    }>(CREATE, { i: { name: 'for-reader', userName: 'reader' } });
    secrets.push(minted.createApiToken.token);
    expect(minted.createApiToken.apiToken.user.name).toBe('reader');
    const mine = await api.gqlAs<{ apiTokens: { user: { name: string } }[] }>(
      tokens.editor!,
      `{ apiTokens { user { name } } }`,
    );
    expect(mine.data!.apiTokens.every((t) => t.user.name === 'editor')).toBe(true);
    const steal = await api.gqlAs(
      tokens.editor!,
      `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { apiToken { id } } }`,
      {
        i: { id: minted.createApiToken.apiToken.id },
      },
    );
    expect(steal.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('stores only hashes: no secret appears anywhere in api_token', async () => {
    const rows = await api.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM api_token');
    expect(rows.length).toBeGreaterThan(5);
    const dump = JSON.stringify(rows);
    for (const secret of [...secrets, ...Object.values(tokens), api.token]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(8));
    }
    for (const row of rows) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
