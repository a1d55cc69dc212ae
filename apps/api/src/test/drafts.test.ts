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
    const started = Date.now();
    const { createDraft: created } = await createDraft('copy');
    expect(created.draft).toMatchObject({
      name: 'copy',
      workspaceName: 'default~copy',
      baseWorkspace: { name: 'default' },
      changes: [],
      createdBy: expect.any(String),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
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
