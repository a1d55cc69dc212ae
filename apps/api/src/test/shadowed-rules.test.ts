/**
 * NetworkSecurityGroup.shadowedRules and NetworkManager.shadowedAdminRules over HTTP against a fresh database:
 * fully covered rules are listed with their reason and shadowing rules, partly covered ones are not, admin Deny
 * rules shadow NSG rules (HIGHER_LAYERS), results follow workspace versions (edits, deletes, drafts) and are
 * computed once per version, and readers may read them.
 */
import { shadowedRulesStats } from '../services/shadowed-rules';
import {
  allowInboundTcp,
  buildSmallNetwork,
  NSG,
  RG,
  startTestApi,
  SUB,
  VNET,
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

const rule = (name: string) => `${NSG}/securityRules/${name}`;
const NM = `${RG}/providers/Microsoft.Network/networkManagers/nm1`;
const GROUP = `${NM}/networkGroups/all-vnets`;
const CONFIG = `${NM}/securityAdminConfigurations/baseline`;
const RC = `${CONFIG}/ruleCollections/guard`;
const adminRule = (name: string) => `${RC}/rules/${name}`;

const FIELDS = `ruleName name ruleId priority direction reason contexts
  shadowedBy { layer ruleName ruleId networkSecurityGroupId access priority }`;
const NSG_SHADOWED = `query($w: String, $id: String!) { resourceByArmId(workspace: $w, armId: $id) {
  ... on NetworkSecurityGroup { shadowedRules { ${FIELDS} } } } }`;
const NM_SHADOWED = `query($w: String, $id: String!) { resourceByArmId(workspace: $w, armId: $id) {
  ... on NetworkManager { shadowedAdminRules { ${FIELDS} } } } }`;

interface Shadowed {
  ruleName: string;
  name: string;
  ruleId: string;
  priority: number;
  direction: string;
  reason: string;
  contexts: number;
  shadowedBy: Record<string, unknown>[];
}

async function shadowedOf(workspace = 'default', token?: string): Promise<Shadowed[]> {
  const r = token
    ? await api.gqlAs<{ resourceByArmId: { shadowedRules: Shadowed[] } }>(token, NSG_SHADOWED, {
        w: workspace,
        id: NSG,
      })
    : await api.gql<{ resourceByArmId: { shadowedRules: Shadowed[] } }>(NSG_SHADOWED, {
        w: workspace,
        id: NSG,
      });
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data!.resourceByArmId.shadowedRules;
}

const names = (list: Shadowed[]) => list.map((s) => s.name);

async function createRule(fields: Record<string, unknown>, workspace = 'default') {
  await api.ok(
    `mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { securityRule { id } } }`,
    { i: { workspace, networkSecurityGroupId: NSG, rule: fields } },
  );
}

async function deleteRule(name: string, workspace = 'default') {
  await api.ok(`mutation($i: DeleteResourceInput!) { deleteSecurityRule(input: $i) { deletedId } }`, {
    i: { workspace, id: rule(name), expectedVersion: await api.versionOf(rule(name), workspace) },
  });
}

describe('NetworkSecurityGroup.shadowedRules', () => {
  it('lists nothing when every rule decides something', async () => {
    expect(await shadowedOf()).toEqual([]);
  });

  it('lists a rule one higher-priority rule covers (GENERIC) with its coverer, not a partly covered one', async () => {
    // allow-http (100, TCP 80 from anywhere) covers deny-http-late entirely, and only port 80 of allow-80-90.
    await createRule(allowInboundTcp('deny-http-late', 200, '80', { access: 'DENY' }));
    await createRule(allowInboundTcp('allow-80-90', 300, '80-90'));
    const list = await shadowedOf();
    expect(list).toEqual([
      {
        ruleName: 'securityRules/deny-http-late',
        name: 'deny-http-late',
        ruleId: rule('deny-http-late'),
        priority: 200,
        direction: 'INBOUND',
        reason: 'GENERIC',
        contexts: expect.any(Number),
        shadowedBy: [
          {
            layer: 'NETWORK_SECURITY_GROUP',
            ruleName: 'securityRules/allow-http',
            ruleId: rule('allow-http'),
            networkSecurityGroupId: NSG,
            access: 'ALLOW',
            priority: 100,
          },
        ],
      },
    ]);
  });

  it('lists a rule covered only in the contexts it applies to (CONTEXTS)', async () => {
    // web-nsg applies to the web subnet only: destination 10.0.1.0/24 is the whole local side there, so
    // allow-8080-web covers deny-8080-any in every context, though not regardless of context.
    await createRule(
      allowInboundTcp('allow-8080-web', 110, '8080', { destinationAddressPrefix: '10.0.1.0/24' }),
    );
    await createRule(allowInboundTcp('deny-8080-any', 210, '8080', { access: 'DENY' }));
    const found = (await shadowedOf()).find((s) => s.name === 'deny-8080-any');
    expect(found).toMatchObject({
      reason: 'CONTEXTS',
      contexts: 1,
      shadowedBy: [expect.objectContaining({ ruleName: 'securityRules/allow-8080-web', priority: 110 })],
    });
    expect(names(await shadowedOf())).not.toContain('allow-8080-web');
  });

  it('follows versions: editing or deleting the covering rule empties the list on the next read', async () => {
    expect(names(await shadowedOf())).toEqual(['deny-http-late', 'deny-8080-any']);
    // allow-http now allows 81 only: deny-http-late decides port 80 again.
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version } } }`,
      {
        i: {
          id: rule('allow-http'),
          expectedVersion: await api.versionOf(rule('allow-http')),
          patch: { destinationPortRange: '81' },
        },
      },
    );
    expect(names(await shadowedOf())).toEqual(['deny-8080-any']);
    await deleteRule('allow-8080-web');
    expect(await shadowedOf()).toEqual([]);
  });

  it('is computed once per model version (repeated reads are free)', async () => {
    await shadowedOf();
    const computed = shadowedRulesStats.computed;
    const hits = shadowedRulesStats.hits;
    await shadowedOf();
    await shadowedOf();
    expect(shadowedRulesStats.computed).toBe(computed);
    expect(shadowedRulesStats.hits).toBe(hits + 2);
  });

  it('works on a draft (`<base>~<draft>`), independently of the live model', async () => {
    await api.ok(`mutation { createDraft(input: { name: "shadow" }) { draft { name } } }`);
    const draft = 'default~shadow';
    await createRule(allowInboundTcp('allow-all-tcp', 105, '*'), draft);
    // Every inbound TCP rule after 105 is covered in the draft (deny-http-late, deny-8080-any, allow-80-90).
    const list = await shadowedOf(draft);
    expect(names(list)).toEqual(['deny-http-late', 'deny-8080-any', 'allow-80-90']);
    expect(list.every((s) => s.shadowedBy.some((b) => b.ruleName === 'securityRules/allow-all-tcp'))).toBe(
      true,
    );
    expect(await shadowedOf()).toEqual([]);
    await api.ok(`mutation { discardDraft(input: { name: "shadow" }) { discardedName } }`);
  });

  it('readers can read it', async () => {
    const reader = await api.createUser('shadow-reader', { default: 'reader' });
    expect(await shadowedOf('default', reader)).toEqual([]);
  });
});

describe('admin rules', () => {
  beforeAll(async () => {
    await api.ok(
      `mutation($i: CreateNetworkManagerInput!) { createNetworkManager(input: $i) { networkManager { id } } }`,
      { i: { resourceGroup: 'rg', name: 'nm1', scopeSubscriptions: [`/subscriptions/${SUB}`] } },
    );
    await api.ok(
      `mutation($i: CreateNetworkGroupInput!) { createNetworkGroup(input: $i) { networkGroup { id } } }`,
      {
        i: {
          networkManagerId: NM,
          name: 'all-vnets',
          memberType: 'VIRTUAL_NETWORK',
          staticMemberIds: [VNET],
        },
      },
    );
    await api.ok(
      `mutation($i: CreateSecurityAdminConfigurationInput!) { createSecurityAdminConfiguration(input: $i) { securityAdminConfiguration { id } } }`,
      { i: { networkManagerId: NM, name: 'baseline' } },
    );
    await api.ok(
      `mutation($i: CreateAdminRuleCollectionInput!) { createAdminRuleCollection(input: $i) { adminRuleCollection { id } } }`,
      { i: { securityAdminConfigurationId: CONFIG, name: 'guard', appliesToGroupIds: [GROUP] } },
    );
    for (const [name, priority] of [
      ['deny-ssh', 10],
      ['deny-ssh-again', 20],
    ] as const) {
      await api.ok(
        `mutation($i: CreateAdminRuleInput!) { createAdminRule(input: $i) { adminRule { id } } }`,
        {
          i: {
            ruleCollectionId: RC,
            rule: {
              name,
              access: 'DENY',
              priority,
              direction: 'INBOUND',
              protocol: 'TCP',
              sources: [{ addressPrefix: '*', addressPrefixType: 'IP_PREFIX' }],
              destinations: [{ addressPrefix: '*', addressPrefixType: 'IP_PREFIX' }],
              sourcePortRanges: ['0-65535'],
              destinationPortRanges: ['22'],
            },
          },
        },
      );
    }
    await createRule(allowInboundTcp('allow-ssh', 150, '22'));
  });

  const deploy = (configurationIds: string[]) =>
    api.ok(
      `mutation($i: DeployNetworkManagerConfigurationsInput!) { deployNetworkManagerConfigurations(input: $i) { deployment { region } } }`,
      { i: { networkManagerId: NM, region: 'westeurope', configurationIds } },
    );

  it('an undeployed admin rule shadows nothing and is not judged', async () => {
    expect(await shadowedOf()).toEqual([]);
    const nm = await api.ok<{ resourceByArmId: { shadowedAdminRules: Shadowed[] } }>(NM_SHADOWED, { id: NM });
    expect(nm.resourceByArmId.shadowedAdminRules).toEqual([]);
  });

  it('a deployed admin Deny covering an NSG rule shadows it (HIGHER_LAYERS, ADMIN_RULE shadower)', async () => {
    await deploy([CONFIG]);
    const list = await shadowedOf();
    expect(list).toEqual([
      {
        ruleName: 'securityRules/allow-ssh',
        name: 'allow-ssh',
        ruleId: rule('allow-ssh'),
        priority: 150,
        direction: 'INBOUND',
        reason: 'HIGHER_LAYERS',
        contexts: 1,
        shadowedBy: [
          {
            layer: 'ADMIN_RULE',
            ruleName: 'deny-ssh',
            ruleId: adminRule('deny-ssh'),
            networkSecurityGroupId: null,
            access: 'DENY',
            priority: 10,
          },
        ],
      },
    ]);
  });

  it('NetworkManager.shadowedAdminRules lists the admin rules a higher-ordered one always pre-empts', async () => {
    const nm = await api.ok<{ resourceByArmId: { shadowedAdminRules: Shadowed[] } }>(NM_SHADOWED, { id: NM });
    expect(nm.resourceByArmId.shadowedAdminRules).toEqual([
      {
        ruleName: 'deny-ssh-again',
        name: 'deny-ssh-again',
        ruleId: adminRule('deny-ssh-again'),
        priority: 20,
        direction: 'INBOUND',
        reason: 'CONTEXTS',
        contexts: 1,
        shadowedBy: [
          {
            layer: 'ADMIN_RULE',
            ruleName: 'deny-ssh',
            ruleId: adminRule('deny-ssh'),
            networkSecurityGroupId: null,
            access: 'DENY',
            priority: 10,
          },
        ],
      },
    ]);
  });

  it('removing the deployment makes both lists empty on the next read', async () => {
    await deploy([]);
    expect(await shadowedOf()).toEqual([]);
    const nm = await api.ok<{ resourceByArmId: { shadowedAdminRules: Shadowed[] } }>(NM_SHADOWED, { id: NM });
    expect(nm.resourceByArmId.shadowedAdminRules).toEqual([]);
  });
});
