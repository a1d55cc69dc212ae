import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { getConstraintViolation } from './constraint-violation';
import type { PrismaClient } from './generated/prisma/client';
import { createTestDatabase, type TestDatabase } from './testing';

/**
 * Invariants of the team-access and drafts/saved-checks tables (migration 20261126141714_team_access_drafts_checks).
 * Runs against DATABASE_URL when set, else an in-memory embedded PGlite.
 */
describe('team access, drafts and saved checks', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma;
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  let n = 0;
  const unique = (prefix: string) => `${prefix}-${++n}`;

  /** Rejects with the error the database raised; fails the test if the statement succeeded. */
  async function refused(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => {
        throw new Error('expected the database to refuse this');
      },
      (e: unknown) => e,
    );
  }

  /** "<sqlState> <kind> <constraint>" of the violation behind a failed query (Prisma or pg). */
  async function violation(promise: Promise<unknown>): Promise<string> {
    const error = await refused(promise);
    const found = getConstraintViolation(error);
    if (!found) return `not a constraint violation: ${String((error as Error).message)}`;
    expect(found.message).not.toContain('\n');
    return `${found.sqlState} ${found.kind} ${found.constraint ?? ''}`;
  }

  const newToken = () => {
    const secret = randomBytes(24).toString('base64url');
    return { tokenHash: createHash('sha256').update(secret).digest('hex'), tokenPrefix: secret.slice(0, 8) };
  };

  const check = (workspaceId: string, over: Record<string, unknown> = {}) => ({
    workspaceId,
    name: 'ssh from bastion',
    source: '10.0.0.4',
    destination: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
    protocol: 'TCP',
    destinationPorts: '22',
    expected: 'Allow',
    ...over,
  });

  describe('users and tokens', () => {
    it('stores a user with defaults and rejects a handle taken in another case, or blank', async () => {
      const user = await prisma.user.create({ data: { name: 'alice' } });
      expect(user).toMatchObject({ displayName: null, isServerAdmin: false, version: 1 });
      expect(await violation(prisma.user.create({ data: { name: 'alice' } }))).toMatch(
        /^(23505|P2002) unique .*user_name_key/,
      );
      expect(await violation(prisma.user.create({ data: { name: 'Alice' } }))).toBe(
        '23505 unique user_name_lower_key',
      );
      expect(await violation(prisma.user.create({ data: { name: ' bob' } }))).toBe(
        '23514 check user_name_check',
      );
      expect(await violation(prisma.user.create({ data: { name: '' } }))).toBe('23514 check user_name_check');
    });

    it('keeps token hashes unique and well-formed; tokens die with their user', async () => {
      const user = await prisma.user.create({ data: { name: unique('token-user') } });
      const token = newToken();
      const created = await prisma.apiToken.create({ data: { userId: user.id, name: 'laptop', ...token } });
      expect(created).toMatchObject({
        isBootstrap: false,
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(
        await violation(prisma.apiToken.create({ data: { userId: user.id, name: 'again', ...token } })),
      ).toMatch(/^(23505|P2002) unique .*api_token_token_hash_key/);
      const upper = { ...newToken(), userId: user.id, name: 'upper' };
      upper.tokenHash = upper.tokenHash.toUpperCase();
      expect(await violation(prisma.apiToken.create({ data: upper }))).toBe(
        '23514 check api_token_token_hash_check',
      );
      expect(
        await violation(
          prisma.apiToken.create({
            data: { ...newToken(), userId: user.id, name: 'x', tokenPrefix: '123456789' },
          }),
        ),
      ).toBe('23514 check api_token_token_prefix_check');
      expect(await prisma.apiToken.findUnique({ where: { tokenHash: token.tokenHash } })).not.toBeNull();

      await prisma.user.delete({ where: { id: user.id } });
      expect(await prisma.apiToken.count({ where: { userId: user.id } })).toBe(0);
    });
  });

  describe('workspace members', () => {
    it('allows one membership per user and workspace, and cascades from both sides', async () => {
      const ws = await prisma.workspace.create({ data: { name: unique('members') } });
      const other = await prisma.workspace.create({ data: { name: unique('members') } });
      const user = await prisma.user.create({ data: { name: unique('member') } });
      const member = await prisma.workspaceMember.create({
        data: { workspaceId: ws.id, userId: user.id, role: 'editor' },
      });
      expect(member.version).toBe(1);
      expect(
        await violation(
          prisma.workspaceMember.create({ data: { workspaceId: ws.id, userId: user.id, role: 'admin' } }),
        ),
      ).toMatch(/^(23505|P2002) unique .*workspace_member_workspace_id_user_id_key/);
      await prisma.workspaceMember.create({
        data: { workspaceId: other.id, userId: user.id, role: 'reader' },
      });
      expect(
        await violation(
          sql.query(
            `INSERT INTO workspace_member (workspace_id, user_id, role, updated_at) VALUES ($1, $2, 'owner', now())`,
            [other.id, user.id],
          ),
        ),
      ).toMatch(/^22P02 /);

      await prisma.workspace.delete({ where: { id: ws.id } });
      expect(await prisma.workspaceMember.count({ where: { userId: user.id } })).toBe(1);
      await prisma.user.delete({ where: { id: user.id } });
      expect(await prisma.workspaceMember.count({ where: { workspaceId: other.id } })).toBe(0);
    });
  });

  describe('audit entries', () => {
    const entry = (workspaceId: string) => ({
      workspaceId,
      workspaceName: 'prod',
      actorUserId: '00000000-0000-4000-8000-000000000001',
      actorName: 'alice',
      action: 'update',
      resourceType: 'SecurityRule',
      resourceId: '00000000-0000-4000-8000-000000000002',
      before: { priority: 100 },
      after: { priority: 110 },
    });

    it('cannot be updated or deleted, through Prisma or SQL', async () => {
      const ws = await prisma.workspace.create({ data: { name: unique('audited') } });
      const created = await prisma.auditEntry.create({ data: entry(ws.id) });
      expect(created.at).toBeInstanceOf(Date);
      const appendOnly = /audit entries are append-only/;

      const attempts: Array<() => Promise<unknown>> = [
        () => prisma.auditEntry.update({ where: { id: created.id }, data: { action: 'delete' } }),
        () => prisma.auditEntry.updateMany({ data: { actorName: 'mallory' } }),
        () => prisma.auditEntry.delete({ where: { id: created.id } }),
        () => prisma.auditEntry.deleteMany({ where: { workspaceId: ws.id } }),
        () => sql.query('UPDATE audit_entry SET after = NULL WHERE id = $1', [created.id]),
        () => sql.query('DELETE FROM audit_entry WHERE id = $1', [created.id]),
      ];
      for (const attempt of attempts) {
        const error = (await refused(attempt())) as Error;
        // A readable one-line message through Prisma too (SQLSTATE 42501, not 23001 which Prisma garbles).
        expect(error.message).toMatch(appendOnly);
      }
      const raw = (await refused(sql.query('DELETE FROM audit_entry'))) as { code?: string };
      expect(raw.code).toBe('42501');

      const [row] = await prisma.auditEntry.findMany({ where: { id: created.id } });
      expect(row).toMatchObject({ action: 'update', actorName: 'alice', after: { priority: 110 } });
    });

    it('outlives its workspace (no foreign key)', async () => {
      const ws = await prisma.workspace.create({ data: { name: unique('deleted') } });
      await prisma.auditEntry.create({ data: entry(ws.id) });
      await prisma.workspace.delete({ where: { id: ws.id } });
      await prisma.auditEntry.create({
        data: { ...entry(ws.id), action: 'delete', resourceType: 'Workspace' },
      });
      const history = await prisma.auditEntry.findMany({
        where: { workspaceId: ws.id },
        orderBy: { at: 'desc' },
      });
      expect(history.map((e) => e.action).sort()).toEqual(['delete', 'update']);
    });
  });

  describe('drafts', () => {
    const draftOf = (base: { id: string; name: string; version: number }, draftName: string) => ({
      name: `${base.name}~${draftName}`,
      kind: 'draft' as const,
      baseWorkspaceId: base.id,
      draftName,
      baseVersion: base.version,
      baseSnapshot: { virtualNetworks: [] },
    });

    it('defaults to live and requires a base workspace and draft name exactly for drafts', async () => {
      const base = await prisma.workspace.create({ data: { name: unique('base') } });
      expect(base).toMatchObject({
        kind: 'live',
        baseWorkspaceId: null,
        draftName: null,
        baseSnapshot: null,
      });

      expect(
        await violation(prisma.workspace.create({ data: { name: unique('x'), kind: 'draft' } })),
      ).toMatch(/^23514 check workspace_draft_(base|name)_check/);
      expect(
        await violation(
          prisma.workspace.create({ data: { name: unique('x'), kind: 'draft', draftName: 'd' } }),
        ),
      ).toBe('23514 check workspace_draft_base_check');
      expect(
        await violation(
          prisma.workspace.create({ data: { ...draftOf(base, 'd'), kind: 'live', draftName: null } }),
        ),
      ).toBe('23514 check workspace_draft_base_check');
      expect(
        await violation(prisma.workspace.create({ data: { ...draftOf(base, 'd'), draftName: null } })),
      ).toBe('23514 check workspace_draft_name_check');
      expect(await violation(prisma.workspace.create({ data: draftOf(base, 'a~b') }))).toBe(
        '23514 check workspace_draft_name_check',
      );
      expect(await violation(prisma.workspace.create({ data: draftOf(base, ' ') }))).toBe(
        '23514 check workspace_draft_name_check',
      );

      const draft = await prisma.workspace.create({ data: draftOf(base, 'fix-ssh') });
      expect(draft).toMatchObject({ kind: 'draft', baseVersion: 1, baseSnapshot: { virtualNetworks: [] } });
      const found = await prisma.workspace.findUnique({
        where: { baseWorkspaceId_draftName: { baseWorkspaceId: base.id, draftName: 'fix-ssh' } },
      });
      expect(found?.id).toBe(draft.id);
    });

    it('keeps draft names unique per base', async () => {
      const base = await prisma.workspace.create({ data: { name: unique('base') } });
      const other = await prisma.workspace.create({ data: { name: unique('base') } });
      await prisma.workspace.create({ data: draftOf(base, 'd1') });
      expect(
        await violation(
          prisma.workspace.create({ data: { ...draftOf(base, 'd1'), name: unique('renamed') } }),
        ),
      ).toMatch(/^(23505|P2002) unique .*workspace_base_workspace_id_draft_name_key/);
      await prisma.workspace.create({ data: draftOf(other, 'd1') });
    });

    it('refuses drafts of drafts and a workspace that is its own base', async () => {
      const base = await prisma.workspace.create({ data: { name: unique('base') } });
      const draft = await prisma.workspace.create({ data: draftOf(base, 'd') });
      expect(await violation(prisma.workspace.create({ data: draftOf(draft, 'dd') }))).toBe(
        '23514 check workspace_base_is_live_check',
      );
      expect(
        await violation(sql.query(`UPDATE workspace SET base_workspace_id = id WHERE id = $1`, [draft.id])),
      ).toMatch(/^23514 check workspace_(draft_base_check|base_is_live_check)/);
    });

    it('are deleted with their base workspace, contents and all', async () => {
      const base = await prisma.workspace.create({ data: { name: unique('base') } });
      const d1 = await prisma.workspace.create({ data: draftOf(base, 'd1') });
      const d2 = await prisma.workspace.create({ data: draftOf(base, 'd2') });
      await prisma.virtualNetwork.create({
        data: {
          workspaceId: d1.id,
          armId: '/vnet',
          name: 'vnet',
          location: 'westeurope',
          addressPrefixes: ['10.0.0.0/16'],
        },
      });
      await prisma.savedCheck.create({ data: check(d2.id) });

      await prisma.workspace.delete({ where: { id: d2.id } }); // discarding a draft leaves its base alone
      expect(await prisma.workspace.count({ where: { id: base.id } })).toBe(1);

      await prisma.workspace.delete({ where: { id: base.id } });
      expect(await prisma.workspace.count({ where: { id: { in: [base.id, d1.id] } } })).toBe(0);
      expect(await prisma.virtualNetwork.count({ where: { workspaceId: d1.id } })).toBe(0);
    });

    it('sets createdByUserId to null when the user is deleted', async () => {
      const user = await prisma.user.create({ data: { name: unique('author') } });
      const base = await prisma.workspace.create({ data: { name: unique('base') } });
      const draft = await prisma.workspace.create({
        data: { ...draftOf(base, 'd'), createdByUserId: user.id },
      });
      await prisma.user.delete({ where: { id: user.id } });
      expect(
        (await prisma.workspace.findUniqueOrThrow({ where: { id: draft.id } })).createdByUserId,
      ).toBeNull();
    });
  });

  describe('saved checks and runs', () => {
    it('stores a check with defaults and keeps names unique per workspace', async () => {
      const ws = await prisma.workspace.create({ data: { name: unique('checks') } });
      const other = await prisma.workspace.create({ data: { name: unique('checks') } });
      const created = await prisma.savedCheck.create({ data: check(ws.id) });
      expect(created).toMatchObject({ sourcePorts: '*', description: null, version: 1 });
      expect(await violation(prisma.savedCheck.create({ data: check(ws.id, { expected: 'Deny' }) }))).toMatch(
        /^(23505|P2002) unique .*saved_check_workspace_id_name_key/,
      );
      await prisma.savedCheck.create({ data: check(other.id) });
    });

    it.each([
      ['protocol tcp (lower case)', { protocol: 'tcp' }, 'saved_check_protocol_check'],
      ['protocol ICMP', { protocol: 'ICMP' }, 'saved_check_protocol_check'],
      ['expected allow (lower case)', { expected: 'allow' }, 'saved_check_expected_check'],
      ['expected AlwaysAllow', { expected: 'AlwaysAllow' }, 'saved_check_expected_check'],
      ['destination port 65536', { destinationPorts: '65536' }, 'saved_check_ports_check'],
      ['reversed destination range', { destinationPorts: '2000-1000' }, 'saved_check_ports_check'],
      ['source port list', { sourcePorts: '80,443' }, 'saved_check_ports_check'],
      ['blank name', { name: ' ' }, 'saved_check_name_check'],
      ['blank source', { source: '' }, 'saved_check_endpoints_check'],
    ])('rejects a check with %s', async (_label, over, constraint) => {
      const ws = await prisma.workspace.create({ data: { name: unique('bad-check') } });
      expect(await violation(prisma.savedCheck.create({ data: check(ws.id, over) }))).toBe(
        `23514 check ${constraint}`,
      );
    });

    it('accepts every allowed protocol, verdict and port form', async () => {
      const ws = await prisma.workspace.create({ data: { name: unique('good-check') } });
      const forms = [
        { protocol: 'TCP', expected: 'Allow', destinationPorts: '22', source: 'Internet' },
        { protocol: 'UDP', expected: 'Deny', destinationPorts: '1000-2000', sourcePorts: '53', source: '*' },
        {
          protocol: 'Any',
          expected: 'Deny',
          destinationPorts: '*',
          source: 'AnyVm',
          destination: '10.0.0.0/24',
        },
      ];
      for (const [i, over] of forms.entries())
        await prisma.savedCheck.create({ data: check(ws.id, { ...over, name: `check ${i}` }) });
      expect(await prisma.savedCheck.count({ where: { workspaceId: ws.id } })).toBe(3);
    });

    it('records runs with a known trigger and non-negative counts; they die with the workspace', async () => {
      const ws = await prisma.workspace.create({ data: { name: unique('runs') } });
      const results = [{ name: 'ssh', status: 'pass', actual: 'Allow', rule: 'AllowSsh', flow: null }];
      for (const trigger of ['manual', 'import', 'mutation', 'draft', 'cli'])
        await prisma.checkRun.create({
          data: { workspaceId: ws.id, trigger, passed: 1, failed: 0, results },
        });
      expect(
        await violation(
          prisma.checkRun.create({
            data: { workspaceId: ws.id, trigger: 'cron', passed: 1, failed: 0, results },
          }),
        ),
      ).toBe('23514 check check_run_trigger_check');
      expect(
        await violation(
          prisma.checkRun.create({
            data: { workspaceId: ws.id, trigger: 'cli', passed: -1, failed: 0, results },
          }),
        ),
      ).toBe('23514 check check_run_counts_check');
      const latest = await prisma.checkRun.findFirst({
        where: { workspaceId: ws.id },
        orderBy: { at: 'desc' },
      });
      expect(latest?.results).toEqual(results);

      await prisma.workspace.delete({ where: { id: ws.id } });
      expect(await prisma.checkRun.count({ where: { workspaceId: ws.id } })).toBe(0);
    });
  });
});
