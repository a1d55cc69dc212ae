/**
 * Drafts over HTTP against a fresh database: fork copies everything, isolation from the live model, the resource
 * change list, applyDraft (clean and CONFLICT paths), discard, and the flow diff of given flows.
 */
import {
  allowInboundTcp,
  buildSmallNetwork,
  DB_SUBNET,
  inbound,
  NIC,
  NSG,
  startTestApi,
  VERIFY,
  VM,
  type TestApi,
} from './helpers';

jest.setTimeout(60_000);

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 180_000);

afterAll(async () => {
  await api?.close();
});

const HTTP_RULE = `${NSG}/securityRules/allow-http`;
const EXPORT = `query($w: String) { exportAzureResources(workspace: $w) }`;
const CREATE = `mutation($i: CreateDraftInput!) { createDraft(input: $i) { draft { name workspaceName baseVersion modelVersion createdBy baseWorkspace { name } changes { armId } } } }`;
const DRAFT = `query($n: String!) { draft(name: $n) { name workspaceName changes { armId kind name change before after } } }`;
const APPLY = `mutation($i: DraftRefInput!) { applyDraft(input: $i) { workspace { name modelVersion } applied { armId change } } }`;
const DISCARD = `mutation($i: DraftRefInput!) { discardDraft(input: $i) { discardedName } }`;
const UPDATE_RULE = `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version } } }`;
const CREATE_RULE = `mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { securityRule { id } } }`;
const FLOW_DIFF = `query($i: FlowDiffInput!) { flowDiff(input: $i) {
  totalCount newlyAllowed newlyDenied notComparable comparedFlows rangeDiffAvailable summary
  edges { cursor node { change index description example { targetResourceId direction protocol localPort remoteIpAddress }
    before { access ruleName } after { access ruleName ruleId } } }
  pageInfo { hasNextPage endCursor }
} }`;

const createDraft = (name: string) =>
  api.ok<{ createDraft: { draft: Record<string, unknown> } }>(CREATE, { i: { name } });
const exportOf = async (w: string) =>
  (await api.ok<{ exportAzureResources: unknown }>(EXPORT, { w })).exportAzureResources;
const verifyIn = async (workspace: string, port: string) =>
  (
    await api.ok<{ verifyFlow: { access: string; ruleName: string } }>(VERIFY, {
      i: inbound(port, { workspace }),
    })
  ).verifyFlow;
const openSsh = async (workspace: string) =>
  api.ok(UPDATE_RULE, {
    i: {
      workspace,
      id: HTTP_RULE,
      expectedVersion: await api.versionOf(HTTP_RULE, workspace),
      patch: { destinationPortRanges: ['80', '22'] },
    },
  });

describe('drafts', () => {
  it('forks a full copy of the model: the export of the draft equals the export of the base', async () => {
    const { createDraft: created } = await createDraft('copy');
    expect(created.draft).toMatchObject({
      name: 'copy',
      workspaceName: 'default~copy',
      baseWorkspace: { name: 'default' },
      changes: [],
      createdBy: expect.any(String),
    });
    expect(await exportOf('default~copy')).toEqual(await exportOf('default'));
    const list = await api.ok<{ drafts: { name: string }[] }>(`{ drafts { name } }`);
    expect(list.drafts.map((d) => d.name)).toContain('copy');
  });

  it('keeps the live model untouched until apply, lists the change, and diffs the given flows', async () => {
    await createDraft('ssh');
    await openSsh('default~ssh');
    expect(await verifyIn('default', '22')).toMatchObject({ access: 'DENY' });
    expect(await verifyIn('default~ssh', '22')).toMatchObject({
      access: 'ALLOW',
      ruleName: 'securityRules/allow-http',
    });

    const d = await api.ok<{ draft: { changes: Record<string, unknown>[] } }>(DRAFT, { n: 'ssh' });
    expect(d.draft.changes).toEqual([
      expect.objectContaining({
        armId: HTTP_RULE,
        kind: 'Microsoft.Network/networkSecurityGroups/securityRules',
        change: 'MODIFIED',
      }),
    ]);

    const diff = await api.ok<{
      flowDiff: Record<string, unknown> & { edges: { node: Record<string, unknown> }[] };
    }>(FLOW_DIFF, {
      i: {
        base: 'default',
        compare: 'default~ssh',
        ranges: false,
        flows: [inbound('80'), inbound('22'), inbound('443')],
      },
    });
    expect(diff.flowDiff).toMatchObject({ totalCount: 1, newlyAllowed: 1, newlyDenied: 0, comparedFlows: 3 });
    expect(diff.flowDiff.edges[0]!.node).toMatchObject({
      change: 'NEWLY_ALLOWED',
      index: 1,
      before: { access: 'DENY' },
      after: { access: 'ALLOW', ruleName: 'securityRules/allow-http', ruleId: HTTP_RULE },
    });
    expect((diff.flowDiff.summary as string[])[0]).toBe('1 flow newly allowed to web-vm (TCP 22)');

    const applied = await api.ok<{ applyDraft: { applied: { armId: string }[] } }>(APPLY, {
      i: { name: 'ssh' },
    });
    expect(applied.applyDraft.applied.map((c) => c.armId)).toEqual([HTTP_RULE]);
    expect(await verifyIn('default', '22')).toMatchObject({ access: 'ALLOW' });
    expect((await api.ok<{ draft: null }>(DRAFT, { n: 'ssh' })).draft).toBeNull();
  });

  it('refuses to apply when the same rule changed live and in the draft (CONFLICT listing it)', async () => {
    await createDraft('clash');
    const v = (w: string) => api.versionOf(HTTP_RULE, w);
    await api.ok(UPDATE_RULE, {
      i: {
        workspace: 'default~clash',
        id: HTTP_RULE,
        expectedVersion: await v('default~clash'),
        patch: { priority: 150 },
      },
    });
    await api.ok(UPDATE_RULE, {
      i: { id: HTTP_RULE, expectedVersion: await v('default'), patch: { priority: 160 } },
    });
    const r = await api.gql(APPLY, { i: { name: 'clash' } });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'DraftConflict',
      conflicts: [
        {
          armId: HTTP_RULE,
          kind: 'Microsoft.Network/networkSecurityGroups/securityRules',
          draftChange: 'MODIFIED',
          liveChange: 'MODIFIED',
        },
      ],
    });
    // Nothing written, draft kept.
    expect((await api.ok<{ draft: { name: string } }>(DRAFT, { n: 'clash' })).draft.name).toBe('clash');
    const discarded = await api.ok<{ discardDraft: { discardedName: string } }>(DISCARD, {
      i: { name: 'clash' },
    });
    expect(discarded.discardDraft.discardedName).toBe('default~clash');
    expect((await api.ok<{ draft: null }>(DRAFT, { n: 'clash' })).draft).toBeNull();
    const w = await api.ok<{ workspaces: { edges: { node: { name: string } }[] } }>(
      `{ workspaces(first: 100) { edges { node { name } } } }`,
    );
    expect(w.workspaces.edges.map((e) => e.node.name)).not.toContain('default~clash');
  });

  it('applies when draft and live changed different resources, keeping both changes', async () => {
    await createDraft('https');
    const httpsRule = allowInboundTcp('allow-https', 120, '443');
    await api.ok(CREATE_RULE, {
      i: { workspace: 'default~https', networkSecurityGroupId: NSG, rule: httpsRule },
    });
    await api.ok(CREATE_RULE, {
      i: {
        networkSecurityGroupId: NSG,
        rule: { ...httpsRule, name: 'allow-8080', priority: 130, destinationPortRange: '8080' },
      },
    });
    const applied = await api.ok<{ applyDraft: { applied: { armId: string; change: string }[] } }>(APPLY, {
      i: { name: 'https' },
    });
    expect(applied.applyDraft.applied).toEqual([
      { armId: `${NSG}/securityRules/allow-https`, change: 'ADDED' },
    ]);
    expect(await verifyIn('default', '443')).toMatchObject({
      access: 'ALLOW',
      ruleName: 'securityRules/allow-https',
    });
    expect(await verifyIn('default', '8080')).toMatchObject({
      access: 'ALLOW',
      ruleName: 'securityRules/allow-8080',
    });
  });

  it('applies a removed rule and refuses unknown drafts and drafts of drafts', async () => {
    await createDraft('drop');
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteSecurityRule(input: $i) { deletedId } }`, {
      i: {
        workspace: 'default~drop',
        id: `${NSG}/securityRules/allow-8080`,
        expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-8080`, 'default~drop'),
      },
    });
    expect(await verifyIn('default', '8080')).toMatchObject({ access: 'ALLOW' });
    await api.ok(APPLY, { i: { name: 'drop' } });
    expect(await verifyIn('default', '8080')).toMatchObject({ access: 'DENY' });

    const missing = await api.gql(APPLY, { i: { name: 'nope' } });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    await createDraft('outer');
    const nested = await api.gql(CREATE, { i: { workspace: 'default~outer', name: 'inner' } });
    expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DraftOfDraft' });
    const dup = await api.gql(CREATE, { i: { name: 'outer' } });
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'AlreadyExists' });
  });

  it('applies every kind of change: the live export equals the draft export afterwards', async () => {
    await createDraft('big');
    const w = { workspace: 'default~big' };
    const dbNsg = NSG.replace('web-nsg', 'db-nsg');
    await api.ok(
      `mutation($i: CreateNetworkSecurityGroupInput!) { createNetworkSecurityGroup(input: $i) { networkSecurityGroup { id } } }`,
      { i: { ...w, resourceGroup: 'rg', name: 'db-nsg', location: 'westeurope', securityRules: [] } },
    );
    await api.ok(
      `mutation($i: AssociateNetworkSecurityGroupInput!) { associateNetworkSecurityGroup(input: $i) { subnet { id } } }`,
      { i: { ...w, networkSecurityGroupId: dbNsg, subnetId: DB_SUBNET } },
    );
    await api.ok(
      `mutation($i: CreateNetworkInterfaceInput!) { createNetworkInterface(input: $i) { networkInterface { id } } }`,
      {
        i: {
          ...w,
          resourceGroup: 'rg',
          name: 'db-nic',
          location: 'westeurope',
          ipConfigurations: [{ name: 'ipconfig1', privateIPAddress: '10.0.2.4', subnetId: DB_SUBNET }],
        },
      },
    );
    await api.ok(
      `mutation($i: CreateVirtualMachineInput!) { createVirtualMachine(input: $i) { virtualMachine { id } } }`,
      {
        i: {
          ...w,
          resourceGroup: 'rg',
          name: 'db-vm',
          location: 'westeurope',
          networkInterfaces: [{ id: NIC.replace('web-nic', 'db-nic') }],
        },
      },
    );
    await api.ok(`mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { name } } }`, {
      i: { ...w, name: 'CorpProxies', addressPrefixes: ['198.51.100.0/24'] },
    });
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteSecurityRule(input: $i) { deletedId } }`, {
      i: {
        ...w,
        id: `${NSG}/securityRules/allow-https`,
        expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-https`, w.workspace),
      },
    });
    const changes = (
      await api.ok<{ draft: { changes: { armId: string; change: string }[] } }>(DRAFT, { n: 'big' })
    ).draft.changes;
    expect(changes.map((c) => `${c.change} ${c.armId.split('/').slice(-2).join('/')}`).sort()).toEqual([
      'ADDED ipConfigurations/ipconfig1',
      'ADDED networkInterfaces/db-nic',
      'ADDED networkSecurityGroups/db-nsg',
      'ADDED serviceTags/CorpProxies',
      'ADDED virtualMachines/db-vm',
      'MODIFIED subnets/db',
      'REMOVED securityRules/allow-https',
    ]);
    const draftExport = await exportOf('default~big');
    await api.ok(APPLY, { i: { name: 'big' } });
    expect(await exportOf('default')).toEqual(draftExport);
  });

  it('removes resources the draft deleted, parents with their children', async () => {
    await createDraft('shrink');
    const w = { workspace: 'default~shrink' };
    const dbVm = VM.replace('web-vm', 'db-vm');
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteVirtualMachine(input: $i) { deletedId } }`, {
      i: { ...w, id: dbVm, expectedVersion: await api.versionOf(dbVm, w.workspace) },
    });
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteNetworkInterface(input: $i) { deletedId } }`, {
      i: {
        ...w,
        id: NIC.replace('web-nic', 'db-nic'),
        expectedVersion: await api.versionOf(NIC.replace('web-nic', 'db-nic'), w.workspace),
      },
    });
    await api.ok(`mutation($i: DeleteServiceTagInput!) { deleteServiceTag(input: $i) { deletedName } }`, {
      i: { ...w, name: 'CorpProxies' },
    });
    const draftExport = await exportOf('default~shrink');
    await api.ok(APPLY, { i: { name: 'shrink' } });
    expect(await exportOf('default')).toEqual(draftExport);
  });
});

const HISTORY = `query($a: String) { auditEntries(workspace: "default", actorName: $a, first: 10) {
  edges { node { action actorName resourceType details } } } }`;
interface DraftEntry {
  actorName: string;
  action: string;
  resourceType: string;
  resourceArmId: string | null;
  at: string;
}
const latest = async (action: string) => {
  const h = await api.ok<{
    auditEntries: {
      edges: { node: { action: string; actorName: string; details: Record<string, unknown> } }[];
    };
  }>(HISTORY, {});
  return h.auditEntries.edges.map((e) => e.node).find((n) => n.action === action)!;
};

describe('draft history', () => {
  /** ann and ben (editors) each edit the draft; returns their tokens. */
  const twoEditors = async (draft: string, ann: string, ben: string, priority: number) => {
    const annToken = await api.createUser(ann, { default: 'editor' });
    const benToken = await api.createUser(ben, { default: 'editor' });
    const w = `default~${draft}`;
    expect((await api.gqlAs(annToken, CREATE, { i: { name: draft } })).errors).toBeUndefined();
    const rule = allowInboundTcp(`${draft}-rule`, priority, '9000');
    expect(
      (await api.gqlAs(annToken, CREATE_RULE, { i: { workspace: w, networkSecurityGroupId: NSG, rule } }))
        .errors,
    ).toBeUndefined();
    const update = await api.gqlAs(benToken, UPDATE_RULE, {
      i: {
        workspace: w,
        id: HTTP_RULE,
        expectedVersion: await api.versionOf(HTTP_RULE, w),
        patch: { description: `${draft} by ${ben}` },
      },
    });
    expect(update.errors).toBeUndefined();
    return { annToken, benToken };
  };

  it('createDraft records who forked which draft from which base version in the base history', async () => {
    const token = await api.createUser('forker', { default: 'editor' });
    const baseVersion = (
      await api.ok<{ workspace: { modelVersion: number } }>(`{ workspace(name: "default") { modelVersion } }`)
    ).workspace.modelVersion;
    expect((await api.gqlAs(token, CREATE, { i: { name: 'audited' } })).errors).toBeUndefined();
    const entry = await latest('createDraft');
    expect(entry).toMatchObject({
      actorName: 'forker',
      resourceType: 'Draft',
      details: { draft: 'default~audited', baseVersion },
    });
    await api.ok(DISCARD, { i: { name: 'audited' } });
  });

  it("applyDraft's entry names every editor of the draft with their actions and resources", async () => {
    const { benToken } = await twoEditors('team', 'ann', 'ben', 300);
    expect((await api.gqlAs(benToken, APPLY, { i: { name: 'team' } })).errors).toBeUndefined();
    const entry = await latest('applyDraft');
    expect(entry.actorName).toBe('ben');
    const trail = entry.details.draftEntries as DraftEntry[];
    expect(trail.map((e) => [e.actorName, e.action, e.resourceArmId])).toEqual([
      // A rule's creation is recorded against its NSG (the row the mutation names).
      ['ann', 'createSecurityRule', NSG],
      ['ben', 'updateSecurityRule', HTTP_RULE],
    ]);
    expect(trail.every((e) => !Number.isNaN(Date.parse(e.at)) && e.resourceType.length > 0)).toBe(true);
    // The edited resource's own history shows the apply that carried ben's edit.
    const byRule = await api.ok<{ auditEntries: { edges: { node: { action: string } }[] } }>(
      `query($p: String) { auditEntries(armIdPrefix: $p, first: 1) { edges { node { action } } } }`,
      { p: HTTP_RULE },
    );
    expect(byRule.auditEntries.edges.map((e) => e.node.action)).toEqual(['applyDraft']);
  });

  it("discardDraft's entry carries the draft's edits too", async () => {
    const { annToken } = await twoEditors('dropped', 'cat', 'dan', 301);
    expect((await api.gqlAs(annToken, DISCARD, { i: { name: 'dropped' } })).errors).toBeUndefined();
    const entry = await latest('discardDraft');
    expect(entry.actorName).toBe('cat');
    expect(
      (entry.details.draftEntries as DraftEntry[]).map((e) => [e.actorName, e.action, e.resourceArmId]),
    ).toEqual([
      ['cat', 'createSecurityRule', NSG],
      ['dan', 'updateSecurityRule', HTTP_RULE],
    ]);
  });
});

describe('deleting a draft with deleteWorkspace', () => {
  it("leaves the same trace as a discard: an entry in the base's history with the draft's edits", async () => {
    const adminToken = await api.createUser('wsadmin', { default: 'admin' });
    await createDraft('by-delete');
    await api.ok(UPDATE_RULE, {
      i: {
        workspace: 'default~by-delete',
        id: HTTP_RULE,
        expectedVersion: await api.versionOf(HTTP_RULE, 'default~by-delete'),
        patch: { description: 'gone with the draft' },
      },
    });
    const r = await api.gqlAs(
      adminToken,
      `mutation { deleteWorkspace(input: { name: "default~by-delete" }) { deletedName } }`,
    );
    expect(r.errors).toBeUndefined();
    const entry = await latest('deleteWorkspace');
    expect(entry).toMatchObject({ actorName: 'wsadmin', details: { draft: 'default~by-delete' } });
    expect((entry.details.draftEntries as DraftEntry[]).map((e) => [e.action, e.resourceArmId])).toEqual([
      ['updateSecurityRule', HTTP_RULE],
    ]);
  });
});

describe('draft versions', () => {
  const describeRule = (workspace: string, id: string, expectedVersion: number, description: string) =>
    api.gql<{ updateSecurityRule: { securityRule: { version: number } } }>(UPDATE_RULE, {
      i: { workspace, id, expectedVersion, patch: { description } },
    });

  it('a fork keeps every version; draft edits continue from it; apply moves live versions forward only', async () => {
    // Live versions above 1 for a rule, the NSG and the VM.
    for (let i = 0; i < 3; i++)
      expect(
        (await describeRule('default', HTTP_RULE, await api.versionOf(HTTP_RULE), `live ${i}`)).errors,
      ).toBeUndefined();
    const live = await api.versionOf(HTTP_RULE);
    expect(live).toBeGreaterThan(3);
    const others = [VM, NIC, DB_SUBNET];
    const liveOthers = await Promise.all(others.map((id) => api.versionOf(id)));
    const liveNsg = await api.versionOf(NSG);

    await createDraft('versions');
    const w = 'default~versions';
    expect(await api.versionOf(HTTP_RULE, w)).toBe(live);
    expect(await Promise.all(others.map((id) => api.versionOf(id, w)))).toEqual(liveOthers);
    expect(await api.versionOf(NSG, w)).toBe(liveNsg);
    // The version read live is accepted in the draft; an older one is a conflict naming the live number.
    const stale = await describeRule(w, HTTP_RULE, live - 1, 'stale');
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: live });
    expect(stale.errors?.[0]?.message).toContain(`(now ${live})`);
    const first = await describeRule(w, HTTP_RULE, live, 'draft 1');
    expect(first.data?.updateSecurityRule.securityRule.version).toBe(live + 1);
    expect((await describeRule(w, HTTP_RULE, live + 1, 'draft 2')).errors).toBeUndefined();

    // Live changed another rule meanwhile: not a conflict; the applied rule takes the draft's (higher) version.
    await api.ok(CREATE_RULE, {
      i: { networkSecurityGroupId: NSG, rule: allowInboundTcp('live-only', 310, '9100') },
    });
    const applied = await api.ok<{ applyDraft: { applied: { armId: string }[] } }>(APPLY, {
      i: { name: 'versions' },
    });
    expect(applied.applyDraft.applied.map((c) => c.armId)).toEqual([HTTP_RULE]);
    expect(await api.versionOf(HTTP_RULE)).toBe(live + 2);
    expect(await Promise.all(others.map((id) => api.versionOf(id)))).toEqual(liveOthers);
    expect(await api.versionOf(`${NSG}/securityRules/live-only`)).toBe(1);
    // The rule's NSG is rewritten by the apply: forward, never back.
    expect(await api.versionOf(NSG)).toBeGreaterThanOrEqual(liveNsg);
    // The version the draft's editor last read is current live.
    expect((await describeRule('default', HTTP_RULE, live + 2, 'after apply')).errors).toBeUndefined();
  });

  it('apply never moves a live version back to a lower draft version', async () => {
    await createDraft('fewer');
    const w = 'default~fewer';
    const rule = `${NSG}/securityRules/live-only`;
    const forked = await api.versionOf(rule, w);
    // Live writes the rule twice without changing its content (not a conflict: conflicts are judged on content).
    for (let i = 0; i < 2; i++)
      await api.ok(UPDATE_RULE, {
        i: { id: rule, expectedVersion: await api.versionOf(rule), patch: { priority: 310 } },
      });
    const live = await api.versionOf(rule);
    expect(live).toBe(forked + 2);
    await api.ok(UPDATE_RULE, {
      i: { workspace: w, id: rule, expectedVersion: forked, patch: { description: 'draft edit' } },
    });
    await api.ok(APPLY, { i: { name: 'fewer' } });
    expect(await api.versionOf(rule)).toBe(live + 1);
  });

  it('still refuses a colliding change after versions were copied (conflicts are judged on content)', async () => {
    await createDraft('collide');
    const w = 'default~collide';
    const v = await api.versionOf(HTTP_RULE);
    expect((await describeRule(w, HTTP_RULE, v, 'draft side')).errors).toBeUndefined();
    expect((await describeRule('default', HTTP_RULE, v, 'live side')).errors).toBeUndefined();
    const r = await api.gql(APPLY, { i: { name: 'collide' } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DraftConflict' });
    expect(await api.versionOf(HTTP_RULE)).toBe(v + 1);
    await api.ok(DISCARD, { i: { name: 'collide' } });
  });
  it('of concurrent applies and discards of one draft one wins; the others are NOT_FOUND on the draft name', async () => {
    await createDraft('race');
    await api.ok(UPDATE_RULE, {
      i: {
        workspace: 'default~race',
        id: HTTP_RULE,
        expectedVersion: await api.versionOf(HTTP_RULE, 'default~race'),
        patch: { description: 'raced' },
      },
    });
    const results = await Promise.all([
      api.gql(APPLY, { i: { name: 'race' } }),
      api.gql(APPLY, { i: { name: 'race' } }),
      api.gql(DISCARD, { i: { name: 'race' } }),
      api.gql(DISCARD, { i: { name: 'race' } }),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) {
      expect(r.errors![0]!.extensions).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'NotFound',
        field: 'name',
      });
      expect(r.errors![0]!.message).toMatch(/default~race/);
      expect(r.errors![0]!.message).not.toMatch(/discarded\.$/);
    }
  });
});
