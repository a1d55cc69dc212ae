/**
 * Saved checks re-run after every modelling mutation: in the background after commit, recorded with the model version
 * they ran on, coalesced (a burst yields a run of the newest version), never affecting the mutation's answer; and
 * `Draft.checkRun` returns the run recorded for the draft's version instead of recording one per read.
 * Assertions are on versions, never on timings.
 */
import { checkRunSchedulerFor } from '../services/check-run-scheduler';
import { buildSmallNetwork, NSG, startTestApi, type TestApi } from './helpers';

jest.setTimeout(60_000);

let api: TestApi;
const RULE = `${NSG}/securityRules/allow-http`;

beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 180_000);

afterAll(async () => {
  await settle();
  await api?.close();
});

const scheduler = () => checkRunSchedulerFor(api.db.prisma);
const settle = () => scheduler().whenIdle();

const UPDATE_RULE = `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version access } } }`;
const CREATE_CHECK = `mutation($i: CreateSavedCheckInput!) { createSavedCheck(input: $i) { savedCheck { version } } }`;

interface Run {
  id: string;
  workspaceName: string;
  trigger: string;
  modelVersion: number | null;
  passed: number;
  failed: number;
  results: { name: string; passed: boolean; decidingRuleName: string | null }[];
}
const RUN_FIELDS =
  'id workspaceName trigger modelVersion passed failed results { name passed decidingRuleName }';

async function runs(workspace = 'default'): Promise<Run[]> {
  const data = await api.ok<{ checkRuns: { edges: { node: Run }[] } }>(
    `query($w: String) { checkRuns(workspace: $w, first: 500) { edges { node { ${RUN_FIELDS} } } } }`,
    { w: workspace },
  );
  return data.checkRuns.edges.map((e) => e.node);
}

async function modelVersion(workspace = 'default'): Promise<number> {
  const data = await api.ok<{ workspace: { modelVersion: number } }>(
    `query($w: String!) { workspace(name: $w) { modelVersion } }`,
    { w: workspace },
  );
  return data.workspace.modelVersion;
}

async function setRule(patch: Record<string, unknown>, workspace = 'default') {
  return api.gql<{ updateSecurityRule: { securityRule: { version: number; access: string } } }>(UPDATE_RULE, {
    i: { workspace, id: RULE, expectedVersion: await api.versionOf(RULE, workspace), patch },
  });
}

describe('saved checks after each mutation', () => {
  it('records no run while the workspace has no saved checks', async () => {
    const r = await setRule({ description: 'no checks yet' });
    expect(r.errors).toBeUndefined();
    await settle();
    expect(await runs()).toEqual([]);
  });

  it('a mutation that breaks a saved check produces a failing run recorded for its version', async () => {
    await api.ok(CREATE_CHECK, {
      i: {
        name: 'http-from-internet',
        source: 'Internet',
        destination: 'web-vm',
        protocol: 'TCP',
        destinationPorts: '80',
        expected: 'ALLOW',
      },
    });
    const r = await setRule({ access: 'DENY' });
    expect(r.errors).toBeUndefined();
    expect(r.data?.updateSecurityRule.securityRule.access).toBe('DENY');
    const version = await modelVersion();
    await settle();
    const [latest] = await runs();
    expect(latest).toMatchObject({
      workspaceName: 'default',
      trigger: 'MUTATION',
      modelVersion: version,
      passed: 0,
      failed: 1,
    });
    expect(latest!.results[0]).toMatchObject({
      name: 'http-from-internet',
      passed: false,
      decidingRuleName: 'securityRules/allow-http',
    });

    // Fixing it: a passing run for the new version.
    await setRule({ access: 'ALLOW' });
    const fixed = await modelVersion();
    await settle();
    expect((await runs())[0]).toMatchObject({
      trigger: 'MUTATION',
      modelVersion: fixed,
      passed: 1,
      failed: 0,
    });
  });

  it('the mutation does not wait for the run: while runs are held it answers and no run exists yet', async () => {
    const before = (await runs()).length;
    const resume = scheduler().pause();
    try {
      const r = await setRule({ description: 'answered before its check run' });
      expect(r.errors).toBeUndefined();
      expect((await runs()).length).toBe(before);
    } finally {
      resume();
    }
    await settle();
    expect((await runs())[0]).toMatchObject({ modelVersion: await modelVersion() });
  });

  it('a burst of mutations is coalesced: one run, for the newest version, none for the versions in between', async () => {
    const start = await modelVersion();
    const resume = scheduler().pause();
    try {
      for (let i = 0; i < 5; i++) {
        const r = await setRule({ description: `burst ${i}` });
        expect(r.errors).toBeUndefined();
      }
    } finally {
      resume();
    }
    const end = await modelVersion();
    expect(end).toBe(start + 5);
    await settle();
    const burst = (await runs()).filter((r) => r.modelVersion! > start);
    expect(burst.map((r) => r.modelVersion)).toEqual([end]);
  });

  it('concurrent mutations: at most one run per version, and the newest version is covered', async () => {
    const start = await modelVersion();
    const tags = Array.from({ length: 8 }, (_, i) =>
      api.ok(`mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { name } } }`, {
        i: { name: `Burst${i}`, addressPrefixes: [`198.51.100.${i}/32`] },
      }),
    );
    await Promise.all(tags);
    const end = await modelVersion();
    expect(end).toBe(start + 8);
    await settle();
    const versions = (await runs()).map((r) => r.modelVersion!).filter((v) => v > start);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions).toContain(end);
    for (const v of versions) expect(v).toBeLessThanOrEqual(end);
  });

  it('a run that fails (here: the database refuses the insert) leaves the mutation and later runs unaffected', async () => {
    await api.db.prisma.$executeRawUnsafe(
      `ALTER TABLE check_run ADD CONSTRAINT test_refuse_runs CHECK (trigger <> 'mutation') NOT VALID`,
    );
    const before = (await runs()).length;
    try {
      const r = await setRule({ description: 'its run will fail' });
      expect(r.errors).toBeUndefined();
      expect(r.data?.updateSecurityRule.securityRule.version).toBe(await api.versionOf(RULE));
      await settle();
      expect((await runs()).length).toBe(before);
    } finally {
      await api.db.prisma.$executeRawUnsafe(`ALTER TABLE check_run DROP CONSTRAINT test_refuse_runs`);
    }
    await setRule({ description: 'runs again' });
    await settle();
    expect((await runs())[0]).toMatchObject({ trigger: 'MUTATION', modelVersion: await modelVersion() });
  });

  it('creating, changing or deleting a saved check runs the new set on the current version (once per set)', async () => {
    const version = await modelVersion();
    const atVersion = async () => (await runs()).filter((r) => r.modelVersion === version);
    const names = (r: Run) => r.results.map((x) => x.name).sort();
    await api.ok(CREATE_CHECK, {
      i: {
        name: 'ssh-closed',
        source: 'Internet',
        destination: 'web-vm',
        protocol: 'TCP',
        destinationPorts: '22',
        expected: 'DENY',
      },
    });
    await settle();
    const [created] = await runs();
    expect(created).toMatchObject({ trigger: 'MUTATION', modelVersion: version, passed: 2, failed: 0 });
    expect(names(created!)).toEqual(['http-from-internet', 'ssh-closed']);

    // Port 80 is open: the changed check fails, in a new run of the same model version.
    await api.ok(
      `mutation { updateSavedCheck(input: { name: "ssh-closed", destinationPorts: "80" }) { savedCheck { version } } }`,
    );
    await settle();
    const [changed] = await runs();
    expect(changed).toMatchObject({ trigger: 'MUTATION', modelVersion: version, passed: 1, failed: 1 });
    expect(changed!.id).not.toBe(created!.id);

    // Back to the set this version already ran (`http-from-internet` alone): recorded once, not again.
    const onlyHttp = (await atVersion()).filter((r) => names(r).join() === 'http-from-internet');
    expect(onlyHttp).toHaveLength(1);
    await api.ok(`mutation { deleteSavedCheck(input: { name: "ssh-closed" }) { deletedName } }`);
    await settle();
    expect((await atVersion()).filter((r) => names(r).join() === 'http-from-internet')).toEqual(onlyHttp);
  });
});

describe('Draft.checkRun', () => {
  const DRAFT_RUN = `{ draft(name: "d1") { modelVersion checkRun { ${RUN_FIELDS} } } }`;
  const readDraft = async () =>
    (await api.ok<{ draft: { modelVersion: number; checkRun: Run } }>(DRAFT_RUN)).draft;
  const draftRunCount = async () =>
    api.db.prisma.checkRun.count({ where: { workspace: { name: 'default~d1' } } });

  it('reads are side-effect free: the run recorded for the draft version, once', async () => {
    await api.ok(`mutation { createDraft(input: { name: "d1" }) { draft { name } } }`);
    const first = await readDraft();
    expect(first.checkRun).toMatchObject({
      workspaceName: 'default~d1',
      trigger: 'DRAFT',
      modelVersion: first.modelVersion,
      passed: 1,
    });
    const second = await readDraft();
    expect(second.checkRun.id).toBe(first.checkRun.id);
    expect(await draftRunCount()).toBe(1);
  });

  it('a write to the draft records the run of its new version, which reads then return', async () => {
    const r = await setRule({ access: 'DENY' }, 'default~d1');
    expect(r.errors).toBeUndefined();
    await settle();
    expect(await draftRunCount()).toBe(2);
    const read = await readDraft();
    expect(read.checkRun).toMatchObject({ trigger: 'DRAFT', modelVersion: read.modelVersion, failed: 1 });
    expect((await readDraft()).checkRun.id).toBe(read.checkRun.id);
    expect(await draftRunCount()).toBe(2);
  });

  it('changing the saved checks makes the next read evaluate the new set (once)', async () => {
    await api.ok(CREATE_CHECK, {
      i: {
        name: 'no-ssh',
        source: 'Internet',
        destination: 'web-vm',
        protocol: 'TCP',
        destinationPorts: '22',
        expected: 'DENY',
      },
    });
    const read = await readDraft();
    expect(read.checkRun.results.map((x) => x.name).sort()).toEqual(['http-from-internet', 'no-ssh']);
    expect((await readDraft()).checkRun.id).toBe(read.checkRun.id);
    expect(await draftRunCount()).toBe(3);
  });
});
