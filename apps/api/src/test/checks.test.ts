/**
 * Saved checks over HTTP against a fresh database: CRUD and validation, runs (on demand, on import, on a draft,
 * after applyDraft), the run history, and `flowverify check` exit statuses 0/1/2 (the CLI in-process).
 */
import { runCli } from '../cli/main';
import { checkRunSchedulerFor } from '../services/check-run-scheduler';
import { allowInboundTcp, buildSmallNetwork, NSG, startTestApi, VM, type TestApi } from './helpers';

jest.setTimeout(60_000);

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 180_000);

afterAll(async () => {
  await api?.close();
});

const FIELDS = 'id name source destination protocol destinationPorts sourcePorts expected version';
const CREATE = `mutation($i: CreateSavedCheckInput!) { createSavedCheck(input: $i) { savedCheck { ${FIELDS} } } }`;
const UPDATE = `mutation($i: UpdateSavedCheckInput!) { updateSavedCheck(input: $i) { savedCheck { ${FIELDS} } } }`;
const DELETE = `mutation($i: DeleteSavedCheckInput!) { deleteSavedCheck(input: $i) { deletedName } }`;
const FLOW =
  'workspace targetResourceId direction protocol localIpAddress localPort remoteIpAddress remotePort';
const RUN_FIELDS = `id workspaceName trigger passed failed results {
  name passed expected evaluatedFlows flowsChecked message actual decidingRuleName decidingRuleId method
  counterexample { ${FLOW} }
  decidingFlow { ${FLOW} }
}`;
const RUN = `mutation($i: RunSavedChecksInput!) { runSavedChecks(input: $i) { ${RUN_FIELDS} } }`;

interface Run {
  workspaceName: string;
  trigger: string;
  passed: number;
  failed: number;
  results: Record<string, unknown>[];
}

const check = (extra: Record<string, unknown>) => ({
  source: 'Internet',
  destination: 'web-vm',
  protocol: 'TCP',
  destinationPorts: '80',
  expected: 'ALLOW',
  ...extra,
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => ((stdout += s), true) } as NodeJS.WriteStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as NodeJS.WriteStream,
    env: { FLOWVERIFY_API_URL: api.url, FLOWVERIFY_TOKEN: api.token },
  });
  return { code, stdout, stderr };
}

describe('saved checks', () => {
  it('creates, validates, updates with versions and lists checks', async () => {
    const created = await api.ok<{ createSavedCheck: { savedCheck: Record<string, unknown> } }>(CREATE, {
      i: check({ name: 'internet-http' }),
    });
    expect(created.createSavedCheck.savedCheck).toMatchObject({
      name: 'internet-http',
      protocol: 'TCP',
      sourcePorts: '*',
      expected: 'ALLOW',
      version: 1,
    });
    await api.ok(CREATE, {
      i: check({
        name: 'no-ssh-from-internet',
        destination: 'AnyVm',
        destinationPorts: '22',
        expected: 'DENY',
      }),
    });

    const bad = await api.gql(CREATE, { i: check({ name: 'bad', destinationPorts: '70000' }) });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidPort' });
    const noVm = await api.gql(CREATE, { i: check({ name: 'bad', destination: '10.0.0.0/8' }) });
    expect(noVm.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NoVmSide' });
    const dup = await api.gql(CREATE, { i: check({ name: 'internet-http' }) });
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'AlreadyExists' });

    const stale = await api.gql(UPDATE, {
      i: { name: 'internet-http', expectedVersion: 7, destinationPorts: '80-81' },
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VersionMismatch' });
    const updated = await api.ok<{ updateSavedCheck: { savedCheck: Record<string, unknown> } }>(UPDATE, {
      i: { name: 'internet-http', expectedVersion: 1, destinationPorts: '80', source: '203.0.113.0/24' },
    });
    expect(updated.updateSavedCheck.savedCheck).toMatchObject({ source: '203.0.113.0/24', version: 2 });

    const list = await api.ok<{ savedChecks: { name: string }[] }>(`{ savedChecks { name } }`);
    expect(list.savedChecks.map((c) => c.name)).toEqual(['internet-http', 'no-ssh-from-internet']);
  });

  it('runs the checks on demand and `flowverify check` exits 0 when all pass', async () => {
    const run = (await api.ok<{ runSavedChecks: Run }>(RUN, { i: {} })).runSavedChecks;
    expect(run).toMatchObject({ workspaceName: 'default', trigger: 'MANUAL', passed: 2, failed: 0 });
    expect(run.results[0]).toMatchObject({ name: 'internet-http', passed: true, method: 'exact' });
    // A pass names its deciding rule too (issue 7), with the representative flow it decided.
    expect(run.results[0]).toMatchObject({
      actual: 'ALLOW',
      decidingRuleName: 'securityRules/allow-http',
      decidingRuleId: `${NSG}/securityRules/allow-http`,
      counterexample: null,
      decidingFlow: { workspace: 'default', targetResourceId: VM, direction: 'INBOUND', localPort: '80' },
      flowsChecked: expect.stringMatching(/^[1-9]\d*$/),
    });
    expect(run.results[0]!.evaluatedFlows).toBeGreaterThan(0);
    expect(run.results[1]).toMatchObject({
      name: 'no-ssh-from-internet',
      passed: true,
      actual: 'DENY',
      decidingRuleName: 'defaultSecurityRules/DenyAllInBound',
      decidingFlow: { direction: 'INBOUND', localPort: '22' },
    });
    const ok = await cli(['check']);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('2 passed, 0 failed (default)');
  });

  it('reports a failing check with the deciding rule and a counterexample; the CLI exits 1', async () => {
    await api.ok(CREATE, { i: check({ name: 'https-open', destinationPorts: '443' }) });
    const run = (await api.ok<{ runSavedChecks: Run }>(RUN, { i: { trigger: 'CLI' } })).runSavedChecks;
    expect(run).toMatchObject({ trigger: 'CLI', passed: 2, failed: 1 });
    expect(run.results.find((r) => r.name === 'https-open')).toMatchObject({
      passed: false,
      // The engine stops at the first counterexample: the range's size is not counted on a failure.
      evaluatedFlows: 0,
      flowsChecked: null,
      decidingFlow: { localPort: '443', direction: 'INBOUND' },
      expected: 'ALLOW',
      actual: 'DENY',
      decidingRuleName: 'defaultSecurityRules/DenyAllInBound',
      counterexample: {
        workspace: 'default',
        targetResourceId: VM,
        direction: 'INBOUND',
        protocol: 'TCP',
        localIpAddress: '10.0.1.4',
        localPort: '443',
        remoteIpAddress: expect.any(String),
      },
    });
    const failed = await cli(['check', '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ passed: 2, failed: 1 });
    const text = await cli(['check']);
    expect(text.stdout).toContain(
      'FAIL  https-open — expected ALLOW, got DENY (defaultSecurityRules/DenyAllInBound)',
    );
    expect(text.stdout).toContain('PASS  internet-http (securityRules/allow-http)');
  });

  it('exact: a hole inside the range fails the check although both ends of the range are allowed', async () => {
    for (const [name, priority, port] of [
      ['allow-8000', 300, '8000'],
      ['allow-8002', 301, '8002'],
    ] as const) {
      await api.ok(
        `mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { securityRule { id } } }`,
        { i: { networkSecurityGroupId: NSG, rule: allowInboundTcp(name, priority, port) } },
      );
    }
    await api.ok(CREATE, { i: check({ name: 'range-8000', destinationPorts: '8000-8002' }) });
    const run = (await api.ok<{ runSavedChecks: Run }>(RUN, { i: {} })).runSavedChecks;
    expect(run.results.find((r) => r.name === 'range-8000')).toMatchObject({
      passed: false,
      method: 'exact',
      actual: 'DENY',
      counterexample: { localPort: '8001', direction: 'INBOUND' },
    });
    await api.ok(DELETE, { i: { name: 'range-8000' } });
  });

  it('`flowverify check` exits 2 on errors (unknown workspace, bad flags, unreachable API)', async () => {
    const unknown = await cli(['check', '--workspace', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('NotFound');
    expect((await cli(['check', '--bogus'])).code).toBe(2);
    expect((await cli(['check', '--api', 'http://127.0.0.1:1/graphql'])).code).toBe(2);
  });

  it('runs after every import and on drafts (against the draft model), and keeps the history', async () => {
    await checkRunSchedulerFor(api.db.prisma).whenIdle(); // the runs queued by the edits above are recorded
    const exported = await api.ok<{ exportAzureResources: unknown }>(`{ exportAzureResources }`);
    const imported = await api.ok<{ importAzureResources: { checkRun: Run } }>(
      `mutation($i: ImportAzureResourcesInput!) { importAzureResources(input: $i) { checkRun { ${RUN_FIELDS} } } }`,
      { i: { document: exported.exportAzureResources } },
    );
    expect(imported.importAzureResources.checkRun).toMatchObject({ trigger: 'IMPORT', passed: 2, failed: 1 });

    await api.ok(`mutation { createDraft(input: { name: "open-https" }) { draft { name } } }`);
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { id } } }`,
      {
        i: {
          workspace: 'default~open-https',
          id: `${NSG}/securityRules/allow-http`,
          expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-http`, 'default~open-https'),
          patch: { destinationPortRanges: ['80', '443'] },
        },
      },
    );
    const draft = await api.ok<{ draft: { checkRun: Run } }>(
      `{ draft(name: "open-https") { checkRun { ${RUN_FIELDS} } } }`,
    );
    expect(draft.draft.checkRun).toMatchObject({
      workspaceName: 'default~open-https',
      trigger: 'DRAFT',
      passed: 3,
      failed: 0,
    });
    const applied = await api.ok<{ applyDraft: { checkRun: Run } }>(
      `mutation { applyDraft(input: { name: "open-https" }) { checkRun { trigger passed failed } } }`,
    );
    expect(applied.applyDraft.checkRun).toMatchObject({ trigger: 'MUTATION', passed: 3, failed: 0 });

    const history = await api.ok<{
      checkRuns: {
        totalCount: number;
        edges: { node: { trigger: string } }[];
        pageInfo: { hasNextPage: boolean };
      };
    }>(`{ checkRuns(first: 2) { totalCount edges { node { trigger } } pageInfo { hasNextPage } } }`);
    expect(history.checkRuns.totalCount).toBeGreaterThanOrEqual(6);
    expect(history.checkRuns.edges.map((e) => e.node.trigger)).toEqual(['MUTATION', 'IMPORT']);
    expect(history.checkRuns.pageInfo.hasNextPage).toBe(true);
  });

  it('checkRuns pages stay put while runs are recorded: the next page continues after the last run read', async () => {
    const PAGE = `query($after: String) { checkRuns(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } }`;
    type Page = {
      checkRuns: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
        edges: { node: { id: string } }[];
      };
    };
    const ids = async () =>
      (
        await api.ok<{ checkRuns: { edges: { node: { id: string } }[] } }>(
          `{ checkRuns(first: 500) { edges { node { id } } } }`,
        )
      ).checkRuns.edges.map((e) => e.node.id);
    const all = await ids();
    expect(all.length).toBeGreaterThan(4);
    const first = (await api.ok<Page>(PAGE, {})).checkRuns;
    expect(first.edges.map((e) => e.node.id)).toEqual(all.slice(0, 2));
    for (let i = 0; i < 2; i++) await api.ok(RUN, { i: { trigger: 'MANUAL' } });
    const second = (await api.ok<Page>(PAGE, { after: first.pageInfo.endCursor })).checkRuns;
    expect(second.edges.map((e) => e.node.id)).toEqual(all.slice(2, 4));
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(second.totalCount).toBe(all.length + 2);
    expect((await ids()).slice(2)).toEqual(all);
  });

  it('a name taken by another check is CONFLICT AlreadyExists on the field that named it', async () => {
    const check = (name: string) => ({
      name,
      source: 'Internet',
      destination: VM,
      protocol: 'TCP',
      destinationPorts: '25',
      expected: 'DENY',
    });
    await api.ok(CREATE, { i: check('smtp-a') });
    await api.ok(CREATE, { i: check('smtp-b') });
    const dup = await api.gql(CREATE, { i: check('smtp-a') });
    expect(dup.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'AlreadyExists',
      field: 'name',
    });
    const rename = await api.gql(UPDATE, { i: { name: 'smtp-b', newName: 'smtp-a' } });
    expect(rename.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'AlreadyExists',
      field: 'newName',
    });
    for (const name of ['smtp-a', 'smtp-b']) await api.ok(DELETE, { i: { name } });
  });

  it('deletes a check (with version)', async () => {
    const stale = await api.gql(DELETE, { i: { name: 'https-open', expectedVersion: 9 } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VersionMismatch' });
    const deleted = await api.ok<{ deleteSavedCheck: { deletedName: string } }>(DELETE, {
      i: { name: 'https-open' },
    });
    expect(deleted.deleteSavedCheck.deletedName).toBe('https-open');
    const missing = await api.gql(DELETE, { i: { name: 'https-open' } });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

const AUDIT = `query($r: String, $w: String) { auditEntries(workspace: $w, resourceId: $r, first: 50) {
  totalCount edges { node { action actorName workspace resourceType resourceId before after } } } }`;
interface AuditNode {
  action: string;
  actorName: string;
  workspace: string;
  resourceType: string;
  resourceId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
const auditOf = async (resourceId: string) =>
  (
    await api.ok<{ auditEntries: { totalCount: number; edges: { node: AuditNode }[] } }>(AUDIT, {
      r: resourceId,
    })
  ).auditEntries.edges.map((e) => e.node);

describe('saved checks on a draft', () => {
  const DRAFT = 'default~no-http';

  beforeAll(async () => {
    await api.ok(`mutation { createDraft(input: { name: "no-http" }) { draft { name } } }`);
    // The draft moves HTTP to 8080: the base's check internet-http (TCP 80 must be Allow) fails on the draft only.
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { id } } }`,
      {
        i: {
          workspace: DRAFT,
          id: `${NSG}/securityRules/allow-http`,
          expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-http`, DRAFT),
          patch: { destinationPortRanges: ['8080'] },
        },
      },
    );
  });

  afterAll(async () => {
    await api.gql(`mutation { discardDraft(input: { name: "no-http" }) { discardedName } }`);
  });

  it("savedChecks on a draft lists the base workspace's checks", async () => {
    const base = await api.ok<{ savedChecks: { name: string }[] }>(`{ savedChecks { name } }`);
    const onDraft = await api.ok<{ savedChecks: { name: string }[] }>(
      `query($w: String) { savedChecks(workspace: $w) { name } }`,
      { w: DRAFT },
    );
    expect(base.savedChecks.length).toBeGreaterThan(0);
    expect(onDraft.savedChecks).toEqual(base.savedChecks);
  });

  it("runSavedChecks on a draft runs the base's checks against the draft model, recorded under the draft", async () => {
    const baseRuns = async () =>
      (
        await api.ok<{ checkRuns: { totalCount: number; edges: { node: { id: string } }[] } }>(
          `{ checkRuns(first: 500) { totalCount edges { node { id } } } }`,
        )
      ).checkRuns;
    await checkRunSchedulerFor(api.db.prisma).whenIdle();
    const before = await baseRuns();
    const run = (await api.ok<{ runSavedChecks: Run & { id: string } }>(RUN, { i: { workspace: DRAFT } }))
      .runSavedChecks;
    expect(run).toMatchObject({ workspaceName: DRAFT, trigger: 'MANUAL', passed: 1, failed: 1 });
    expect(run.results.find((r) => r.name === 'internet-http')).toMatchObject({
      passed: false,
      actual: 'DENY',
      counterexample: { workspace: DRAFT, localPort: '80' },
    });
    // The live workspace still passes it, and its run history did not get the draft's run.
    const live = (await api.ok<{ runSavedChecks: Run }>(RUN, { i: {} })).runSavedChecks;
    expect(live).toMatchObject({ workspaceName: 'default', failed: 0 });
    const after = await baseRuns();
    expect(after.edges.map((e) => e.node.id)).not.toContain(run.id);
    expect(after.totalCount).toBe(before.totalCount + 1);
    const draftRuns = await api.ok<{ checkRuns: { edges: { node: { id: string } }[] } }>(
      `query($w: String) { checkRuns(workspace: $w, first: 500) { edges { node { id } } } }`,
      { w: DRAFT },
    );
    expect(draftRuns.checkRuns.edges.map((e) => e.node.id)).toContain(run.id);
  });

  it('`flowverify check --workspace <base>~<draft>` fails (exit 1) when a base check fails on the draft', async () => {
    const failed = await cli(['check', '--workspace', DRAFT]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('FAIL  internet-http');
    expect(failed.stdout).toContain(`1 passed, 1 failed (${DRAFT})`);
    const json = await cli(['check', '--workspace', DRAFT, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ workspaceName: DRAFT, passed: 1, failed: 1 });
    expect((await cli(['check'])).code).toBe(0);
  });

  it('refuses to create, update or delete checks through a draft (they belong to the base)', async () => {
    const refused = { code: 'BAD_USER_INPUT', reason: 'SavedChecksBelongToBase', field: 'workspace' };
    const created = await api.gql(CREATE, { i: check({ name: 'in-draft', workspace: DRAFT }) });
    expect(created.errors?.[0]?.extensions).toMatchObject(refused);
    expect(created.errors?.[0]?.message).toContain("workspace 'default'");
    const updated = await api.gql(UPDATE, {
      i: { workspace: DRAFT, name: 'internet-http', description: 'x' },
    });
    expect(updated.errors?.[0]?.extensions).toMatchObject(refused);
    const deleted = await api.gql(DELETE, { i: { workspace: DRAFT, name: 'internet-http' } });
    expect(deleted.errors?.[0]?.extensions).toMatchObject(refused);
    const list = await api.ok<{ savedChecks: { name: string; version: number }[] }>(
      `{ savedChecks { name version } }`,
    );
    expect(list.savedChecks.map((c) => c.name)).toEqual(['internet-http', 'no-ssh-from-internet']);
  });
});

describe('saved checks: audit history and optimistic concurrency', () => {
  it('records create, update and delete in auditEntries with who, workspace, resource and before/after', async () => {
    const editor = await api.createUser('check-editor', { default: 'editor' });
    const created = await api.gqlAs<{ createSavedCheck: { savedCheck: { id: string; version: number } } }>(
      editor,
      CREATE,
      { i: check({ name: 'audited', destinationPorts: '8443' }) },
    );
    const id = created.data!.createSavedCheck.savedCheck.id;
    const updated = await api.gqlAs(editor, UPDATE, {
      i: { name: 'audited', expectedVersion: 1, destinationPorts: '8444' },
    });
    expect(updated.errors).toBeUndefined();
    const deleted = await api.gqlAs(editor, DELETE, { i: { name: 'audited', expectedVersion: 2 } });
    expect(deleted.errors).toBeUndefined();

    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual([
      'deleteSavedCheck',
      'updateSavedCheck',
      'createSavedCheck',
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({
        actorName: 'check-editor',
        workspace: 'default',
        resourceType: 'SavedCheck',
        resourceId: id,
      });
    }
    const [del, upd, cre] = entries;
    expect(cre).toMatchObject({
      before: null,
      after: { id, name: 'audited', destinationPorts: '8443', version: 1 },
    });
    expect(upd).toMatchObject({
      before: { destinationPorts: '8443', version: 1 },
      after: { destinationPorts: '8444', version: 2, expected: 'ALLOW', protocol: 'TCP' },
    });
    expect(del).toMatchObject({ before: { name: 'audited', version: 2 }, after: null });
  });

  it('a stale expectedVersion gets CONFLICT with currentVersion and the current check; the write does not happen', async () => {
    const created = await api.ok<{ createSavedCheck: { savedCheck: { id: string } } }>(CREATE, {
      i: check({ name: 'versioned', destinationPorts: '9000' }),
    });
    const id = created.createSavedCheck.savedCheck.id;
    await api.ok(UPDATE, { i: { name: 'versioned', expectedVersion: 1, description: 'theirs' } });
    const current = {
      id,
      name: 'versioned',
      description: 'theirs',
      destinationPorts: '9000',
      protocol: 'TCP',
      expected: 'ALLOW',
      version: 2,
    };
    const staleUpdate = await api.gql(UPDATE, {
      i: { name: 'versioned', expectedVersion: 1, description: 'mine' },
    });
    expect(staleUpdate.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      field: 'expectedVersion',
      currentVersion: 2,
      current,
    });
    const staleDelete = await api.gql(DELETE, { i: { name: 'versioned', expectedVersion: 1 } });
    expect(staleDelete.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: 2,
      current,
    });
    const list = await api.ok<{ savedChecks: { name: string; description: string; version: number }[] }>(
      `{ savedChecks { name description version } }`,
    );
    expect(list.savedChecks.find((c) => c.name === 'versioned')).toMatchObject({
      description: 'theirs',
      version: 2,
    });
    expect((await auditOf(id)).map((e) => e.action)).toEqual(['updateSavedCheck', 'createSavedCheck']);
  });

  it('of concurrent updates sending the same version exactly one wins; the others get CONFLICT', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        api.gql(UPDATE, { i: { name: 'versioned', expectedVersion: 2, description: `writer ${n}` } }),
      ),
    );
    const winners = answers.filter((a) => !a.errors);
    expect(winners).toHaveLength(1);
    for (const lost of answers.filter((a) => a.errors)) {
      expect(lost.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'VersionMismatch',
        currentVersion: 3,
      });
    }
    await api.ok(DELETE, { i: { name: 'versioned', expectedVersion: 3 } });
  });
});

describe('flowverify check --help', () => {
  it('lists every flag the command accepts, --token included', async () => {
    const help = await cli(['check', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--workspace', '--json', '--api', '--token', '--help']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain('FLOWVERIFY_TOKEN');
  });
});
