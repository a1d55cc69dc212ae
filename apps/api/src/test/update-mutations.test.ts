/**
 * The update mutations of peerings, network groups, security admin configurations and application security groups:
 * each changes what it should (and the verdicts that depend on it), refuses a stale expectedVersion with CONFLICT
 * without writing, refuses bad values with BAD_USER_INPUT naming the field, answers NOT_FOUND for an unknown id,
 * records before/after in the audit history, needs the editor role, and works in a draft workspace.
 */
import {
  buildSmallNetwork,
  inbound,
  RG,
  startTestApi,
  SUB,
  VERIFY,
  VNET,
  type GraphQLResponse,
  type TestApi,
} from './helpers';

jest.setTimeout(60_000);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 180_000);
afterAll(() => api?.close());

const HUB = `${RG}/providers/Microsoft.Network/virtualNetworks/hub`;
const PEERING = `${VNET}/virtualNetworkPeerings/to-hub`;
const NM = `${RG}/providers/Microsoft.Network/networkManagers/nm-upd`;
const GROUP = `${NM}/networkGroups/spokes`;
const EMPTY_GROUP = `${NM}/networkGroups/empty`;
const CONFIG = `${NM}/securityAdminConfigurations/baseline`;
const RC = `${CONFIG}/ruleCollections/deny-web`;
const ASG2 = `${RG}/providers/Microsoft.Network/applicationSecurityGroups/app-asg`;

const UPDATE_PEERING = `mutation($i: UpdateVirtualNetworkPeeringInput!) { updateVirtualNetworkPeering(input: $i) {
  virtualNetworkPeering { id version peeringState allowVirtualNetworkAccess remoteAddressPrefixes remoteVirtualNetworkId
    remoteVirtualNetwork { id } } } }`;
const UPDATE_GROUP = `mutation($i: UpdateNetworkGroupInput!) { updateNetworkGroup(input: $i) {
  networkGroup { id version description memberType } } }`;
const UPDATE_CONFIG = `mutation($i: UpdateSecurityAdminConfigurationInput!) { updateSecurityAdminConfiguration(input: $i) {
  securityAdminConfiguration { id version description applyOnNetworkIntentPolicyBasedServices } } }`;
const UPDATE_ASG = `mutation($i: UpdateApplicationSecurityGroupInput!) { updateApplicationSecurityGroup(input: $i) {
  applicationSecurityGroup { id version location } } }`;

type Errors = GraphQLResponse<Record<string, unknown>>;
const ext = (r: Errors) => r.errors?.[0]?.extensions;

interface Entry {
  action: string;
  resourceType: string;
  resourceArmId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
const latestEntry = async (armId: string, workspace = 'default') =>
  (
    await api.ok<{ auditEntries: { edges: { node: Entry }[] } }>(
      `query($w: String, $arm: String) { auditEntries(workspace: $w, armId: $arm, first: 1) {
        edges { node { action resourceType resourceArmId before after } } } }`,
      { w: workspace, arm: armId },
    )
  ).auditEntries.edges[0]?.node;

/** The workspace's model version (a refused write must leave it alone). */
const modelVersion = async (workspace = 'default') =>
  (
    await api.ok<{ workspace: { modelVersion: number } }>(
      `query($w: String) { workspace(name: $w) { modelVersion } }`,
      {
        w: workspace,
      },
    )
  ).workspace.modelVersion;

/** From the peer VNet (10.1.0.4) to web-vm on TCP 22: only the default rules decide it. */
const fromHub = (workspace = 'default') =>
  api.ok<{ verifyFlow: { access: string; ruleName: string } }>(VERIFY, {
    i: inbound('22', { workspace, remoteIpAddress: '10.1.0.4' }),
  });

beforeAll(async () => {
  await api.ok(
    `mutation($i: CreateVirtualNetworkInput!) { createVirtualNetwork(input: $i) { virtualNetwork { id } } }`,
    { i: { resourceGroup: 'rg', name: 'hub', location: 'westeurope', addressPrefixes: ['10.1.0.0/16'] } },
  );
  await api.ok(
    `mutation($i: CreateVirtualNetworkPeeringInput!) { createVirtualNetworkPeering(input: $i) { virtualNetworkPeering { id } } }`,
    { i: { virtualNetworkId: VNET, name: 'to-hub', remoteVirtualNetworkId: HUB } },
  );
  await api.ok(
    `mutation($i: CreateNetworkManagerInput!) { createNetworkManager(input: $i) { networkManager { id } } }`,
    { i: { resourceGroup: 'rg', name: 'nm-upd', scopeSubscriptions: [`/subscriptions/${SUB}`] } },
  );
  const group = `mutation($i: CreateNetworkGroupInput!) { createNetworkGroup(input: $i) { networkGroup { id } } }`;
  await api.ok(group, {
    i: { networkManagerId: NM, name: 'spokes', memberType: 'VIRTUAL_NETWORK', staticMemberIds: [VNET] },
  });
  await api.ok(group, { i: { networkManagerId: NM, name: 'empty', memberType: 'VIRTUAL_NETWORK' } });
  await api.ok(
    `mutation($i: CreateSecurityAdminConfigurationInput!) { createSecurityAdminConfiguration(input: $i) { securityAdminConfiguration { id } } }`,
    { i: { networkManagerId: NM, name: 'baseline' } },
  );
  await api.ok(
    `mutation($i: CreateAdminRuleCollectionInput!) { createAdminRuleCollection(input: $i) { adminRuleCollection { id } } }`,
    { i: { securityAdminConfigurationId: CONFIG, name: 'deny-web', appliesToGroupIds: [GROUP] } },
  );
  await api.ok(`mutation($i: CreateAdminRuleInput!) { createAdminRule(input: $i) { adminRule { id } } }`, {
    i: {
      ruleCollectionId: RC,
      rule: {
        name: 'deny-http',
        access: 'DENY',
        priority: 10,
        direction: 'INBOUND',
        protocol: 'TCP',
        sources: [{ addressPrefix: 'Internet', addressPrefixType: 'SERVICE_TAG' }],
        destinations: [{ addressPrefix: '10.0.0.0/16', addressPrefixType: 'IP_PREFIX' }],
        sourcePortRanges: ['0-65535'],
        destinationPortRanges: ['80'],
      },
    },
  });
  await api.ok(
    `mutation($i: DeployNetworkManagerConfigurationsInput!) { deployNetworkManagerConfigurations(input: $i) { deployment { region } } }`,
    { i: { networkManagerId: NM, region: 'westeurope', configurationIds: [CONFIG] } },
  );
  await api.ok(
    `mutation($i: CreateApplicationSecurityGroupInput!) { createApplicationSecurityGroup(input: $i) { applicationSecurityGroup { id } } }`,
    { i: { resourceGroup: 'rg', name: 'app-asg', location: 'westeurope' } },
  );
}, 180_000);

describe('updateVirtualNetworkPeering', () => {
  it('Disconnected takes the peer out of VirtualNetwork: AllowVnetInBound → DenyAllInBound; audited', async () => {
    expect((await fromHub()).verifyFlow).toMatchObject({
      access: 'ALLOW',
      ruleName: 'defaultSecurityRules/AllowVnetInBound',
    });
    const version = await api.versionOf(PEERING);
    const r = await api.ok<{
      updateVirtualNetworkPeering: { virtualNetworkPeering: Record<string, unknown> };
    }>(UPDATE_PEERING, { i: { id: PEERING, expectedVersion: version, peeringState: 'disconnected' } });
    expect(r.updateVirtualNetworkPeering.virtualNetworkPeering).toMatchObject({
      id: PEERING,
      version: version + 1,
      peeringState: 'Disconnected',
      allowVirtualNetworkAccess: true,
      remoteAddressPrefixes: ['10.1.0.0/16'],
      remoteVirtualNetworkId: HUB,
    });
    expect((await fromHub()).verifyFlow).toMatchObject({
      access: 'DENY',
      ruleName: 'defaultSecurityRules/DenyAllInBound',
    });
    expect(await latestEntry(PEERING)).toMatchObject({
      action: 'updateVirtualNetworkPeering',
      resourceType: 'VirtualNetworkPeering',
      resourceArmId: PEERING,
      before: { peeringState: 'Connected', version },
      after: { peeringState: 'Disconnected', version: version + 1 },
    });
    // Connected again, but without virtual network access: still not in the tag.
    const back = await api.ok<{
      updateVirtualNetworkPeering: { virtualNetworkPeering: { version: number } };
    }>(UPDATE_PEERING, {
      i: {
        id: PEERING,
        expectedVersion: version + 1,
        peeringState: 'Connected',
        allowVirtualNetworkAccess: false,
      },
    });
    expect((await fromHub()).verifyFlow.access).toBe('DENY');
    await api.ok(UPDATE_PEERING, {
      i: {
        id: PEERING,
        expectedVersion: back.updateVirtualNetworkPeering.virtualNetworkPeering.version,
        allowVirtualNetworkAccess: true,
      },
    });
    expect((await fromHub()).verifyFlow.access).toBe('ALLOW');
  });

  it('remote prefixes: replaced and validated as CIDRs; a new unmodelled remote needs them', async () => {
    const version = await api.versionOf(PEERING);
    const moved = await api.ok<{
      updateVirtualNetworkPeering: { virtualNetworkPeering: Record<string, unknown> };
    }>(UPDATE_PEERING, {
      i: { id: PEERING, expectedVersion: version, remoteAddressPrefixes: ['10.1.0.0/24'] },
    });
    expect(moved.updateVirtualNetworkPeering.virtualNetworkPeering.remoteAddressPrefixes).toEqual([
      '10.1.0.0/24',
    ]);
    // 10.1.0.4 is still inside the remote prefix.
    expect((await fromHub()).verifyFlow.access).toBe('ALLOW');
    const now = version + 1;
    const before = await modelVersion();
    const bad = await api.gql(UPDATE_PEERING, {
      i: { id: PEERING, expectedVersion: now, remoteAddressPrefixes: ['10.1.0.0/33'] },
    });
    expect(ext(bad)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(String(ext(bad)?.field)).toMatch(/^remoteAddressPrefixes/);
    const empty = await api.gql(UPDATE_PEERING, {
      i: { id: PEERING, expectedVersion: now, remoteAddressPrefixes: [] },
    });
    expect(ext(empty)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'Required',
      field: 'remoteAddressPrefixes',
    });
    const state = await api.gql(UPDATE_PEERING, {
      i: { id: PEERING, expectedVersion: now, peeringState: 'Up' },
    });
    expect(ext(state)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidPeeringState',
      field: 'peeringState',
    });
    const elsewhere = `/subscriptions/${SUB}/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/far`;
    const noPrefixes = await api.gql(UPDATE_PEERING, {
      i: { id: PEERING, expectedVersion: now, remoteVirtualNetworkId: elsewhere },
    });
    expect(ext(noPrefixes)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'Required',
      field: 'remoteAddressPrefixes',
    });
    expect(await api.versionOf(PEERING)).toBe(now);
    expect(await modelVersion()).toBe(before);
    // An unmodelled remote with its prefixes; then back to the modelled hub, whose prefixes it takes.
    const far = await api.ok<{
      updateVirtualNetworkPeering: { virtualNetworkPeering: Record<string, unknown> };
    }>(UPDATE_PEERING, {
      i: {
        id: PEERING,
        expectedVersion: now,
        remoteVirtualNetworkId: elsewhere,
        remoteAddressPrefixes: ['172.16.0.0/16'],
      },
    });
    expect(far.updateVirtualNetworkPeering.virtualNetworkPeering).toMatchObject({
      remoteVirtualNetworkId: elsewhere,
      remoteVirtualNetwork: null,
      remoteAddressPrefixes: ['172.16.0.0/16'],
    });
    expect((await fromHub()).verifyFlow.access).toBe('DENY');
    const hub = await api.ok<{
      updateVirtualNetworkPeering: { virtualNetworkPeering: Record<string, unknown> };
    }>(UPDATE_PEERING, {
      i: { id: PEERING, expectedVersion: now + 1, remoteVirtualNetworkId: HUB.toUpperCase() },
    });
    expect(hub.updateVirtualNetworkPeering.virtualNetworkPeering).toMatchObject({
      remoteVirtualNetworkId: HUB,
      remoteVirtualNetwork: { id: HUB },
      remoteAddressPrefixes: ['10.1.0.0/16'],
    });
    expect((await fromHub()).verifyFlow.access).toBe('ALLOW');
  });

  it('stale expectedVersion → CONFLICT with currentVersion/current and nothing written; unknown id → NOT_FOUND', async () => {
    const version = await api.versionOf(PEERING);
    const before = await modelVersion();
    const stale = await api.gql(UPDATE_PEERING, {
      i: { id: PEERING, expectedVersion: version - 1, peeringState: 'Disconnected' },
    });
    expect(ext(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      field: 'expectedVersion',
      currentVersion: version,
      current: { id: PEERING, version, peeringState: 'Connected' },
    });
    expect(await api.versionOf(PEERING)).toBe(version);
    expect(await modelVersion()).toBe(before);
    expect((await fromHub()).verifyFlow.access).toBe('ALLOW');
    const missing = await api.gql(UPDATE_PEERING, {
      i: { id: `${VNET}/virtualNetworkPeerings/nope`, expectedVersion: 1, peeringState: 'Connected' },
    });
    expect(ext(missing)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('works in a draft without touching the live model, and applyDraft carries it over', async () => {
    await api.ok(`mutation { createDraft(input: { name: "peer" }) { draft { name } } }`);
    const w = 'default~peer';
    await api.ok(UPDATE_PEERING, {
      i: {
        workspace: w,
        id: PEERING,
        expectedVersion: await api.versionOf(PEERING, w),
        peeringState: 'Initiated',
      },
    });
    expect((await fromHub(w)).verifyFlow.access).toBe('DENY');
    expect((await fromHub()).verifyFlow.access).toBe('ALLOW');
    expect(await latestEntry(PEERING, w)).toMatchObject({ action: 'updateVirtualNetworkPeering' });
    await api.ok(`mutation { applyDraft(input: { name: "peer" }) { workspace { name } } }`);
    expect((await fromHub()).verifyFlow.access).toBe('DENY');
    const version = await api.versionOf(PEERING);
    await api.ok(UPDATE_PEERING, { i: { id: PEERING, expectedVersion: version, peeringState: 'Connected' } });
    expect((await fromHub()).verifyFlow.access).toBe('ALLOW');
  });
});

describe('updateSecurityAdminConfiguration', () => {
  const http = () =>
    api.ok<{ verifyFlow: { access: string; ruleName: string } }>(VERIFY, { i: inbound('80') });

  it('applyOnNetworkIntentPolicyBasedServices decides whether admin rules reach an exempt VNet; audited', async () => {
    expect((await http()).verifyFlow).toMatchObject({ access: 'DENY', ruleName: 'deny-http' });
    await api.ok(
      `mutation($i: UpdateVirtualNetworkInput!) { updateVirtualNetwork(input: $i) { virtualNetwork { id } } }`,
      { i: { id: VNET, expectedVersion: await api.versionOf(VNET), adminRulesExempt: true } },
    );
    // Exempt and the configuration applies to None of the exempt VNets: the NSG decides.
    expect((await http()).verifyFlow).toMatchObject({
      access: 'ALLOW',
      ruleName: 'securityRules/allow-http',
    });
    const version = await api.versionOf(CONFIG);
    const r = await api.ok<{
      updateSecurityAdminConfiguration: { securityAdminConfiguration: Record<string, unknown> };
    }>(UPDATE_CONFIG, {
      i: {
        id: CONFIG,
        expectedVersion: version,
        applyOnNetworkIntentPolicyBasedServices: 'all',
        description: 'applies everywhere',
      },
    });
    expect(r.updateSecurityAdminConfiguration.securityAdminConfiguration).toEqual({
      id: CONFIG,
      version: version + 1,
      description: 'applies everywhere',
      applyOnNetworkIntentPolicyBasedServices: 'All',
    });
    expect((await http()).verifyFlow).toMatchObject({ access: 'DENY', ruleName: 'deny-http' });
    expect(await latestEntry(CONFIG)).toMatchObject({
      action: 'updateSecurityAdminConfiguration',
      resourceType: 'SecurityAdminConfiguration',
      before: { applyOnNetworkIntentPolicyBasedServices: 'None', description: null, version },
      after: {
        applyOnNetworkIntentPolicyBasedServices: 'All',
        description: 'applies everywhere',
        version: version + 1,
      },
    });
    // AllowRulesOnly: the Deny no longer applies to the exempt VNet; a null description clears it.
    const only = await api.ok<{
      updateSecurityAdminConfiguration: { securityAdminConfiguration: Record<string, unknown> };
    }>(UPDATE_CONFIG, {
      i: {
        id: CONFIG,
        expectedVersion: version + 1,
        applyOnNetworkIntentPolicyBasedServices: 'AllowRulesOnly',
        description: null,
      },
    });
    expect(only.updateSecurityAdminConfiguration.securityAdminConfiguration).toMatchObject({
      description: null,
      applyOnNetworkIntentPolicyBasedServices: 'AllowRulesOnly',
    });
    expect((await http()).verifyFlow.access).toBe('ALLOW');
  });

  it('bad value → BAD_USER_INPUT on the field; stale → CONFLICT; unknown → NOT_FOUND; nothing written', async () => {
    const version = await api.versionOf(CONFIG);
    const before = await modelVersion();
    const bad = await api.gql(UPDATE_CONFIG, {
      i: { id: CONFIG, expectedVersion: version, applyOnNetworkIntentPolicyBasedServices: 'Some' },
    });
    expect(ext(bad)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidValue',
      field: 'applyOnNetworkIntentPolicyBasedServices',
    });
    const stale = await api.gql(UPDATE_CONFIG, {
      i: { id: CONFIG, expectedVersion: version + 5, applyOnNetworkIntentPolicyBasedServices: 'None' },
    });
    expect(ext(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: version,
      current: { id: CONFIG, version, applyOnNetworkIntentPolicyBasedServices: 'AllowRulesOnly' },
    });
    const missing = await api.gql(UPDATE_CONFIG, {
      i: { id: `${NM}/securityAdminConfigurations/nope`, expectedVersion: 1, description: 'x' },
    });
    expect(ext(missing)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.versionOf(CONFIG)).toBe(version);
    expect(await modelVersion()).toBe(before);
    expect(
      (await api.ok<{ verifyFlow: { access: string } }>(VERIFY, { i: inbound('80') })).verifyFlow.access,
    ).toBe('ALLOW');
  });

  it('needs the editor role', async () => {
    const reader = await api.createUser('cfg-reader', { default: 'reader' });
    const r = await api.gqlAs(reader, UPDATE_CONFIG, {
      i: { id: CONFIG, expectedVersion: await api.versionOf(CONFIG), description: 'nope' },
    });
    expect(ext(r)?.code).toBe('FORBIDDEN');
  });
});

describe('updateNetworkGroup', () => {
  it('changes description, and memberType while the group has no static members; audited', async () => {
    const version = await api.versionOf(EMPTY_GROUP);
    const r = await api.ok<{ updateNetworkGroup: { networkGroup: Record<string, unknown> } }>(UPDATE_GROUP, {
      i: { id: EMPTY_GROUP, expectedVersion: version, memberType: 'SUBNET', description: 'subnets only' },
    });
    expect(r.updateNetworkGroup.networkGroup).toEqual({
      id: EMPTY_GROUP,
      version: version + 1,
      description: 'subnets only',
      memberType: 'SUBNET',
    });
    expect(await latestEntry(EMPTY_GROUP)).toMatchObject({
      action: 'updateNetworkGroup',
      resourceType: 'NetworkGroup',
      before: { memberType: 'VirtualNetwork', description: null, version },
      after: { memberType: 'Subnet', description: 'subnets only', version: version + 1 },
    });
    // Subnet members are accepted now.
    await api.ok(
      `mutation($i: NetworkGroupMemberInput!) { addNetworkGroupMember(input: $i) { networkGroup { id } } }`,
      { i: { networkGroupId: EMPTY_GROUP, resourceId: `${VNET}/subnets/db` } },
    );
  });

  it('a memberType change with static members → BAD_USER_INPUT on memberType, nothing written', async () => {
    const version = await api.versionOf(GROUP);
    const before = await modelVersion();
    const r = await api.gql(UPDATE_GROUP, {
      i: { id: GROUP, expectedVersion: version, memberType: 'SUBNET' },
    });
    expect(ext(r)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MemberTypeInUse', field: 'memberType' });
    expect(r.errors?.[0]?.message).toContain('static member');
    expect(await api.versionOf(GROUP)).toBe(version);
    expect(await modelVersion()).toBe(before);
    // The same memberType (no change) with members is fine.
    const same = await api.ok<{ updateNetworkGroup: { networkGroup: Record<string, unknown> } }>(
      UPDATE_GROUP,
      {
        i: { id: GROUP, expectedVersion: version, memberType: 'VIRTUAL_NETWORK', description: 'spokes' },
      },
    );
    expect(same.updateNetworkGroup.networkGroup).toMatchObject({
      version: version + 1,
      description: 'spokes',
    });
  });

  it('stale expectedVersion → CONFLICT with current; unknown id → NOT_FOUND', async () => {
    const version = await api.versionOf(GROUP);
    const stale = await api.gql(UPDATE_GROUP, {
      i: { id: GROUP, expectedVersion: version - 1, description: 'x' },
    });
    expect(ext(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: version,
      current: { id: GROUP, version, memberType: 'VIRTUAL_NETWORK', description: 'spokes' },
    });
    expect(await api.versionOf(GROUP)).toBe(version);
    const missing = await api.gql(UPDATE_GROUP, {
      i: { id: `${NM}/networkGroups/nope`, expectedVersion: 1, description: 'x' },
    });
    expect(ext(missing)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('descriptions of network groups and security admin configurations', () => {
  it('travel into a draft, back with its apply, and through export', async () => {
    const describeBoth = async (workspace: string, text: string) => {
      await api.ok(UPDATE_CONFIG, {
        i: {
          workspace,
          id: CONFIG,
          expectedVersion: await api.versionOf(CONFIG, workspace),
          description: text,
        },
      });
      await api.ok(UPDATE_GROUP, {
        i: {
          workspace,
          id: GROUP,
          expectedVersion: await api.versionOf(GROUP, workspace),
          description: text,
        },
      });
    };
    const descriptions = async (workspace: string) => {
      const read = async (id: string) =>
        (
          await api.ok<{ resourceByArmId: { description: string | null } }>(
            `query($w: String, $a: String!) { resourceByArmId(workspace: $w, armId: $a) {
              ... on NetworkGroup { description } ... on SecurityAdminConfiguration { description } } }`,
            { w: workspace, a: id },
          )
        ).resourceByArmId.description;
      return [await read(CONFIG), await read(GROUP)];
    };
    await describeBoth('default', 'live text');
    await api.ok(`mutation { createDraft(input: { name: "texts" }) { draft { name } } }`);
    expect(await descriptions('default~texts')).toEqual(['live text', 'live text']);
    await describeBoth('default~texts', 'draft text');
    await api.ok(`mutation { applyDraft(input: { name: "texts" }) { workspace { name } } }`);
    expect(await descriptions('default')).toEqual(['draft text', 'draft text']);
    const exported = JSON.stringify(
      (await api.ok<{ exportAzureResources: unknown }>(`{ exportAzureResources }`)).exportAzureResources,
    );
    expect(exported.match(/"description":"draft text"/g)).toHaveLength(2);
  });
});

describe('updateApplicationSecurityGroup', () => {
  it('changes and clears location; audited', async () => {
    const version = await api.versionOf(ASG2);
    const r = await api.ok<{
      updateApplicationSecurityGroup: { applicationSecurityGroup: Record<string, unknown> };
    }>(UPDATE_ASG, { i: { id: ASG2, expectedVersion: version, location: 'northeurope' } });
    expect(r.updateApplicationSecurityGroup.applicationSecurityGroup).toEqual({
      id: ASG2,
      version: version + 1,
      location: 'northeurope',
    });
    expect(await latestEntry(ASG2)).toMatchObject({
      action: 'updateApplicationSecurityGroup',
      resourceType: 'ApplicationSecurityGroup',
      before: { location: 'westeurope', version },
      after: { location: 'northeurope', version: version + 1 },
    });
    const cleared = await api.ok<{
      updateApplicationSecurityGroup: { applicationSecurityGroup: Record<string, unknown> };
    }>(UPDATE_ASG, { i: { id: ASG2, expectedVersion: version + 1, location: null } });
    expect(cleared.updateApplicationSecurityGroup.applicationSecurityGroup).toMatchObject({ location: null });
  });

  it('bad location → BAD_USER_INPUT; stale → CONFLICT; unknown → NOT_FOUND; nothing written', async () => {
    const version = await api.versionOf(ASG2);
    const before = await modelVersion();
    const bad = await api.gql(UPDATE_ASG, {
      i: { id: ASG2, expectedVersion: version, location: 'west/europe!' },
    });
    expect(ext(bad)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidLocation', field: 'location' });
    const stale = await api.gql(UPDATE_ASG, {
      i: { id: ASG2, expectedVersion: version + 1, location: 'eastus' },
    });
    expect(ext(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: version,
      current: { id: ASG2, version, location: null },
    });
    const missing = await api.gql(UPDATE_ASG, {
      i: { id: `${RG}/providers/Microsoft.Network/applicationSecurityGroups/nope`, expectedVersion: 1 },
    });
    expect(ext(missing)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.versionOf(ASG2)).toBe(version);
    expect(await modelVersion()).toBe(before);
  });
});
