/**
 * importAzureResources / exportAzureResources over HTTP against a fresh database (DATABASE_URL's server, or the
 * embedded PGlite when unset).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';
import { createLogger } from '../logger';
import { createServer, type FlowverifyServer } from '../server';
import { insertApiToken } from '../services/api-tokens';

const fixtures = path.join(__dirname, '..', '..', 'test-fixtures');
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));
const azDocument = (): unknown[] =>
  ['vnet-list', 'nsg-list', 'asg-list', 'nic-list', 'vm-list', 'network-manager'].map((f) =>
    load(`az/${f}.json`),
  );

jest.setTimeout(60_000);

let db: TestDatabase;
let server: FlowverifyServer;
let url: string;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await createServer({ prisma: db.prisma, logger: createLogger('silent') });
  const { port } = await server.listen(0);
  url = `http://127.0.0.1:${port}/graphql`;
  const admin = await db.prisma.user.create({ data: { name: 'import-admin', isServerAdmin: true } });
  token = (await insertApiToken(db.prisma, { userId: admin.id, name: 'tests' })).secret;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

interface GqlResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResponse<T>;
}

const IMPORT = `mutation ($input: ImportAzureResourcesInput!) {
  importAzureResources(input: $input) {
    workspace { name modelVersion stats { virtualNetworks subnets networkSecurityGroups securityRules applicationSecurityGroups networkInterfaces virtualMachines networkManagers adminRules } }
    importedCount
    counts { kind created updated unchanged }
    skipped { type count }
    warnings { code path resourceId message severity }
    issues { code path message severity }
  }
}`;
// Loosely typed JSON for poking at fixtures and exports.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const EXPORT = `query ($workspace: String) { exportAzureResources(workspace: $workspace) }`;

interface ImportPayload {
  workspace: { name: string; modelVersion: number; stats: Record<string, number> };
  importedCount: number;
  counts: { kind: string; created: number; updated: number; unchanged: number }[];
  skipped: { type: string; count: number }[];
  warnings: { code: string; path: string; resourceId: string | null; message: string; severity: string }[];
}

async function importDocument(
  workspace: string,
  document: unknown,
  replace?: boolean,
): Promise<ImportPayload> {
  const res = await gql<{ importAzureResources: ImportPayload }>(IMPORT, {
    input: { workspace, document, replace },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors, null, 2));
  return res.data!.importAzureResources;
}

const countOf = (p: ImportPayload, kind: string) => p.counts.find((c) => c.kind === kind);

describe('importAzureResources', () => {
  it('imports az CLI flattened output into a workspace it creates', async () => {
    const result = await importDocument('az-shop', azDocument());
    expect(result.workspace.name).toBe('az-shop');
    expect(result.workspace.stats).toEqual({
      virtualNetworks: 1,
      subnets: 3,
      networkSecurityGroups: 2,
      securityRules: 4,
      applicationSecurityGroups: 2,
      networkInterfaces: 2,
      virtualMachines: 2,
      networkManagers: 1,
      adminRules: 1,
    });
    expect(countOf(result, 'virtualNetworks')).toEqual({
      kind: 'virtualNetworks',
      created: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('imports the az exports one file at a time in the order people list them (placeholders for NSGs and ASGs named early)', async () => {
    // vnet-list names the subnets' NSGs and nsg-list its rules' ASGs before their own exports are in.
    const steps: ImportPayload[] = [];
    for (const f of ['vnet-list', 'nsg-list', 'nic-list', 'vm-list', 'asg-list', 'network-manager'])
      steps.push(await importDocument('one-by-one', load(`az/${f}.json`)));
    const [vnets, nsgs, , , asgs] = steps as [
      ImportPayload,
      ImportPayload,
      ImportPayload,
      ImportPayload,
      ImportPayload,
    ];
    expect(vnets.warnings.map((w) => [w.code, w.resourceId?.split('/').pop()])).toEqual([
      ['PlaceholderCreated', 'nsg-web'],
      ['PlaceholderCreated', 'nsg-app'],
    ]);
    expect(vnets.warnings[0]!.path).toMatch(/^\$\[0\]\.subnets\[0\]\.networkSecurityGroup/);
    expect(countOf(vnets, 'networkSecurityGroups')).toMatchObject({ created: 2 });
    // The real NSGs fill the placeholders in (same rows: updated, not created); their ASGs become placeholders.
    expect(countOf(nsgs, 'networkSecurityGroups')).toMatchObject({ created: 0, updated: 2 });
    expect(nsgs.warnings.map((w) => w.code)).toEqual(['PlaceholderCreated', 'PlaceholderCreated']);
    expect(countOf(asgs, 'applicationSecurityGroups')).toMatchObject({ created: 0 });
    expect(asgs.warnings).toEqual([]);
    // The same model as importing everything in one call.
    const all = await importDocument('all-at-once', azDocument());
    expect(steps.at(-1)!.workspace.stats).toEqual(all.workspace.stats);
    const exportOf = async (workspace: string) =>
      (await gql<{ exportAzureResources: unknown }>(EXPORT, { workspace })).data!.exportAzureResources;
    expect(await exportOf('one-by-one')).toEqual(await exportOf('all-at-once'));
  });

  it('still refuses a reference a placeholder cannot stand in for (a NIC before its subnet)', async () => {
    const res = await gql(IMPORT, { input: { workspace: 'nic-first', document: load('az/nic-list.json') } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidImport' });
    expect(JSON.stringify(res.errors?.[0]?.extensions?.issues)).toMatch(/subnet .* does not exist/);
    // Each NIC's primary IP configuration is the one with the missing subnet: no second, misleading "found 0".
    const issues = res.errors![0]!.extensions!.issues as { code: string; path: string }[];
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['ReferencedResourceNotFound', '$[0].ipConfigurations[0].subnet.id'],
      ['ReferencedResourceNotFound', '$[1].ipConfigurations[0].subnet.id'],
    ]);
  });

  it('puts the import in the History of each child it wrote (subnets, rules, peerings, admin rules)', async () => {
    await importDocument('history-kids', azDocument());
    const vnet = (load('az/vnet-list.json') as Loose[])[0]!;
    const nsg = (load('az/nsg-list.json') as Loose[])[0]!;
    const rule = (load('az/network-manager.json') as Loose[])[0]!.securityAdminConfigurations[0]
      .ruleCollections[0].rules[0];
    for (const armId of [vnet.subnets[0].id, nsg.securityRules[0].id, rule.id]) {
      const r = await gql<{ auditEntries: { edges: { node: { action: string } }[] } }>(
        `query($p: String) { auditEntries(workspace: "history-kids", armIdPrefix: $p) { edges { node { action } } } }`,
        { p: armId },
      );
      expect([armId, r.data?.auditEntries.edges.map((e) => e.node.action)]).toEqual([
        armId,
        ['importAzureResources'],
      ]);
    }
  });

  it('makes the imported model visible to verification (workspace version bumped)', async () => {
    const verify = `query ($input: VerifyFlowInput!) { verifyFlow(input: $input) { access ruleName decidedBy } }`;
    const vm =
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-shop/providers/Microsoft.Compute/virtualMachines/vm-web-1';
    const flow = (localPort: string) => ({
      workspace: 'az-shop',
      targetResourceId: vm,
      direction: 'INBOUND',
      protocol: 'TCP',
      localIpAddress: '10.1.1.4',
      localPort,
      remoteIpAddress: '13.107.21.200',
      remotePort: '50000',
    });
    const allowed = await gql(verify, { input: flow('443') });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toEqual({
      verifyFlow: { access: 'ALLOW', ruleName: 'securityRules/allow-https', decidedBy: 'SUBNET_NSG' },
    });
    const rdp = await gql(verify, { input: flow('3389') });
    expect(rdp.data).toEqual({
      verifyFlow: { access: 'DENY', ruleName: 'deny-rdp-internet', decidedBy: 'ADMIN_RULE' },
    });
  });

  it('imports ARM REST lists and counts the unknown types it skips', async () => {
    const result = await importDocument('arm-rest', load('arm-rest.json'));
    expect(result.skipped).toEqual([
      { type: 'Microsoft.Network/publicIPAddresses', count: 1 },
      { type: 'Microsoft.Network/routeTables', count: 1 },
      { type: 'Microsoft.Compute/disks', count: 1 },
    ]);
    expect(result.workspace.stats).toMatchObject({
      virtualNetworks: 1,
      subnets: 2,
      securityRules: 4,
      networkInterfaces: 2,
      virtualMachines: 2,
    });
  });

  it('imports an ARM template export and a by-kind object with service tags', async () => {
    const template = await importDocument('template', load('arm-template.json'));
    expect(template.workspace.stats).toMatchObject({
      virtualNetworks: 1,
      subnets: 1,
      securityRules: 3,
      applicationSecurityGroups: 1,
      networkInterfaces: 1,
      virtualMachines: 1,
    });
    const byKind = await importDocument('by-kind', [load('by-kind.json'), load('service-tags.json')]);
    expect(byKind.skipped).toEqual([{ type: 'Microsoft.Network/loadBalancers', count: 1 }]);
    expect(countOf(byKind, 'serviceTags')).toMatchObject({ created: 3 });
  });

  it('is idempotent: re-importing the same document changes nothing', async () => {
    const before = await importDocument('idempotent', load('arm-rest.json'));
    const again = await importDocument('idempotent', load('arm-rest.json'));
    expect(again.importedCount).toBe(0);
    expect(again.counts.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    expect(countOf(again, 'virtualNetworks')).toMatchObject({ unchanged: 1 });
    expect(again.workspace.modelVersion).toBe(before.workspace.modelVersion);
    expect(again.workspace.stats).toEqual(before.workspace.stats);
  });

  it('upserts by case-insensitive id and rewrites changed children', async () => {
    const doc = load('arm-rest.json') as { value: Loose[] };
    await importDocument('upsert', doc);
    const changed = structuredClone(doc);
    const nsg = changed.value[2]!;
    const [sqlRule, internetRule] = (nsg.properties.securityRules as Loose[]).map((r) => r.id as string);
    // The rules' versions (our ids are internal; a rule's GraphQL id is its ARM id).
    const ruleState = async (armId: string) => {
      const r = await gql<{
        resourceByArmId: { securityRules: { edges: { node: { id: string; version: number } }[] } };
      }>(
        `query($a: String!) { resourceByArmId(workspace: "upsert", armId: $a) {
          ... on NetworkSecurityGroup { securityRules { edges { node { id version } } } } } }`,
        { a: nsg.id },
      );
      const node = r
        .data!.resourceByArmId.securityRules.edges.map((e) => e.node)
        .find((n) => n.id.toLowerCase() === armId.toLowerCase());
      return { version: node!.version };
    };
    // A first edit in the dashboard, so the versions are not all 1: an import must never reset them.
    const sqlBefore = await ruleState(sqlRule!);
    const edited = await gql(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version } } }`,
      {
        i: {
          workspace: 'upsert',
          id: sqlRule,
          expectedVersion: sqlBefore.version,
          patch: { description: 'edited' },
        },
      },
    );
    expect(edited.errors).toBeUndefined();
    const [sqlEdited, internetBefore] = [await ruleState(sqlRule!), await ruleState(internetRule!)];
    expect(sqlEdited.version).toBe(sqlBefore.version + 1);

    nsg.id = nsg.id.toUpperCase();
    nsg.properties.securityRules[0].properties.destinationPortRange = '1434';
    const result = await importDocument('upsert', changed);
    expect(countOf(result, 'networkSecurityGroups')).toEqual({
      kind: 'networkSecurityGroups',
      created: 0,
      updated: 1,
      unchanged: 1,
    });
    // The changed rule moves on from its version (no reset to 1); the untouched rule keeps its own.
    expect(countOf(result, 'securityRules')).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(await ruleState(sqlRule!)).toEqual({ version: sqlEdited.version + 1 });
    expect(await ruleState(internetRule!)).toEqual(internetBefore);
    expect(result.workspace.stats.networkSecurityGroups).toBe(2);
    const exported = await gql<{ exportAzureResources: { value: Loose[] } }>(EXPORT, {
      workspace: 'upsert',
    });
    const rule = exported
      .data!.exportAzureResources.value.find((r) => r.name === 'nsg-db')!
      .properties.securityRules.find((r: { name: string }) => r.name === 'allow-sql-from-api');
    expect(rule.properties.destinationPortRange).toBe('1434');
  });

  it('resolves references to resources already in the workspace, and rejects dangling ones', async () => {
    await importDocument('refs', load('az/asg-list.json'));
    const nsgs = await importDocument('refs', load('az/nsg-list.json')); // rules name ASGs imported before
    expect(countOf(nsgs, 'securityRules')).toMatchObject({ created: 4 });
    await importDocument('refs', load('az/vnet-list.json')); // subnets name NSGs imported before
    const nics = await importDocument('refs', load('az/nic-list.json'));
    expect(nics.workspace.stats).toMatchObject({
      networkInterfaces: 2,
      subnets: 3,
      applicationSecurityGroups: 2,
    });
    const lonely = await gql(IMPORT, {
      input: { workspace: 'refs-empty', document: load('az/nic-list.json') },
    });
    expect(lonely.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidImport' });
    const paths = (lonely.errors![0]!.extensions!.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['$[0].ipConfigurations[0].subnet.id', '$[1].ipConfigurations[0].subnet.id']),
    );
  });

  it('a changed NIC keeps its unchanged IP configurations (version) and moves a changed one on', async () => {
    for (const f of ['asg-list', 'nsg-list', 'vnet-list'])
      await importDocument('nic-versions', load(`az/${f}.json`));
    const nics = load('az/nic-list.json') as Loose[];
    await importDocument('nic-versions', nics);
    const [web, app] = nics.map((n) => n.ipConfigurations[0].id as string);
    const version = async (armId: string) => {
      const r = await gql<{ resourceByArmId: { version: number } }>(
        `query($a: String!) { resourceByArmId(workspace: "nic-versions", armId: $a) { ... on IpConfiguration { version } } }`,
        { a: armId },
      );
      return r.data!.resourceByArmId.version;
    };
    // Edits in the dashboard move the web IP configuration's version past 1 and leave it as imported.
    const asg = (load('az/asg-list.json') as Loose[]).find(
      (a) => !nics[0]!.ipConfigurations[0].applicationSecurityGroups?.some((g: Loose) => g.id === a.id),
    )!.id as string;
    for (const op of ['add', 'remove']) {
      const r = await gql(
        `mutation($i: ApplicationSecurityGroupMemberInput!) { ${op}ApplicationSecurityGroupMember(input: $i) { ipConfiguration { id } } }`,
        { i: { workspace: 'nic-versions', applicationSecurityGroupId: asg, ipConfigurationId: web } },
      );
      expect(r.errors).toBeUndefined();
    }
    const [webBefore, appBefore] = [await version(web!), await version(app!)];
    expect(webBefore).toBeGreaterThan(1);
    const changed = structuredClone(nics);
    changed[0]!.enableIPForwarding = true; // the NIC changes, its IP configuration does not
    changed[1]!.ipConfigurations[0].privateIpAddress = '10.1.2.5'; // this IP configuration changes
    const result = await importDocument('nic-versions', changed);
    expect(countOf(result, 'networkInterfaces')).toMatchObject({ updated: 2 });
    expect(await version(web!)).toBe(webBefore);
    expect(await version(app!)).toBe(appBefore + 1);
    const who = await gql<{ whoOwnsIp: unknown }>(
      `query { resourceByArmId(workspace: "nic-versions", armId: "${app}") { ... on IpConfiguration { privateIPAddress } } }`,
      {},
    );
    expect(who.data).toEqual({ resourceByArmId: { privateIPAddress: '10.1.2.5' } });
  });

  it('a changed network manager keeps the versions of its unchanged parts and moves changed ones on', async () => {
    for (const f of ['asg-list', 'nsg-list', 'vnet-list'])
      await importDocument('nm-versions', load(`az/${f}.json`));
    const managers = load('az/network-manager.json') as Loose[];
    await importDocument('nm-versions', managers);
    const config = managers[0]!.securityAdminConfigurations[0];
    const collection = config.ruleCollections[0];
    const rule = collection.rules[0];
    const version = async (armId: string) => {
      const r = await gql<{ resourceByArmId: { version: number } }>(
        `query($a: String!) { resourceByArmId(workspace: "nm-versions", armId: $a) {
          ... on AdminRule { version } ... on AdminRuleCollection { version }
          ... on SecurityAdminConfiguration { version } } }`,
        { a: armId },
      );
      return r.data!.resourceByArmId.version;
    };
    // An edit in the dashboard moves the admin rule past version 1; the document below carries the edited text.
    const edited = await gql(
      `mutation($i: UpdateAdminRuleInput!) { updateAdminRule(input: $i) { adminRule { version } } }`,
      {
        i: {
          workspace: 'nm-versions',
          id: rule.id,
          expectedVersion: await version(rule.id),
          patch: { description: 'edited in the dashboard' },
        },
      },
    );
    expect(edited.errors).toBeUndefined();
    const [ruleBefore, configBefore, collectionBefore] = [
      await version(rule.id),
      await version(config.id),
      await version(collection.id),
    ];
    expect(ruleBefore).toBe(2);

    const changed = structuredClone(managers);
    changed[0]!.description = 'changed by the import';
    const changedCollection = changed[0]!.securityAdminConfigurations[0].ruleCollections[0];
    changedCollection.rules[0].description = 'edited in the dashboard';
    changedCollection.rules.push({
      ...changedCollection.rules[0],
      id: `${collection.id}/rules/deny-telnet-internet`,
      name: 'deny-telnet-internet',
      priority: 11,
      destinationPortRanges: ['23'],
    });
    const result = await importDocument('nm-versions', changed);
    expect(countOf(result, 'networkManagers')).toMatchObject({ updated: 1 });
    expect(await version(rule.id)).toBe(ruleBefore); // unchanged: same version
    expect(await version(config.id)).toBe(configBefore + 1); // a collection inside changed
    expect(await version(collection.id)).toBe(collectionBefore + 1); // it gained a rule
    expect(await version(`${collection.id}/rules/deny-telnet-internet`)).toBe(1);
  });

  it('imports children alone (az network nsg rule list, vnet subnet list) when the parent is already stored', async () => {
    await importDocument('children', load('az/asg-list.json'));
    await importDocument('children', load('az/nsg-list.json'));
    const stored = await importDocument('children', load('az/vnet-list.json'));
    expect(stored.workspace.stats).toMatchObject({ securityRules: 4, subnets: 3 });
    const nsgWeb = (load('az/nsg-list.json') as Loose[])[0]!;
    const https = nsgWeb.securityRules[0] as Loose;
    // The parent's id spelled in another case; one rule changed, one new.
    const upper = (id: string) => id.replace('nsg-web', 'NSG-WEB');
    const ruleList = [
      { ...https, id: upper(https.id), destinationPortRange: '8443' },
      { ...https, id: upper(https.id).replace('allow-https', 'allow-ssh'), name: 'allow-ssh', priority: 300 },
    ];
    const rules = await importDocument('children', ruleList);
    // Only the changed rule is rewritten; the stored allow-bastion is left as it was.
    expect(countOf(rules, 'securityRules')).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
    expect(rules.workspace.stats).toMatchObject({ networkSecurityGroups: 2, securityRules: 5 });

    const vnetId = (load('az/vnet-list.json') as Loose[])[0]!.id as string;
    const subnetList = [
      {
        id: `${vnetId}/subnets/snet-data`,
        name: 'snet-data',
        addressPrefix: '10.1.3.0/24',
        type: 'Microsoft.Network/virtualNetworks/subnets',
        resourceGroup: 'rg-shop',
      },
    ];
    const subnets = await importDocument('children', subnetList);
    expect(subnets.workspace.stats).toMatchObject({ virtualNetworks: 1, subnets: 4 });

    const exported = await gql<{ exportAzureResources: { value: Loose[] } }>(EXPORT, {
      workspace: 'children',
    });
    const web = exported.data!.exportAzureResources.value.find((r) => r.name === 'nsg-web')!;
    const exportedRules = web.properties.securityRules as Loose[];
    expect(exportedRules.map((r) => r.name).sort()).toEqual(['allow-bastion', 'allow-https', 'allow-ssh']);
    expect(exportedRules.find((r) => r.name === 'allow-https')!.properties.destinationPortRange).toBe('8443');
    expect(exportedRules.find((r) => r.name === 'allow-ssh')!.properties.priority).toBe(300);
  });

  it('refuses a child whose parent is neither in the document nor in the workspace; nothing is written', async () => {
    const before = await db.prisma.workspace.findUniqueOrThrow({ where: { name: 'children' } });
    const https = ((load('az/nsg-list.json') as Loose[])[0]!.securityRules as Loose[])[0]!;
    const orphanId = (https.id as string).replace('nsg-web', 'nsg-gone').replace('allow-https', 'orphan');
    const res = await gql(IMPORT, {
      input: {
        workspace: 'children',
        document: [
          { ...https, id: (https.id as string).replace('allow-https', 'fine'), name: 'fine', priority: 400 },
          { ...https, id: orphanId, name: 'orphan' },
        ],
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidImport' });
    const issues = res.errors![0]!.extensions!.issues as { code: string; path: string; message: string }[];
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'ParentNotFound',
        path: '$[1]',
        message: expect.stringContaining('networkSecurityGroups/nsg-gone of this securityRule is neither'),
      }),
    ]);
    const after = await db.prisma.workspace.findUniqueOrThrow({ where: { name: 'children' } });
    expect(after.version).toBe(before.version);
    expect(await db.prisma.securityRule.count({ where: { workspaceId: after.id, name: 'fine' } })).toBe(0);
  });

  it('rolls back an invalid import and lists every problem with its JSON path', async () => {
    const doc = load('arm-rest.json') as { value: Loose[] };
    const bad = structuredClone(doc);
    bad.value[1]!.properties.securityRules[0].properties.priority = 50; // below 100
    bad.value[2]!.properties.securityRules.push({
      name: 'allow-sql-again',
      properties: { ...bad.value[2]!.properties.securityRules[0].properties }, // duplicate (100, Inbound)
    });
    bad.value[2]!.properties.securityRules[1].properties.destinationPortRange = '70000';
    delete bad.value[4]!.properties.ipConfigurations[0].properties.privateIPAddress;
    const res = await gql(IMPORT, { input: { workspace: 'rollback', document: bad } });
    expect(res.data).toBeNull();
    const error = res.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidImport' });
    const issues = error.extensions!.issues as {
      code: string;
      path: string;
      resourceId?: string;
      message: string;
    }[];
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.value[1].properties.securityRules[0].properties.priority',
        '$.value[2].properties.securityRules[1].properties.destinationPortRange',
        '$.value[4].properties.ipConfigurations[0].properties.privateIPAddress',
      ]),
    );
    expect(paths.some((p) => p.startsWith('$.value[2].properties.securityRules[2]'))).toBe(true);
    for (const issue of issues) {
      expect(issue.code).toEqual(expect.any(String));
      expect(issue.message).toEqual(expect.any(String));
    }
    expect(issues.find((i) => i.path.endsWith('securityRules[0].properties.priority'))?.resourceId).toMatch(
      /allow-https-v4$/i,
    );
    // nothing written: not even the workspace
    expect(await db.prisma.workspace.findUnique({ where: { name: 'rollback' } })).toBeNull();
  });

  it('refuses ids that are not ARM ids of the resource, under its parent and ending in its name', async () => {
    const nsgs = load('az/nsg-list.json') as Loose[];
    const vnets = load('az/vnet-list.json') as Loose[];
    // A rule of nsg-web carrying nsg-app's rule id: once an internal error (two rules with one id).
    const foreign = structuredClone(nsgs);
    foreign[0]!.securityRules[0].id = foreign[1]!.securityRules[0].id;
    foreign[0]!.securityRules[0].name = foreign[1]!.securityRules[0].name;
    const notAnId = structuredClone(nsgs);
    notAnId[0]!.id = 'not-an-arm-id';
    const wrongType = structuredClone(nsgs);
    wrongType[1]!.id = `${vnets[0]!.id as string}-other`;
    const wrongName = structuredClone(vnets);
    wrongName[0]!.subnets[0].name = 'snet-renamed';
    const cases: [string, unknown, string, string][] = [
      ['ids-foreign', foreign, 'ResourceIdNotUnderParent', '$[0].securityRules[0].id'],
      ['ids-not-an-id', notAnId, 'InvalidResourceId', '$[0].id'],
      ['ids-wrong-type', wrongType, 'ResourceIdTypeMismatch', '$[1].id'],
      ['ids-wrong-name', wrongName, 'ResourceIdNameMismatch', '$[0].subnets[0].id'],
    ];
    for (const [workspace, document, code, path] of cases) {
      const res = await gql(IMPORT, { input: { workspace, document } });
      expect(res.data).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'InvalidImport',
        field: 'document',
      });
      const issues = res.errors![0]!.extensions!.issues as { code: string; path: string; message: string }[];
      expect(issues).toContainEqual(expect.objectContaining({ code, path, message: expect.any(String) }));
      // A refused id is reported once: its children are not also "not under their parent".
      expect(issues.filter((i) => i.code === 'ResourceIdNotUnderParent')).toHaveLength(
        code === 'ResourceIdNotUnderParent' ? 1 : 0,
      );
      expect(await db.prisma.workspace.findUnique({ where: { name: workspace } })).toBeNull();
    }
  });

  it('refuses a peering state or deployment type it cannot store at its JSON path, with every such problem', async () => {
    const doc = load('arm-rest.json') as { value: Loose[] };
    const vnet = doc.value.find((r) => /virtualNetworks$/.test(r.type as string))!;
    vnet.properties.virtualNetworkPeerings[0].properties.peeringState = 'Sideways';
    const manager = (load('az/network-manager.json') as Loose[])[0]!;
    manager.deployments[0].deploymentType = 'Bogus';
    const res = await gql(IMPORT, {
      input: { workspace: 'stored-values', document: [doc, ...azDocument().slice(0, 5), [manager]] },
    });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidImport' });
    const issues = res.errors![0]!.extensions!.issues as {
      code: string;
      path: string;
      resourceId?: string;
    }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'InvalidValue',
          path: '$[0].value[0].properties.virtualNetworkPeerings[0].properties.peeringState',
          resourceId: expect.stringMatching(/virtualNetworkPeerings\/[^/]+$/),
        }),
        expect.objectContaining({
          code: 'InvalidValue',
          path: '$[6][0].deployments[0].deploymentType',
          resourceId: expect.stringMatching(/networkManagers\/nm-shop$/),
        }),
      ]),
    );
    expect(await db.prisma.workspace.findUnique({ where: { name: 'stored-values' } })).toBeNull();
  });

  it('replace: true empties the workspace first, in the same transaction', async () => {
    await importDocument('replace', azDocument());
    const result = await importDocument('replace', load('by-kind.json'), true);
    expect(result.workspace.stats).toMatchObject({
      virtualNetworks: 1,
      networkSecurityGroups: 1,
      networkManagers: 0,
      applicationSecurityGroups: 0,
    });
    const exported = await gql<{ exportAzureResources: { value: { name: string }[] } }>(EXPORT, {
      workspace: 'replace',
    });
    expect(exported.data!.exportAzureResources.value.map((r) => r.name)).not.toContain('vnet-shop');
  });

  it('round-trips: import → export → import into a fresh workspace → export again is equal', async () => {
    await importDocument('trip-a', [...azDocument(), load('arm-rest.json'), load('service-tags.json')]);
    const first = await gql<{ exportAzureResources: unknown }>(EXPORT, { workspace: 'trip-a' });
    expect(first.errors).toBeUndefined();
    const second = await importDocument('trip-b', first.data!.exportAzureResources);
    expect(second.warnings).toEqual([]);
    const again = await gql<{ exportAzureResources: unknown }>(EXPORT, { workspace: 'trip-b' });
    expect(again.data!.exportAzureResources).toEqual(first.data!.exportAzureResources);
  });

  it('accepts the document as JSON text, and rejects text that is not JSON', async () => {
    const text = readFileSync(path.join(fixtures, 'az', 'asg-list.json'), 'utf8');
    expect((await importDocument('as-text', text)).workspace.stats.applicationSecurityGroups).toBe(2);
    const res = await gql(IMPORT, { input: { workspace: 'as-text', document: '{ nope' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidJson' });
  });

  it('refuses a document that is not a JSON object or array (nothing to import), and writes nothing', async () => {
    for (const document of [5, true, '42', '"text"', 'null']) {
      const res = await gql(IMPORT, { input: { workspace: 'not-a-document', document } });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'InvalidDocument',
        field: 'document',
      });
      expect(res.errors?.[0]?.message).toMatch(/object or array/);
    }
    expect(await db.prisma.workspace.findUnique({ where: { name: 'not-a-document' } })).toBeNull();
  });

  it('creates only well-named workspaces', async () => {
    const res = await gql(IMPORT, {
      input: { workspace: 'no spaces/please', document: load('az/asg-list.json') },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidName',
      field: 'workspace',
    });
  });

  it('export of an unknown workspace is a BAD_USER_INPUT NotFound', async () => {
    const res = await gql(EXPORT, { workspace: 'nope' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NotFound' });
  });
});
