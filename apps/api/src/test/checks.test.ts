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
const RUN_FIELDS = `id workspaceName trigger passed failed results {
  name passed expected evaluatedFlows message actual decidingRuleName decidingRuleId method
  counterexample { workspace targetResourceId direction protocol localIpAddress localPort remoteIpAddress remotePort }
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
