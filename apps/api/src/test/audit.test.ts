/**
 * Audit history for each kind of write, optimistic concurrency under 100 parallel clients, the bootstrap token,
 * and the CLI's token/member commands.
 */
import { ensureBootstrapToken } from '../auth/bootstrap';
import { hashToken } from '../auth/tokens';
import { recordAudit } from '../services/audit';
import {
  allowInboundTcp,
  buildSmallNetwork,
  DB_SUBNET,
  NSG,
  startTestApi,
  VNET,
  WEB_SUBNET,
  type TestApi,
} from './helpers';
import { buildCli, runCli } from './cli-runner';

let api: TestApi;
const RULE = `${NSG}/securityRules/allow-http`;

beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 120_000);
afterAll(() => api?.close());

interface Entry {
  action: string;
  actorName: string;
  resourceType: string;
  resourceArmId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}
const history = async (filter: Record<string, unknown> = {}) =>
  (
    await api.ok<{ auditEntries: { totalCount: number; edges: { node: Entry }[] } }>(
      `query($w: String, $arm: String, $actor: String) { auditEntries(workspace: $w, armId: $arm, actorName: $actor, first: 100) {
        totalCount edges { node { action actorName resourceType resourceArmId before after details } } } }`,
      filter,
    )
  ).auditEntries;

const UPDATE = `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version description } } }`;
const ruleState = (armId = RULE) =>
  api.db.prisma.securityRule.findFirstOrThrow({ where: { armId: { equals: armId, mode: 'insensitive' } } });

describe('audit history', () => {
  it('records creates with who, what and the state after', async () => {
    const created = await history({ arm: NSG });
    expect(created.edges.map((e) => e.node.action)).toContain('createNetworkSecurityGroup');
    const entry = created.edges.find((e) => e.node.action === 'createNetworkSecurityGroup')!.node;
    expect(entry).toMatchObject({
      actorName: 'test-admin',
      resourceType: 'NetworkSecurityGroup',
      before: null,
    });
    expect(entry.after).toMatchObject({ name: 'web-nsg' });
  });

  it('records update (before/after), reorder and delete, newest first', async () => {
    const rule = await ruleState();
    await api.ok(UPDATE, {
      i: { id: RULE, expectedVersion: rule.version, patch: { description: 'audited' } },
    });
    await api.ok(
      `mutation($i: ReorderSecurityRulesInput!) { reorderSecurityRules(input: $i) { securityRules { priority } } }`,
      { i: { networkSecurityGroupId: NSG, priorities: [{ id: RULE, priority: 150 }] } },
    );
    const tag = await api.ok<{ setServiceTag: { serviceTag: { name: string } } }>(
      `mutation { setServiceTag(input: { name: "Corp", addressPrefixes: ["192.0.2.0/24"] }) { serviceTag { name } } }`,
    );
    expect(tag.setServiceTag.serviceTag.name).toBe('Corp');
    const updates = await history({ arm: RULE });
    const update = updates.edges.find((e) => e.node.action === 'updateSecurityRule')!.node;
    expect(update.before).toMatchObject({ version: rule.version, description: rule.description });
    expect(update.after).toMatchObject({ version: rule.version + 1, description: 'audited' });
    const all = await history();
    const actions = all.edges.map((e) => e.node.action);
    expect(actions.slice(0, 3)).toEqual(['setServiceTag', 'reorderSecurityRules', 'updateSecurityRule']);
    const reorder = all.edges.find((e) => e.node.action === 'reorderSecurityRules')!.node;
    expect(reorder.details).toMatchObject({ input: { priorities: [{ id: RULE, priority: 150 }] } });

    const current = await ruleState();
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteSecurityRule(input: $i) { deletedId } }`, {
      i: { id: RULE, expectedVersion: current.version },
    });
    const deleted = (await history({ arm: RULE })).edges[0]!.node;
    expect(deleted).toMatchObject({ action: 'deleteSecurityRule', after: null });
    expect(deleted.before).toMatchObject({ name: 'allow-http' });
  });

  it('records one entry per import and per replace, with counts', async () => {
    const IMPORT = `mutation($i: ImportAzureResourcesInput!) { importAzureResources(input: $i) { importedCount } }`;
    const document = { serviceTags: [{ name: 'Lab', addressPrefixes: ['198.51.100.0/24'] }] };
    await api.ok(`mutation { createWorkspace(input: { name: "imports" }) { workspace { id } } }`);
    await api.ok(IMPORT, { i: { workspace: 'imports', document } });
    await api.ok(IMPORT, { i: { workspace: 'imports', document, replace: true } });
    const entries = (await history({ w: 'imports' })).edges.map((e) => e.node);
    // Named after the mutation, as AuditEntry.action documents; details.replace tells the two apart.
    expect(entries.map((e) => e.action)).toEqual([
      'importAzureResources',
      'importAzureResources',
      'createWorkspace',
    ]);
    const counts = expect.arrayContaining([expect.objectContaining({ kind: expect.any(String) })]);
    expect(entries[1]!.details).toMatchObject({ importedCount: 1, replace: false, counts });
    expect(entries[0]!.details).toMatchObject({ replace: true, counts });
  });

  it('records one entry per draft apply and per discard', async () => {
    for (const name of ['keep', 'drop']) {
      await api.ok(`mutation($n: String!) { createDraft(input: { name: $n }) { __typename } }`, { n: name });
    }
    await api.ok(`mutation { applyDraft(input: { name: "keep" }) { __typename } }`);
    await api.ok(`mutation { discardDraft(input: { name: "drop" }) { __typename } }`);
    const entries = (await history()).edges.map((e) => e.node);
    expect(entries.slice(0, 2).map((e) => [e.action, e.resourceType, e.details?.draft])).toEqual([
      ['discardDraft', 'Draft', 'default~drop'],
      ['applyDraft', 'Draft', 'default~keep'],
    ]);
  });

  it('cannot be edited (no mutation exists; the database refuses UPDATE and DELETE)', async () => {
    await expect(
      api.db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET actor_name = 'x'`),
    ).rejects.toThrow();
    await expect(api.db.prisma.$executeRawUnsafe(`DELETE FROM audit_entry`)).rejects.toThrow();
  });

  it('refuses a time range that ends before it starts (it would silently match nothing)', async () => {
    const r = await api.gql(
      `{ auditEntries(from: "2026-11-27T00:00:00Z", to: "2026-11-26T00:00:00Z") { totalCount } }`,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidTime',
      field: 'to',
    });
    expect(r.errors?.[0]?.message).toMatch(/before from/);
    const same = await api.ok<{ auditEntries: { totalCount: number } }>(
      `{ auditEntries(from: "2026-11-26T00:00:00Z", to: "2026-11-26T00:00:00Z") { totalCount } }`,
    );
    expect(same.auditEntries.totalCount).toBe(0);
  });

  it('filters by actor', async () => {
    const editor = await api.createUser('ed', { default: 'editor' });
    const r = await api.gqlAs(
      editor,
      `mutation { setServiceTag(input: { name: "Ed", addressPrefixes: ["203.0.113.0/24"] }) { serviceTag { name } } }`,
    );
    expect(r.errors).toBeUndefined();
    const mine = await history({ actor: 'ed' });
    expect(mine.edges.map((e) => [e.node.actorName, e.node.action])).toEqual([['ed', 'setServiceTag']]);
  });

  it('pages stay put while history grows: the next page continues after the last entry read', async () => {
    const PAGE = `query($after: String) { auditEntries(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }`;
    type Page = {
      auditEntries: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
        edges: { cursor: string; node: { id: string } }[];
      };
    };
    const all = (
      await api.ok<{ auditEntries: { edges: { node: { id: string } }[] } }>(
        `{ auditEntries(first: 500) { edges { node { id } } } }`,
      )
    ).auditEntries.edges.map((e) => e.node.id);
    expect(all.length).toBeGreaterThan(6);
    const first = (await api.ok<Page>(PAGE, {})).auditEntries;
    expect(first.edges.map((e) => e.node.id)).toEqual(all.slice(0, 3));
    // Two writes land at the top of the history between the reads.
    for (const n of ['PageA', 'PageB'])
      await api.ok(
        `mutation($n: String!) { setServiceTag(input: { name: $n, addressPrefixes: ["198.51.100.0/24"] }) { serviceTag { name } } }`,
        { n },
      );
    const second = (await api.ok<Page>(PAGE, { after: first.pageInfo.endCursor })).auditEntries;
    expect(second.edges.map((e) => e.node.id)).toEqual(all.slice(3, 6));
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(second.totalCount).toBe(all.length + 2);
    // An edge's cursor continues right after that edge.
    const third = (await api.ok<Page>(PAGE, { after: second.edges[0]!.cursor })).auditEntries;
    expect(third.edges.map((e) => e.node.id)).toEqual(all.slice(4, 7));
    // A cursor from another connection, or garbage, is refused.
    const bad = await api.gql(PAGE, { after: Buffer.from('a:x:y').toString('base64url') });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidCursor' });
  });

  it('filters by ARM id prefix: a resource and its children, case-insensitive, on segment boundaries', async () => {
    const nsgId = (name: string) => NSG.replace(/web-nsg$/, name);
    const rule = allowInboundTcp('allow-ssh', 200, '22');
    for (const name of ['prefix-a', 'prefix-ab']) {
      await api.ok(
        `mutation($i: CreateNetworkSecurityGroupInput!) { createNetworkSecurityGroup(input: $i) { networkSecurityGroup { id } } }`,
        { i: { resourceGroup: 'rg', name, location: 'westeurope', securityRules: [rule] } },
      );
    }
    const ruleId = `${nsgId('prefix-a')}/securityRules/allow-ssh`;
    await api.ok(UPDATE, {
      i: { id: ruleId, expectedVersion: (await ruleState(ruleId)).version, patch: { description: 'x' } },
    });
    await api.ok(
      `mutation($i: AssociateNetworkSecurityGroupInput!) { associateNetworkSecurityGroup(input: $i) { subnet { id } } }`,
      { i: { networkSecurityGroupId: nsgId('prefix-a'), subnetId: DB_SUBNET } },
    );
    const byPrefix = async (armIdPrefix: string) =>
      (
        await api.ok<{ auditEntries: { totalCount: number; edges: { node: Entry }[] } }>(
          `query($p: String) { auditEntries(armIdPrefix: $p, first: 100) {
            totalCount edges { node { action resourceArmId } } } }`,
          { p: armIdPrefix },
        )
      ).auditEntries;

    // Upper-cased and with a trailing slash: the NSG, its rule, and the association; never prefix-ab.
    const a = await byPrefix(`${nsgId('prefix-a').toUpperCase()}/`);
    expect(a.edges.map((e) => e.node.action)).toEqual([
      'associateNetworkSecurityGroup',
      'updateSecurityRule',
      'createNetworkSecurityGroup',
    ]);
    expect(a.totalCount).toBe(3);
    expect(a.edges[1]!.node.resourceArmId).toBe(ruleId);
    // The rule alone: its own entry only (not the NSG's).
    expect((await byPrefix(ruleId)).edges.map((e) => e.node.action)).toEqual(['updateSecurityRule']);
    // The subnet: the association named it in its input.
    expect((await byPrefix(DB_SUBNET)).edges.map((e) => e.node.action)).toContain(
      'associateNetworkSecurityGroup',
    );
    // A VNet's history holds its subnets' entries; a prefix of a name matches nothing.
    const vnet = (await byPrefix(VNET)).edges.map((e) => e.node.action);
    expect(vnet).toEqual(expect.arrayContaining(['createVirtualNetwork', 'createSubnet']));
    expect((await byPrefix(nsgId('prefix'))).totalCount).toBe(0);
    expect((await byPrefix(nsgId('prefix-ab'))).totalCount).toBe(1);

    // A draft apply that changed the rule is in the rule's (and the NSG's) history.
    await api.ok(`mutation { createDraft(input: { name: "prefix-draft" }) { __typename } }`);
    await api.ok(UPDATE, {
      i: {
        workspace: 'default~prefix-draft',
        id: ruleId,
        expectedVersion: await api.versionOf(ruleId, 'default~prefix-draft'),
        patch: { description: 'from a draft' },
      },
    });
    await api.ok(`mutation { applyDraft(input: { name: "prefix-draft" }) { __typename } }`);
    expect((await byPrefix(ruleId)).edges.map((e) => e.node.action)).toEqual([
      'applyDraft',
      'updateSecurityRule',
    ]);
    expect((await byPrefix(nsgId('prefix-ab'))).totalCount).toBe(1);

    // An import is in the history of each resource it created or changed (not of those it left unchanged).
    const imported = {
      id: nsgId('prefix-imported'),
      name: 'prefix-imported',
      type: 'Microsoft.Network/networkSecurityGroups',
      location: 'westeurope',
      securityRules: [],
    };
    const IMPORT = `mutation($i: ImportAzureResourcesInput!) { importAzureResources(input: $i) { importedCount } }`;
    await api.ok(IMPORT, { i: { document: [imported] } });
    await api.ok(IMPORT, { i: { document: [imported] } });
    expect((await byPrefix(nsgId('prefix-imported'))).edges.map((e) => e.node.action)).toEqual([
      'importAzureResources',
    ]);

    const bad = await api.gql(`{ auditEntries(armIdPrefix: "nsg-a") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidArmIdPrefix',
    });
  });

  it('resourceId takes the id GraphQL hands out (the ARM id, any case) as well as our own id', async () => {
    const nsg = await api.ok<{ resourceByArmId: { id: string } }>(
      `{ resourceByArmId(armId: "${NSG}") { id } }`,
    );
    expect(nsg.resourceByArmId.id).toBe(NSG);
    const byResourceId = async (resourceId: string) =>
      (
        await api.ok<{
          auditEntries: { totalCount: number; edges: { node: { action: string; resourceId: string } }[] };
        }>(
          `query($r: String) { auditEntries(resourceId: $r, first: 100) {
            totalCount edges { node { action resourceId } } } }`,
          { r: resourceId },
        )
      ).auditEntries;
    const byArm = await byResourceId(nsg.resourceByArmId.id);
    expect(byArm.edges.map((e) => e.node.action)).toContain('createNetworkSecurityGroup');
    expect(byArm.totalCount).toBe((await history({ arm: NSG })).totalCount);
    expect((await byResourceId(NSG.toUpperCase())).totalCount).toBe(byArm.totalCount);
    // Our own id (AuditEntry.resourceId) still works, and names the same entries.
    const internal = byArm.edges[0]!.node.resourceId;
    expect(internal).toMatch(/^[0-9a-f-]{36}$/);
    expect((await byResourceId(internal)).totalCount).toBe(byArm.totalCount);
    expect((await byResourceId(`${NSG}-nope`)).totalCount).toBe(0);
  });

  it('service tags: entries carry before/after and the resource id; version and optional expectedVersion', async () => {
    const SET = `mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { id name version addressPrefixes } } }`;
    const DELETE = `mutation($i: DeleteServiceTagInput!) { deleteServiceTag(input: $i) { deletedName } }`;
    type Tag = { id: string; name: string; version: number; addressPrefixes: string[] };
    const set = (i: Record<string, unknown>) => api.gql<{ setServiceTag: { serviceTag: Tag } }>(SET, { i });
    const entriesOf = async (id: string) =>
      (
        await api.ok<{
          auditEntries: {
            edges: { node: Entry & { resourceId: string | null } }[];
          };
        }>(
          `query($r: String) { auditEntries(resourceId: $r, first: 100) {
            edges { node { action resourceType resourceId before after } } } }`,
          { r: id },
        )
      ).auditEntries.edges.map((e) => e.node);

    const created = (await set({ name: 'Audited', addressPrefixes: ['192.0.2.0/25'] })).data!.setServiceTag
      .serviceTag;
    expect(created.version).toBe(1);
    const replaced = (await set({ name: 'audited', addressPrefixes: ['192.0.2.128/25'], expectedVersion: 1 }))
      .data!.setServiceTag.serviceTag;
    expect(replaced).toMatchObject({ id: created.id, name: 'Audited', version: 2 });

    // A stale version: CONFLICT with the current state, nothing written.
    const stale = await set({ name: 'Audited', addressPrefixes: ['198.51.100.0/24'], expectedVersion: 1 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      field: 'expectedVersion',
      currentVersion: 2,
      current: { id: created.id, name: 'Audited', addressPrefixes: ['192.0.2.128/25'], version: 2 },
    });
    expect(stale.errors?.[0]?.extensions?.current).not.toHaveProperty('workspaceId');
    const staleDelete = await api.gql(DELETE, { i: { name: 'Audited', expectedVersion: 1 } });
    expect(staleDelete.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    // Without expectedVersion: unconditional, as before.
    expect(
      (await set({ name: 'Audited', addressPrefixes: ['192.0.2.0/24'] })).data!.setServiceTag.serviceTag,
    ).toMatchObject({ version: 3 });
    expect((await api.gql(DELETE, { i: { name: 'Audited', expectedVersion: 3 } })).errors).toBeUndefined();
    // Replacing a tag deleted meanwhile is a conflict, not a re-creation.
    const gone = await set({ name: 'Audited', addressPrefixes: ['192.0.2.0/24'], expectedVersion: 3 });
    expect(gone.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: null });
    expect(await api.db.prisma.serviceTag.count({ where: { name: 'Audited' } })).toBe(0);

    const entries = await entriesOf(created.id);
    expect(entries.map((e) => e.action)).toEqual([
      'deleteServiceTag',
      'setServiceTag',
      'setServiceTag',
      'setServiceTag',
    ]);
    for (const e of entries) expect(e).toMatchObject({ resourceType: 'ServiceTag', resourceId: created.id });
    const [deleted, unconditional, replace, create] = entries;
    expect(create!.before).toBeNull();
    expect(create!.after).toMatchObject({ name: 'Audited', addressPrefixes: ['192.0.2.0/25'], version: 1 });
    expect(replace!.before).toMatchObject({ addressPrefixes: ['192.0.2.0/25'], version: 1 });
    expect(replace!.after).toMatchObject({ addressPrefixes: ['192.0.2.128/25'], version: 2 });
    expect(unconditional!.after).toMatchObject({ version: 3 });
    expect(deleted!.before).toMatchObject({ name: 'Audited', version: 3 });
    expect(deleted!.after).toBeNull();
  });

  it('keeps every ARM id of an entry that names tens of thousands (one statement)', async () => {
    const ws = await api.db.prisma.workspace.findUniqueOrThrow({ where: { name: 'default' } });
    const ids = Array.from({ length: 12_001 }, (_, i) => `${NSG}-bulk-${i}`);
    await api.db.prisma.$transaction((tx) =>
      recordAudit(
        tx,
        {},
        {
          workspaceId: ws.id,
          workspaceName: ws.name,
          action: 'bulkTest',
          resourceType: 'Workspace',
          relatedArmIds: [...ids, ids[0]!.toUpperCase()],
        },
      ),
    );
    const entry = await api.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'bulkTest' } });
    expect(await api.db.prisma.auditEntryArmId.count({ where: { auditEntryId: entry.id } })).toBe(12_001);
  });

  it('armIdPrefix is an index range scan of audit_entry_arm_id', async () => {
    const plan = await api.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT audit_entry_id FROM audit_entry_arm_id WHERE workspace_id = gen_random_uuid()
          AND arm_id >= '/subscriptions/x/' AND arm_id < '/subscriptions/x0'`,
      );
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index (Only )?Scan/);
  });
});

describe('optimistic concurrency', () => {
  const NSG_UPDATE = `mutation($i: UpdateNetworkSecurityGroupInput!) { updateNetworkSecurityGroup(input: $i) { networkSecurityGroup { version } } }`;

  it('100 concurrent updates of one version: exactly one winner, the rest CONFLICT with the current state', async () => {
    const nsg = await api.db.prisma.networkSecurityGroup.findFirstOrThrow({ where: { name: 'web-nsg' } });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        api.gql(NSG_UPDATE, {
          i: { id: NSG, expectedVersion: nsg.version, location: i % 2 ? 'westeurope' : 'northeurope' },
        }),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) {
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VersionMismatch' });
      expect((r.errors![0]!.extensions as { current?: { version: number } }).current?.version).toBe(
        nsg.version + 1,
      );
    }
    const after = await api.db.prisma.networkSecurityGroup.findUniqueOrThrow({ where: { id: nsg.id } });
    expect(after.version).toBe(nsg.version + 1);
  }, 120_000);

  it("a CONFLICT's current is the resource as GraphQL shows it: ARM id, enum spelling, no internal ids", async () => {
    const id = `${NSG}/securityRules/conflict-shape`;
    await api.ok(
      `mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { securityRule { id } } }`,
      { i: { networkSecurityGroupId: NSG, rule: allowInboundTcp('conflict-shape', 310, '8443') } },
    );
    const read = await api.ok<{
      resourceByArmId: { securityRules: { edges: { node: Record<string, unknown> }[] } };
    }>(
      `query($id: String!) { resourceByArmId(armId: $id) { ... on NetworkSecurityGroup {
        securityRules { edges { node {
          id name version priority direction access protocol destinationPortRange sourceAddressPrefix } } } } } }`,
      { id: NSG },
    );
    const shown = read.resourceByArmId.securityRules.edges.map((e) => e.node).find((n) => n.id === id)!;
    const r = await api.gql(UPDATE, {
      i: { id, expectedVersion: (shown.version as number) + 7, patch: { description: 'x' } },
    });
    const extensions = r.errors?.[0]?.extensions as {
      current: Record<string, unknown>;
      currentVersion: number;
    };
    expect(extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: shown.version,
    });
    const { current } = extensions;
    expect(current.id).toBe(shown.id);
    expect(current.access).toBe(shown.access);
    expect(current.direction).toBe(shown.direction);
    expect(current.protocol).toBe(shown.protocol);
    expect(current).toMatchObject({
      name: shown.name,
      version: shown.version,
      priority: shown.priority,
      destinationPortRange: shown.destinationPortRange,
      sourceAddressPrefix: shown.sourceAddressPrefix,
    });
    for (const internal of ['workspaceId', 'networkSecurityGroupId', 'armId', '__typename']) {
      expect(current).not.toHaveProperty(internal);
    }
    // No internal uuid anywhere (the ARM id's subscription is the only uuid-shaped text).
    expect(JSON.stringify({ ...current, id: null })).not.toMatch(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
    );
    // The same shape from the check under the workspace lock (a delete) as from the early check (an update).
    const del = await api.gql(
      `mutation($i: DeleteResourceInput!) { deleteSecurityRule(input: $i) { deletedId } }`,
      { i: { id, expectedVersion: (shown.version as number) + 7 } },
    );
    expect(del.errors?.[0]?.extensions?.current).toEqual(current);
  });

  it('read-modify-write clients that retry on CONFLICT lose no update', async () => {
    const clients = 12;
    const counter = `${NSG}/securityRules/counter`;
    await api.ok(
      `mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { securityRule { id } } }`,
      {
        i: {
          networkSecurityGroupId: NSG,
          rule: {
            name: 'counter',
            priority: 300,
            direction: 'INBOUND',
            access: 'DENY',
            protocol: 'UDP',
            sourceAddressPrefix: '*',
            destinationAddressPrefix: '*',
            sourcePortRange: '*',
            destinationPortRange: '53',
            description: '',
          },
        },
      },
    );
    // Each client appends its mark to the description: read, modify, write with the version read, retry on CONFLICT.
    const attempt = async (i: number): Promise<void> => {
      for (;;) {
        const rule = await ruleState(counter);
        const description = `${rule.description ?? ''}[c${i}]`;
        const r = await api.gql(UPDATE, {
          i: { id: counter, expectedVersion: rule.version, patch: { description } },
        });
        if (!r.errors) return;
        expect(r.errors[0]!.extensions?.reason).toBe('VersionMismatch');
      }
    };
    const start = await ruleState(counter);
    await Promise.all(Array.from({ length: clients }, (_, i) => attempt(i)));
    const end = await ruleState(counter);
    expect(end.version).toBe(start.version + clients);
    for (let i = 0; i < clients; i++) expect(end.description).toContain(`[c${i}]`);
  }, 120_000);

  it('member role changes and removals take an optional expectedVersion: one winner per version', async () => {
    await api.createUser('mo', { default: 'reader' });
    const ADD = `mutation($i: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $i) { member { role version } } }`;
    const REMOVE = `mutation($i: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $i) { removedUserName } }`;
    const start = (
      await api.ok<{ workspaceMembers: { user: { name: string }; version: number }[] }>(
        `{ workspaceMembers { user { name } version } }`,
      )
    ).workspaceMembers.find((m) => m.user.name === 'mo')!.version;

    const stale = await api.gql(ADD, { i: { userName: 'mo', role: 'ADMIN', expectedVersion: start + 5 } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      field: 'expectedVersion',
      currentVersion: start,
      current: { userName: 'mo', role: 'reader', version: start },
    });

    // 20 admins race to change the role from the same version: exactly one wins.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.gql(ADD, { i: { userName: 'mo', role: i % 2 ? 'EDITOR' : 'ADMIN', expectedVersion: start } }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) {
      expect(r.errors![0]!.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'VersionMismatch',
        currentVersion: start + 1,
      });
    }
    const row = await api.db.prisma.workspaceMember.findFirstOrThrow({ where: { user: { name: 'mo' } } });
    expect(row.version).toBe(start + 1);

    const staleRemove = await api.gql(REMOVE, { i: { userName: 'mo', expectedVersion: start } });
    expect(staleRemove.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
    });
    expect(await api.db.prisma.workspaceMember.count({ where: { user: { name: 'mo' } } })).toBe(1);
    await api.ok(REMOVE, { i: { userName: 'mo', expectedVersion: start + 1 } });
    // Removed meanwhile: a role change that expected a version conflicts instead of re-adding the member.
    const gone = await api.gql(ADD, { i: { userName: 'mo', role: 'READER', expectedVersion: start + 1 } });
    expect(gone.errors?.[0]?.extensions).toMatchObject({ reason: 'VersionMismatch', currentVersion: null });
    // Without a version (existing callers): unconditional, as before.
    await api.ok(ADD, { i: { userName: 'mo', role: 'READER' } });
    await api.ok(REMOVE, { i: { userName: 'mo' } });
  }, 60_000);

  it('concurrent adds of the same new member all succeed (an add is an upsert), one row, one creation', async () => {
    await api.createUser('newbie');
    const ADD = `mutation($i: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $i) { member { role version } } }`;
    const results = await Promise.all(
      Array.from({ length: 12 }, () => api.gql(ADD, { i: { userName: 'newbie', role: 'EDITOR' } })),
    );
    expect(results.map((r) => r.errors?.[0]?.extensions ?? null)).toEqual(results.map(() => null));
    const rows = await api.db.prisma.workspaceMember.findMany({ where: { user: { name: 'newbie' } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'editor', version: 1 });
    const entries = await api.db.prisma.auditEntry.findMany({
      where: { action: 'addWorkspaceMember', resourceId: rows[0]!.id },
    });
    expect(entries.filter((e) => e.before === null)).toHaveLength(1);
  }, 60_000);

  it('a dissociation compares input.expectedVersion with the subnet it changes and records its before/after', async () => {
    const input = (expectedVersion?: number) => ({ subnetId: WEB_SUBNET, expectedVersion });
    const DISSOCIATE = `mutation($i: DissociateNetworkSecurityGroupInput!) {
      dissociateNetworkSecurityGroup(input: $i) { subnet { id } } }`;
    const dissociate = async (i: ReturnType<typeof input>) => {
      const r = await api.gql(DISSOCIATE, { i });
      if (r.errors?.length) throw { message: r.errors[0]!.message, extensions: r.errors[0]!.extensions };
      return r.data;
    };
    const version = await api.versionOf(WEB_SUBNET);
    await expect(dissociate(input(version - 1))).rejects.toMatchObject({
      message: `Subnet 'web' changed since version ${version - 1} (now ${version}); reload and retry.`,
      extensions: { code: 'CONFLICT', reason: 'VersionMismatch', currentVersion: version },
    });
    expect(await api.versionOf(WEB_SUBNET)).toBe(version);
    await dissociate(input(version));
    expect(await api.versionOf(WEB_SUBNET)).toBe(version + 1);
    const [entry] = (await history({ arm: WEB_SUBNET })).edges.map((e) => e.node);
    expect(entry).toMatchObject({ action: 'dissociateNetworkSecurityGroup', resourceType: 'Subnet' });
    expect(entry!.before?.networkSecurityGroupId).toEqual(expect.any(String));
    expect(entry!.after).toMatchObject({ networkSecurityGroupId: null, version: version + 1 });
    await api.ok(
      `mutation($i: AssociateNetworkSecurityGroupInput!) { associateNetworkSecurityGroup(input: $i) { subnet { id } } }`,
      { i: { networkSecurityGroupId: NSG, subnetId: WEB_SUBNET, expectedVersion: version + 1 } },
    );
    // The association changes the subnet: its history shows the subnet before and after, version compared.
    const [associated] = (await history({ arm: WEB_SUBNET })).edges.map((e) => e.node);
    expect(associated).toMatchObject({ action: 'associateNetworkSecurityGroup', resourceType: 'Subnet' });
    expect(associated!.before).toMatchObject({ networkSecurityGroupId: null, version: version + 1 });
    expect(associated!.after).toMatchObject({
      networkSecurityGroupId: expect.any(String),
      version: version + 2,
    });
  });

  it('updates and deletes must send expectedVersion', async () => {
    const r = await api.gql(`mutation { deleteNetworkSecurityGroup(input: { id: "${NSG}" }) { deletedId } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('bootstrap token', () => {
  it('FLOWVERIFY_BOOTSTRAP_TOKEN: exists once, idempotent, a new value replaces the old', async () => {
    const prisma = api.db.prisma;
    const a = 'fv_bootstrap-a-0123456789abcdef';
    const b = 'fv_bootstrap-b-0123456789abcdef';
    await ensureBootstrapToken(prisma, { bootstrapToken: a, embedded: true });
    await ensureBootstrapToken(prisma, { bootstrapToken: a, embedded: true });
    expect(await prisma.apiToken.count({ where: { tokenHash: hashToken(a) } })).toBe(1);
    expect((await api.gqlAs(a, `{ me { isServerAdmin } }`)).data).toEqual({ me: { isServerAdmin: true } });
    await ensureBootstrapToken(prisma, { bootstrapToken: b, embedded: true });
    expect((await api.gqlAs(b, `{ me { isServerAdmin } }`)).data).toEqual({ me: { isServerAdmin: true } });
    expect((await api.gqlAs(a, `{ me { isServerAdmin } }`)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('embedded without one: a fresh startup token each start, the previous one revoked', async () => {
    const first = await ensureBootstrapToken(api.db.prisma, { bootstrapToken: undefined, embedded: true });
    const second = await ensureBootstrapToken(api.db.prisma, { bootstrapToken: undefined, embedded: true });
    expect(first.startupToken).toMatch(/^fv_/);
    expect(second.startupToken).not.toBe(first.startupToken);
    expect((await api.gqlAs(second.startupToken, `{ me { user { name } } }`)).data).toEqual({
      me: { user: { name: 'admin' } },
    });
    expect(
      (await api.gqlAs(first.startupToken, `{ me { user { name } } }`)).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
    // A server with a usable admin token mints none.
    expect(await ensureBootstrapToken(api.db.prisma, { bootstrapToken: undefined, embedded: false })).toEqual(
      {
        startupToken: null,
      },
    );
  });
});

describe('CLI token and member commands', () => {
  const run = (args: string[], token = api.token) =>
    runCli(args, { FLOWVERIFY_API_URL: api.url, FLOWVERIFY_TOKEN: token });

  beforeAll(buildCli, 60_000);

  it('token create prints the secret once; list shows it; revoke ends it; member add/remove', async () => {
    await api.db.prisma.user.create({ data: { name: 'carol' } });
    const created = await run(['token', 'create', '--name', 'cli', '--user', 'carol']);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^fv_[\w-]{43}$/);
    const added = await run([
      'member',
      'add',
      '--workspace',
      'default',
      '--user',
      'carol',
      '--role',
      'reader',
    ]);
    expect(added).toMatchObject({ code: 0, stdout: "carol is reader in 'default'.\n" });
    const listed = await run(['token', 'list', '--json'], secret);
    const rows = JSON.parse(listed.stdout) as { id: string; name: string; user: { name: string } }[];
    expect(rows).toEqual([expect.objectContaining({ name: 'cli', user: { name: 'carol' } })]);
    const members = await run(['member', 'list', '--workspace', 'default'], secret);
    expect(members.stdout).toContain('carol');
    expect((await run(['token', 'revoke', rows[0]!.id], secret)).code).toBe(0);
    const after = await run(['token', 'list'], secret);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('UNAUTHENTICATED');
    const removed = await run(['member', 'remove', '--workspace', 'default', '--user', 'carol']);
    expect(removed.code).toBe(0);
    expect((await run(['member', 'add', '--user', 'carol'])).code).toBe(2);
  }, 60_000);
});
