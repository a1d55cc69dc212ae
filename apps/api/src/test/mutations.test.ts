/* eslint-disable @typescript-eslint/no-explicit-any -- ad-hoc GraphQL response shapes, asserted by value */
import {
  ASG,
  buildSmallNetwork,
  DB_SUBNET,
  inbound,
  NIC,
  NSG,
  RG,
  startTestApi,
  SUB,
  VERIFY,
  VM,
  VNET,
  WEB_SUBNET,
  type TestApi,
} from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 120_000);
afterAll(() => api?.close());

type Issue = { code: string; path: (string | number)[]; message: string };
const CREATE_RULE = `mutation($i: CreateSecurityRuleInput!) {
  createSecurityRule(input: $i) { securityRule { id name priority direction access protocol version isDefault } warnings { code } }
}`;
const rule = (extra: Record<string, unknown> = {}) => ({
  name: 'allow-https',
  priority: 110,
  direction: 'INBOUND',
  access: 'ALLOW',
  protocol: 'TCP',
  sourceAddressPrefix: 'Internet',
  destinationAddressPrefix: '10.0.1.0/24',
  sourcePortRange: '*',
  destinationPortRange: '443',
  ...extra,
});
const issuesOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (r.errors?.[0]?.extensions?.issues ?? []) as Issue[];

describe('security rules', () => {
  it('creates a rule, returns its version, and verification sees it at once', async () => {
    const data = await api.ok<{ createSecurityRule: { securityRule: Record<string, unknown> } }>(
      CREATE_RULE,
      {
        i: { networkSecurityGroupId: NSG, rule: rule() },
      },
    );
    expect(data.createSecurityRule.securityRule).toMatchObject({
      id: `${NSG}/securityRules/allow-https`,
      priority: 110,
      direction: 'INBOUND',
      version: 1,
      isDefault: false,
    });
    const v = await api.ok<{ verifyFlow: { access: string; ruleName: string } }>(VERIFY, {
      i: inbound('443'),
    });
    expect(v.verifyFlow).toMatchObject({ access: 'ALLOW', ruleName: 'securityRules/allow-https' });
  });

  it('reports every problem at once with field paths', async () => {
    const r = await api.gql(CREATE_RULE, {
      i: {
        networkSecurityGroupId: NSG,
        rule: rule({
          name: 'bad name!',
          priority: 50,
          sourceAddressPrefix: '10.0.0.300/24',
          destinationPortRange: '70000',
        }),
      },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const paths = issuesOf(r).map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['input.rule.name', 'input.rule.priority', 'input.rule.destinationPortRange']),
    );
    expect(paths.some((p) => p.startsWith('input.rule.sourceAddressPrefix'))).toBe(true);
  });

  it('rejects a duplicate priority per direction and a duplicate name', async () => {
    const r = await api.gql(CREATE_RULE, {
      i: { networkSecurityGroupId: NSG, rule: rule({ name: 'allow-http', priority: 100 }) },
    });
    const codes = issuesOf(r).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['DuplicatePriority', 'DuplicateName']));
    // The same priority in the other direction is fine.
    await api.ok(CREATE_RULE, {
      i: {
        networkSecurityGroupId: NSG,
        rule: rule({ name: 'out-100', priority: 100, direction: 'OUTBOUND' }),
      },
    });
  });

  it('rejects mixing IPv4 and IPv6 and giving both singular and plural forms', async () => {
    const r = await api.gql(CREATE_RULE, {
      i: {
        networkSecurityGroupId: NSG,
        rule: rule({
          name: 'mixed',
          priority: 120,
          sourceAddressPrefix: '10.0.0.0/8',
          destinationAddressPrefix: '2001:db8::/32',
        }),
      },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const r2 = await api.gql(CREATE_RULE, {
      i: {
        networkSecurityGroupId: NSG,
        rule: rule({ name: 'both', priority: 121, sourceAddressPrefixes: ['10.0.0.0/8'] }),
      },
    });
    expect(r2.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects unknown ASGs as input issues', async () => {
    const r = await api.gql(CREATE_RULE, {
      i: {
        networkSecurityGroupId: NSG,
        rule: rule({
          name: 'asg-rule',
          priority: 130,
          destinationAddressPrefix: null,
          destinationApplicationSecurityGroupIds: [`${ASG}-nope`],
        }),
      },
    });
    expect(issuesOf(r)).toEqual([
      expect.objectContaining({
        code: 'NotFound',
        path: ['input', 'rule', 'destinationApplicationSecurityGroupIds', 0],
      }),
    ]);
  });

  it('answers NOT_FOUND for an unknown NSG and CONFLICT on a stale expectedVersion', async () => {
    const r = await api.gql(CREATE_RULE, {
      i: { networkSecurityGroupId: `${NSG}x`, rule: rule({ name: 'x1' }) },
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NotFound' });
    const u = await api.gql(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version } } }`,
      { i: { id: `${NSG}/securityRules/allow-https`, expectedVersion: 99, patch: { priority: 115 } } },
    );
    expect(u.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VersionMismatch' });
  });

  it('updates a rule (bumping its version) and replaces a side when one form is set', async () => {
    const u = await api.ok<{
      updateSecurityRule: {
        securityRule: { version: number; sourceAddressPrefix: string; sourceAddressPrefixes: string[] };
      };
    }>(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version sourceAddressPrefix sourceAddressPrefixes } } }`,
      {
        i: {
          id: `${NSG}/securityRules/allow-https`,
          expectedVersion: 1,
          patch: { sourceAddressPrefixes: ['198.51.100.0/24', '203.0.113.0/24'] },
        },
      },
    );
    expect(u.updateSecurityRule.securityRule).toEqual({
      version: 2,
      sourceAddressPrefix: null,
      sourceAddressPrefixes: ['198.51.100.0/24', '203.0.113.0/24'],
    });
  });

  it('reorders atomically, swapping priorities', async () => {
    const data = await api.ok<{
      reorderSecurityRules: { securityRules: { name: string; priority: number }[] };
    }>(
      `mutation($i: ReorderSecurityRulesInput!) { reorderSecurityRules(input: $i) { securityRules { name priority } } }`,
      {
        i: {
          networkSecurityGroupId: NSG,
          priorities: [
            { id: `${NSG}/securityRules/allow-http`, priority: 110 },
            { id: `${NSG}/securityRules/allow-https`, priority: 100 },
          ],
        },
      },
    );
    const byName = Object.fromEntries(
      data.reorderSecurityRules.securityRules.map((r) => [r.name, r.priority]),
    );
    expect(byName).toMatchObject({ 'allow-http': 110, 'allow-https': 100 });
    const clash = await api.gql(
      `mutation($i: ReorderSecurityRulesInput!) { reorderSecurityRules(input: $i) { securityRules { name } } }`,
      {
        i: {
          networkSecurityGroupId: NSG,
          priorities: [
            { id: `${NSG}/securityRules/allow-http`, priority: 100 },
            { id: `${NSG}/securityRules/x`, priority: 5000 },
          ],
        },
      },
    );
    expect(issuesOf(clash).map((i) => i.code)).toEqual(
      expect.arrayContaining(['NotFound', 'DuplicatePriority']),
    );
  });

  it('lists custom and default rules on the NSG with its associations', async () => {
    const data = await api.ok<{ resourceByArmId: Record<string, any> }>(
      `query($id: String!) { resourceByArmId(armId: $id) { __typename id name ... on NetworkSecurityGroup {
        securityRules(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } }
        defaultSecurityRules { name priority isDefault direction access protocol sourceAddressPrefix }
        subnets { totalCount edges { node { id } } } } } }`,
      { id: NSG.toUpperCase() },
    );
    const nsg = data.resourceByArmId;
    expect(nsg.__typename).toBe('NetworkSecurityGroup');
    expect(nsg.securityRules.totalCount).toBeGreaterThanOrEqual(3);
    expect(nsg.securityRules.pageInfo.hasNextPage).toBe(true);
    expect(nsg.defaultSecurityRules).toHaveLength(6);
    expect(nsg.defaultSecurityRules[0]).toMatchObject({ isDefault: true, protocol: 'ANY' });
    expect(nsg.subnets.edges[0].node.id).toBe(WEB_SUBNET);
    const page2 = await api.ok<{ resourceByArmId: Record<string, any> }>(
      `query($id: String!, $after: String) { resourceByArmId(armId: $id) { ... on NetworkSecurityGroup { securityRules(first: 2, after: $after) { edges { node { name } } } } } }`,
      { id: NSG, after: nsg.securityRules.pageInfo.endCursor },
    );
    expect(page2.resourceByArmId.securityRules.edges.length).toBeGreaterThan(0);
  });

  it('deletes a rule', async () => {
    const d = await api.ok<{ deleteSecurityRule: { deletedId: string } }>(
      `mutation($i: DeleteResourceInput!) { deleteSecurityRule(input: $i) { deletedId } }`,
      {
        i: {
          id: `${NSG}/securityRules/out-100`,
          expectedVersion: await api.versionOf(`${NSG}/securityRules/out-100`),
        },
      },
    );
    expect(d.deleteSecurityRule.deletedId).toBe(`${NSG}/securityRules/out-100`);
  });
});

describe('NSGs, associations and ASGs', () => {
  const NSG2 = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nic-nsg`;

  it('refuses to delete an associated NSG, and a duplicate NSG', async () => {
    const r = await api.gql(
      `mutation($i: DeleteResourceInput!) { deleteNetworkSecurityGroup(input: $i) { deletedId } }`,
      { i: { id: NSG, expectedVersion: await api.versionOf(NSG) } },
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'InUse' });
    const dup = await api.gql(
      `mutation($i: CreateNetworkSecurityGroupInput!) { createNetworkSecurityGroup(input: $i) { networkSecurityGroup { id } } }`,
      { i: { resourceGroup: 'rg', name: 'WEB-NSG' } },
    );
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'AlreadyExists' });
  });

  it('associates an NSG with a NIC; the NIC layer then decides', async () => {
    await api.ok(
      `mutation($i: CreateNetworkSecurityGroupInput!) { createNetworkSecurityGroup(input: $i) { networkSecurityGroup { id version } } }`,
      { i: { resourceGroup: 'rg', name: 'nic-nsg' } },
    );
    const a = await api.ok<{
      associateNetworkSecurityGroup: { networkInterface: { networkSecurityGroup: { id: string } } };
    }>(
      `mutation($i: AssociateNetworkSecurityGroupInput!) { associateNetworkSecurityGroup(input: $i) { networkInterface { networkSecurityGroup { id } } } }`,
      { i: { networkSecurityGroupId: NSG2, networkInterfaceId: NIC } },
    );
    expect(a.associateNetworkSecurityGroup.networkInterface.networkSecurityGroup.id).toBe(NSG2);
    const v = await api.ok<{ verifyFlow: { access: string; decidedBy: string } }>(VERIFY, {
      i: inbound('80'),
    });
    expect(v.verifyFlow).toMatchObject({ access: 'DENY', decidedBy: 'NIC_NSG' });
    const both = await api.gql(
      `mutation($i: DissociateNetworkSecurityGroupInput!) { dissociateNetworkSecurityGroup(input: $i) { subnet { id } } }`,
      { i: { subnetId: WEB_SUBNET, networkInterfaceId: NIC } },
    );
    expect(issuesOf(both)[0]?.code).toBe('ExactlyOneTarget');
    await api.ok(
      `mutation($i: DissociateNetworkSecurityGroupInput!) { dissociateNetworkSecurityGroup(input: $i) { networkInterface { networkSecurityGroup { id } } } }`,
      { i: { networkInterfaceId: NIC } },
    );
    const after = await api.ok<{ verifyFlow: { access: string } }>(VERIFY, { i: inbound('80') });
    expect(after.verifyFlow.access).toBe('ALLOW');
  });

  it('creates an ASG, adds a member, uses it in a rule, and refuses to delete it while used', async () => {
    await api.ok(
      `mutation($i: CreateApplicationSecurityGroupInput!) { createApplicationSecurityGroup(input: $i) { applicationSecurityGroup { id } } }`,
      { i: { resourceGroup: 'rg', name: 'web-asg', location: 'westeurope' } },
    );
    const ipConfigurationId = `${NIC}/ipConfigurations/ipconfig1`;
    const stale = await api.gql(
      `mutation($i: ApplicationSecurityGroupMemberInput!) { addApplicationSecurityGroupMember(input: $i) { ipConfiguration { id } } }`,
      {
        i: {
          applicationSecurityGroupId: ASG,
          ipConfigurationId,
          expectedVersion: (await api.versionOf(ipConfigurationId)) - 1,
        },
      },
    );
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VersionMismatch' });
    const m = await api.ok<{
      addApplicationSecurityGroupMember: {
        applicationSecurityGroup: { ipConfigurations: { totalCount: number } };
      };
    }>(
      `mutation($i: ApplicationSecurityGroupMemberInput!) { addApplicationSecurityGroupMember(input: $i) { applicationSecurityGroup { ipConfigurations { totalCount } } } }`,
      {
        i: {
          applicationSecurityGroupId: ASG,
          ipConfigurationId,
          expectedVersion: await api.versionOf(ipConfigurationId),
        },
      },
    );
    expect(m.addApplicationSecurityGroupMember.applicationSecurityGroup.ipConfigurations.totalCount).toBe(1);
    await api.ok(CREATE_RULE, {
      i: {
        networkSecurityGroupId: NSG,
        rule: rule({
          name: 'ssh-to-asg',
          priority: 200,
          destinationAddressPrefix: null,
          destinationApplicationSecurityGroupIds: [ASG],
          destinationPortRange: '22',
        }),
      },
    });
    const v = await api.ok<{ verifyFlow: { access: string; ruleName: string } }>(VERIFY, {
      i: inbound('22', { remoteIpAddress: '8.8.8.8' }),
    });
    expect(v.verifyFlow).toMatchObject({ access: 'ALLOW', ruleName: 'securityRules/ssh-to-asg' });
    const del = await api.gql(
      `mutation($i: DeleteResourceInput!) { deleteApplicationSecurityGroup(input: $i) { deletedId } }`,
      { i: { id: ASG, expectedVersion: await api.versionOf(ASG) } },
    );
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'InUse' });
    const q = await api.ok<{ resourceByArmId: { applicationSecurityGroups: { id: string }[] } }>(
      `query($id: String!) { resourceByArmId(armId: $id) { ... on IpConfiguration { applicationSecurityGroups { id } } } }`,
      { id: `${NIC}/ipConfigurations/ipconfig1` },
    );
    expect(q.resourceByArmId.applicationSecurityGroups).toEqual([{ id: ASG }]);
  });
});

describe('topology mutations', () => {
  it('validates subnet prefixes against the VNet (engine) and refuses deleting a used subnet', async () => {
    const r = await api.gql(
      `mutation($i: CreateSubnetInput!) { createSubnet(input: $i) { subnet { id } } }`,
      {
        i: { virtualNetworkId: VNET, name: 'outside', addressPrefixes: ['192.168.0.0/24'] },
      },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const bad = await api.gql(
      `mutation($i: CreateSubnetInput!) { createSubnet(input: $i) { subnet { id } } }`,
      {
        i: { virtualNetworkId: VNET, name: 'bad', addressPrefixes: ['10.0.3.0/33'] },
      },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const del = await api.gql(
      `mutation($i: DeleteResourceInput!) { deleteSubnet(input: $i) { deletedId } }`,
      { i: { id: WEB_SUBNET, expectedVersion: await api.versionOf(WEB_SUBNET) } },
    );
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'InUse' });
  });

  it("names the input field that broke another resource, not that resource's own field", async () => {
    // Moving the web subnet leaves web-nic's 10.0.1.4 outside it: the offending input is addressPrefixes.
    const r = await api.gql(
      `mutation($i: UpdateSubnetInput!) { updateSubnet(input: $i) { subnet { addressPrefixes } } }`,
      {
        i: {
          id: WEB_SUBNET,
          expectedVersion: await api.versionOf(WEB_SUBNET),
          addressPrefixes: ['10.0.9.0/24'],
        },
      },
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'IpAddressOutsideSubnet',
      field: 'addressPrefixes',
    });
    expect(issuesOf(r)[0]).toMatchObject({
      path: ['input', 'addressPrefixes'],
      resourceId: expect.stringMatching(/networkInterfaces\/web-nic\/ipConfigurations\/ipconfig1$/),
    });
  });

  it('names the IP configuration by its index in the input when one of several is wrong', async () => {
    const r = await api.gql(
      `mutation($i: CreateNetworkInterfaceInput!) { createNetworkInterface(input: $i) { networkInterface { id } } }`,
      {
        i: {
          resourceGroup: 'rg',
          name: 'nic-two-configs',
          ipConfigurations: [
            { name: 'first', privateIPAddress: '10.0.2.20', subnetId: DB_SUBNET, primary: true },
            { name: 'second', privateIPAddress: '10.9.9.9', subnetId: DB_SUBNET },
          ],
        },
      },
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'IpAddressOutsideSubnet',
      field: 'ipConfigurations.1.privateIPAddress',
    });
    expect(issuesOf(r)[0]!.path).toEqual(['input', 'ipConfigurations', 1, 'privateIPAddress']);
  });

  it('rejects an IP outside its subnet and a VM on a NIC that is already attached', async () => {
    const r = await api.gql(
      `mutation($i: CreateNetworkInterfaceInput!) { createNetworkInterface(input: $i) { networkInterface { id } } }`,
      {
        i: {
          resourceGroup: 'rg',
          name: 'nic2',
          ipConfigurations: [{ name: 'c1', privateIPAddress: '10.9.9.9', subnetId: DB_SUBNET }],
        },
      },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const vm = await api.gql(
      `mutation($i: CreateVirtualMachineInput!) { createVirtualMachine(input: $i) { virtualMachine { id } } }`,
      { i: { resourceGroup: 'rg', name: 'vm2', location: 'westeurope', networkInterfaces: [{ id: NIC }] } },
    );
    expect(issuesOf(vm)[0]).toMatchObject({
      code: 'NicInUse',
      path: ['input', 'networkInterfaces', 0, 'id'],
    });
  });

  it('creates a NIC + VM in the db subnet, stops the VM, updates and deletes things', async () => {
    await api.ok(
      `mutation($i: CreateNetworkInterfaceInput!) { createNetworkInterface(input: $i) { networkInterface { id } } }`,
      {
        i: {
          resourceGroup: 'rg',
          name: 'db-nic',
          ipConfigurations: [{ name: 'c1', privateIPAddress: '10.0.2.4', subnetId: DB_SUBNET }],
        },
      },
    );
    const DB_NIC = `${RG}/providers/Microsoft.Network/networkInterfaces/db-nic`;
    const DB_VM = `${RG}/providers/Microsoft.Compute/virtualMachines/db-vm`;
    await api.ok(
      `mutation($i: CreateIpConfigurationInput!) { createIpConfiguration(input: $i) { ipConfiguration { id primary } } }`,
      {
        i: { networkInterfaceId: DB_NIC, name: 'c2', privateIPAddress: '10.0.2.5', subnetId: DB_SUBNET },
      },
    );
    await api.ok(
      `mutation($i: UpdateIpConfigurationInput!) { updateIpConfiguration(input: $i) { ipConfiguration { privateIPAddress } } }`,
      {
        i: {
          id: `${DB_NIC}/ipConfigurations/c2`,
          expectedVersion: await api.versionOf(`${DB_NIC}/ipConfigurations/c2`),
          privateIPAddress: '10.0.2.6',
        },
      },
    );
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteIpConfiguration(input: $i) { deletedId } }`, {
      i: {
        id: `${DB_NIC}/ipConfigurations/c2`,
        expectedVersion: await api.versionOf(`${DB_NIC}/ipConfigurations/c2`),
      },
    });
    await api.ok(
      `mutation($i: UpdateNetworkInterfaceInput!) { updateNetworkInterface(input: $i) { networkInterface { enableIPForwarding version } } }`,
      {
        i: { id: DB_NIC, expectedVersion: await api.versionOf(DB_NIC), enableIPForwarding: true },
      },
    );
    const vm = await api.ok<{
      createVirtualMachine: { virtualMachine: { networkInterfaces: { id: string; primary: boolean }[] } };
    }>(
      `mutation($i: CreateVirtualMachineInput!) { createVirtualMachine(input: $i) { virtualMachine { networkInterfaces { id primary } } } }`,
      {
        i: {
          resourceGroup: 'rg',
          name: 'db-vm',
          location: 'westeurope',
          networkInterfaces: [{ id: DB_NIC }],
        },
      },
    );
    expect(vm.createVirtualMachine.virtualMachine.networkInterfaces).toEqual([{ id: DB_NIC, primary: true }]);
    await api.ok(
      `mutation($i: UpdateVirtualMachineInput!) { updateVirtualMachine(input: $i) { virtualMachine { powerState version } } }`,
      {
        i: { id: DB_VM, expectedVersion: await api.versionOf(DB_VM), powerState: 'deallocated' },
      },
    );
    const r = await api.gql(VERIFY, {
      i: inbound('80', { targetResourceId: DB_VM, localIpAddress: '10.0.2.4' }),
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VmNotRunning' });
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteVirtualMachine(input: $i) { deletedId } }`, {
      i: { id: DB_VM, expectedVersion: await api.versionOf(DB_VM) },
    });
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteNetworkInterface(input: $i) { deletedId } }`, {
      i: { id: DB_NIC, expectedVersion: await api.versionOf(DB_NIC) },
    });
  });

  it('creates, updates and deletes a VNet with a peering and a service tag', async () => {
    await api.ok(
      `mutation($i: CreateVirtualNetworkInput!) { createVirtualNetwork(input: $i) { virtualNetwork { id } } }`,
      {
        i: { resourceGroup: 'rg', name: 'hub', location: 'westeurope', addressPrefixes: ['10.100.0.0/16'] },
      },
    );
    const HUB = `${RG}/providers/Microsoft.Network/virtualNetworks/hub`;
    const p = await api.ok<{
      createVirtualNetworkPeering: { virtualNetworkPeering: Record<string, unknown> };
    }>(
      `mutation($i: CreateVirtualNetworkPeeringInput!) { createVirtualNetworkPeering(input: $i) { virtualNetworkPeering { remoteVirtualNetwork { id } remoteAddressPrefixes peeringState } } }`,
      { i: { virtualNetworkId: VNET, name: 'to-hub', remoteVirtualNetworkId: HUB } },
    );
    expect(p.createVirtualNetworkPeering.virtualNetworkPeering).toEqual({
      remoteVirtualNetwork: { id: HUB },
      remoteAddressPrefixes: ['10.100.0.0/16'],
      peeringState: 'Connected',
    });
    const u = await api.ok<{
      updateVirtualNetwork: { virtualNetwork: { addressPrefixes: string[]; version: number } };
    }>(
      `mutation($i: UpdateVirtualNetworkInput!) { updateVirtualNetwork(input: $i) { virtualNetwork { addressPrefixes version } } }`,
      { i: { id: HUB, expectedVersion: 1, addressPrefixes: ['10.100.0.0/16', '10.101.0.0/16'] } },
    );
    expect(u.updateVirtualNetwork.virtualNetwork).toEqual({
      addressPrefixes: ['10.100.0.0/16', '10.101.0.0/16'],
      version: 2,
    });
    await api.ok(
      `mutation($i: DeleteResourceInput!) { deleteVirtualNetworkPeering(input: $i) { deletedId } }`,
      {
        i: {
          id: `${VNET}/virtualNetworkPeerings/to-hub`,
          expectedVersion: await api.versionOf(`${VNET}/virtualNetworkPeerings/to-hub`),
        },
      },
    );
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteVirtualNetwork(input: $i) { deletedId } }`, {
      i: { id: HUB, expectedVersion: await api.versionOf(HUB) },
    });
    const t = await api.ok<{ setServiceTag: { serviceTag: { name: string; addressPrefixes: string[] } } }>(
      `mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { name addressPrefixes } } }`,
      { i: { name: 'Corp', addressPrefixes: ['198.18.0.0/15'] } },
    );
    expect(t.setServiceTag.serviceTag).toEqual({ name: 'Corp', addressPrefixes: ['198.18.0.0/15'] });
    const bad = await api.gql(
      `mutation($i: SetServiceTagInput!) { setServiceTag(input: $i) { serviceTag { name } } }`,
      {
        i: { name: 'Bad', addressPrefixes: ['not-a-prefix'] },
      },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await api.ok(`mutation($i: DeleteServiceTagInput!) { deleteServiceTag(input: $i) { deletedName } }`, {
      i: { name: 'corp' },
    });
  });
});

describe('network manager', () => {
  const NM = `${RG}/providers/Microsoft.Network/networkManagers/nm1`;
  const GROUP = `${NM}/networkGroups/all-vnets`;
  const CONFIG = `${NM}/securityAdminConfigurations/baseline`;
  const RC = `${CONFIG}/ruleCollections/deny-web`;

  it('builds manager → group → configuration → collection → rule; verdict changes only after deployment', async () => {
    await api.ok(
      `mutation($i: CreateNetworkManagerInput!) { createNetworkManager(input: $i) { networkManager { id } } }`,
      {
        i: { resourceGroup: 'rg', name: 'nm1', scopeSubscriptions: [`/subscriptions/${SUB}`] },
      },
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
    const badMember = await api.gql(
      `mutation($i: NetworkGroupMemberInput!) { addNetworkGroupMember(input: $i) { networkGroup { id } } }`,
      {
        i: { networkGroupId: GROUP, resourceId: WEB_SUBNET },
      },
    );
    expect(issuesOf(badMember)[0]?.code).toBe('InvalidMember');
    await api.ok(
      `mutation($i: CreateSecurityAdminConfigurationInput!) { createSecurityAdminConfiguration(input: $i) { securityAdminConfiguration { id } } }`,
      {
        i: { networkManagerId: NM, name: 'baseline' },
      },
    );
    await api.ok(
      `mutation($i: CreateAdminRuleCollectionInput!) { createAdminRuleCollection(input: $i) { adminRuleCollection { id } } }`,
      {
        i: { securityAdminConfigurationId: CONFIG, name: 'deny-web', appliesToGroupIds: [GROUP] },
      },
    );
    const badRule = await api.gql(
      `mutation($i: CreateAdminRuleInput!) { createAdminRule(input: $i) { adminRule { id } } }`,
      {
        i: {
          ruleCollectionId: RC,
          rule: {
            name: 'r',
            access: 'DENY',
            priority: 0,
            direction: 'INBOUND',
            protocol: 'TCP',
            destinationPortRanges: ['99999'],
          },
        },
      },
    );
    expect(badRule.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await api.ok(
      `mutation($i: CreateAdminRuleInput!) { createAdminRule(input: $i) { adminRule { id priority access } } }`,
      {
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
      },
    );
    const before = await api.ok<{ verifyFlow: { access: string } }>(VERIFY, { i: inbound('80') });
    expect(before.verifyFlow.access).toBe('ALLOW');
    const dep = await api.ok<{
      deployNetworkManagerConfigurations: {
        deployment: { region: string; configurations: { id: string }[] };
      };
    }>(
      `mutation($i: DeployNetworkManagerConfigurationsInput!) { deployNetworkManagerConfigurations(input: $i) { deployment { region configurations { id } } } }`,
      { i: { networkManagerId: NM, region: 'westeurope', configurationIds: [CONFIG] } },
    );
    expect(dep.deployNetworkManagerConfigurations.deployment).toEqual({
      region: 'westeurope',
      configurations: [{ id: CONFIG }],
    });
    const after = await api.ok<{ verifyFlow: Record<string, unknown> }>(
      `query($i: VerifyFlowInput!) { verifyFlow(input: $i) { access decidedBy ruleName ruleKind adminRuleId adminConfigurationId networkManagerId } }`,
      { i: inbound('80') },
    );
    expect(after.verifyFlow).toMatchObject({
      access: 'DENY',
      decidedBy: 'ADMIN_RULE',
      ruleName: 'deny-http',
      ruleKind: 'ADMIN',
      adminRuleId: `${RC}/rules/deny-http`,
    });
    const tree = await api.ok<{
      workspace: { networkManagers: { edges: { node: any }[] } };
    }>(`{ workspace { networkManagers { edges { node {
      id scopeSubscriptions deployments { region deploymentType }
      networkGroups { edges { node { memberType staticMembers { totalCount edges { node { resourceId resource { __typename id } } } } } } }
      securityAdminConfigurations { edges { node { deployedRegions ruleCollections { edges { node { appliesToGroups { id } rules { edges { node {
        name access protocol direction kind sources { addressPrefix addressPrefixType } destinationPortRanges } } } } } } } } } } } } } }`);
    const nm = tree.workspace.networkManagers.edges[0]!.node;
    expect(nm.deployments).toEqual([{ region: 'westeurope', deploymentType: 'SecurityAdmin' }]);
    expect(nm.networkGroups.edges[0].node.staticMembers.edges[0].node.resource).toEqual({
      __typename: 'VirtualNetwork',
      id: VNET,
    });
    const cfg = nm.securityAdminConfigurations.edges[0].node;
    expect(cfg.deployedRegions).toEqual(['westeurope']);
    expect(cfg.ruleCollections.edges[0].node.rules.edges[0].node).toMatchObject({
      access: 'DENY',
      kind: 'CUSTOM',
      sources: [{ addressPrefix: 'Internet', addressPrefixType: 'SERVICE_TAG' }],
    });
    await api.ok(
      `mutation($i: UpdateAdminRuleInput!) { updateAdminRule(input: $i) { adminRule { access version } } }`,
      {
        i: {
          id: `${RC}/rules/deny-http`,
          expectedVersion: await api.versionOf(`${RC}/rules/deny-http`),
          patch: { access: 'ALLOW' },
        },
      },
    );
    const allowed = await api.ok<{ verifyFlow: { access: string } }>(VERIFY, { i: inbound('80') });
    expect(allowed.verifyFlow.access).toBe('ALLOW');
    await api.ok(
      `mutation($i: DeployNetworkManagerConfigurationsInput!) { deployNetworkManagerConfigurations(input: $i) { deployment { region } } }`,
      {
        i: { networkManagerId: NM, region: 'westeurope', configurationIds: [] },
      },
    );
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteAdminRule(input: $i) { deletedId } }`, {
      i: { id: `${RC}/rules/deny-http`, expectedVersion: await api.versionOf(`${RC}/rules/deny-http`) },
    });
    await api.ok(
      `mutation($i: UpdateAdminRuleCollectionInput!) { updateAdminRuleCollection(input: $i) { adminRuleCollection { version } } }`,
      {
        i: { id: RC, expectedVersion: await api.versionOf(RC), appliesToGroupIds: [GROUP] },
      },
    );
    await api.ok(
      `mutation($i: DeleteResourceInput!) { deleteAdminRuleCollection(input: $i) { deletedId } }`,
      { i: { id: RC, expectedVersion: await api.versionOf(RC) } },
    );
    await api.ok(
      `mutation($i: DeleteResourceInput!) { deleteSecurityAdminConfiguration(input: $i) { deletedId } }`,
      { i: { id: CONFIG, expectedVersion: await api.versionOf(CONFIG) } },
    );
    await api.ok(
      `mutation($i: NetworkGroupMemberInput!) { removeNetworkGroupMember(input: $i) { networkGroup { version } } }`,
      {
        i: { networkGroupId: GROUP, resourceId: VNET },
      },
    );
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteNetworkGroup(input: $i) { deletedId } }`, {
      i: { id: GROUP, expectedVersion: await api.versionOf(GROUP) },
    });
    await api.ok(
      `mutation($i: UpdateNetworkManagerInput!) { updateNetworkManager(input: $i) { networkManager { version } } }`,
      {
        i: { id: NM, expectedVersion: await api.versionOf(NM), scopeManagementGroups: ['mg1'] },
      },
    );
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteNetworkManager(input: $i) { deletedId } }`, {
      i: { id: NM, expectedVersion: await api.versionOf(NM) },
    });
  });
});

describe('workspaces', () => {
  it('creates, rejects duplicates and bad names, and deletes', async () => {
    const c = await api.ok<{ createWorkspace: { workspace: { name: string; modelVersion: number } } }>(
      `mutation { createWorkspace(input: { name: "lab", description: "what-if" }) { workspace { name modelVersion } } }`,
    );
    expect(c.createWorkspace.workspace.name).toBe('lab');
    const dup = await api.gql(`mutation { createWorkspace(input: { name: "lab" }) { workspace { name } } }`);
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'AlreadyExists' });
    const bad = await api.gql(
      `mutation { createWorkspace(input: { name: "bad name" }) { workspace { name } } }`,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidName' });
    const missing = await api.gql(
      `mutation($i: CreateVirtualNetworkInput!) { createVirtualNetwork(input: $i) { virtualNetwork { id } } }`,
      {
        i: {
          workspace: 'nope',
          resourceGroup: 'rg',
          name: 'v',
          location: 'x',
          addressPrefixes: ['10.0.0.0/8'],
        },
      },
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NotFound',
      field: 'workspace',
    });
    const d = await api.ok<{ deleteWorkspace: { deletedName: string } }>(
      `mutation { deleteWorkspace(input: { name: "lab" }) { deletedName } }`,
    );
    expect(d.deleteWorkspace.deletedName).toBe('lab');
    const gone = await api.gql(`mutation { deleteWorkspace(input: { name: "lab" }) { deletedName } }`);
    expect(gone.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('optional expectedVersion on deleteWorkspace, associate, reorder and deploy', () => {
  type Errors = { errors?: { message: string; extensions?: Record<string, any> }[] };
  const conflictOf = (r: Errors) => r.errors?.[0]?.extensions;

  it('deleteWorkspace compares Workspace.modelVersion: stale → CONFLICT and nothing deleted; matching → deleted', async () => {
    const modelVersion = async () =>
      (
        await api.ok<{ workspace: { modelVersion: number } | null }>(
          `{ workspace(name: "lab2") { modelVersion } }`,
        )
      ).workspace?.modelVersion;
    await api.ok(`mutation { createWorkspace(input: { name: "lab2" }) { workspace { name } } }`);
    const read = (await modelVersion())!;
    await api.ok(
      `mutation { setServiceTag(input: { workspace: "lab2", name: "Lab", addressPrefixes: ["203.0.113.0/24"] }) { serviceTag { name } } }`,
    );
    const DELETE = `mutation($v: Int) { deleteWorkspace(input: { name: "lab2", expectedVersion: $v }) { deletedName } }`;
    const stale = await api.gql(DELETE, { v: read });
    expect(conflictOf(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      field: 'expectedVersion',
      currentVersion: read + 1,
      current: { name: 'lab2', modelVersion: read + 1 },
    });
    expect(await modelVersion()).toBe(read + 1);
    const ok = await api.ok<{ deleteWorkspace: { deletedName: string } }>(DELETE, { v: read + 1 });
    expect(ok.deleteWorkspace.deletedName).toBe('lab2');
    expect(await modelVersion()).toBeUndefined();
  });

  it("associateNetworkSecurityGroup compares the subnet's or NIC's version, not the NSG's", async () => {
    const nsg = (name: string) => `${RG}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
    for (const name of ['assoc-a', 'assoc-b'])
      await api.ok(
        `mutation($i: CreateNetworkSecurityGroupInput!) { createNetworkSecurityGroup(input: $i) { networkSecurityGroup { id } } }`,
        { i: { resourceGroup: 'rg', name } },
      );
    const ASSOCIATE = `mutation($i: AssociateNetworkSecurityGroupInput!) { associateNetworkSecurityGroup(input: $i) {
      subnet { version networkSecurityGroup { id } } networkInterface { version networkSecurityGroup { id } } } }`;
    const first = await api.ok<{ associateNetworkSecurityGroup: { subnet: { version: number } } }>(
      ASSOCIATE,
      {
        i: { networkSecurityGroupId: nsg('assoc-a'), subnetId: DB_SUBNET },
      },
    );
    const read = first.associateNetworkSecurityGroup.subnet.version;
    expect(read).toBeGreaterThan(1); // differs from the new NSGs' version 1
    const stale = await api.gql(ASSOCIATE, {
      i: { networkSecurityGroupId: nsg('assoc-b'), subnetId: DB_SUBNET, expectedVersion: read - 1 },
    });
    expect(conflictOf(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: read,
      current: { version: read },
    });
    expect(stale.errors?.[0]?.message).toContain('Subnet');
    expect(await api.versionOf(DB_SUBNET)).toBe(read);
    const ok = await api.ok<{
      associateNetworkSecurityGroup: { subnet: { version: number; networkSecurityGroup: { id: string } } };
    }>(ASSOCIATE, {
      i: { networkSecurityGroupId: nsg('assoc-b'), subnetId: DB_SUBNET, expectedVersion: read },
    });
    expect(ok.associateNetworkSecurityGroup.subnet).toEqual({
      version: read + 1,
      networkSecurityGroup: { id: nsg('assoc-b') },
    });
    const nicVersion = await api.versionOf(NIC);
    const staleNic = await api.gql(ASSOCIATE, {
      i: { networkSecurityGroupId: nsg('assoc-a'), networkInterfaceId: NIC, expectedVersion: nicVersion + 1 },
    });
    expect(conflictOf(staleNic)).toMatchObject({ code: 'CONFLICT', currentVersion: nicVersion });
    expect(await api.versionOf(NIC)).toBe(nicVersion);
    await api.ok(
      `mutation($i: DissociateNetworkSecurityGroupInput!) { dissociateNetworkSecurityGroup(input: $i) { subnet { id } } }`,
      { i: { subnetId: DB_SUBNET } },
    );
  });

  it('reorderSecurityRules checks every per-rule expectedVersion before writing any priority', async () => {
    const NSG3 = `${RG}/providers/Microsoft.Network/networkSecurityGroups/order-nsg`;
    await api.ok(
      `mutation($i: CreateNetworkSecurityGroupInput!) { createNetworkSecurityGroup(input: $i) { networkSecurityGroup { id } } }`,
      {
        i: {
          resourceGroup: 'rg',
          name: 'order-nsg',
          securityRules: [rule({ name: 'a', priority: 100 }), rule({ name: 'b', priority: 200 })],
        },
      },
    );
    const [a, b] = [`${NSG3}/securityRules/a`, `${NSG3}/securityRules/b`];
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { version } } }`,
      { i: { id: b, expectedVersion: 1, patch: { description: 'b moved on' } } },
    );
    const REORDER = `mutation($i: ReorderSecurityRulesInput!) { reorderSecurityRules(input: $i) { securityRules { name priority version } } }`;
    const priorities = async () =>
      Object.fromEntries(
        (await api.db.prisma.securityRule.findMany({ where: { armId: { in: [a, b] } } })).map((r) => [
          r.name,
          [r.priority, r.version],
        ]),
      );
    const stale = await api.gql(REORDER, {
      i: {
        networkSecurityGroupId: NSG3,
        priorities: [
          { id: a, priority: 200, expectedVersion: 1 },
          { id: b, priority: 100, expectedVersion: 1 },
        ],
      },
    });
    expect(conflictOf(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: 2,
      current: { name: 'b', version: 2 },
    });
    expect(await priorities()).toEqual({ a: [100, 1], b: [200, 2] });
    const ok = await api.ok<{
      reorderSecurityRules: { securityRules: { name: string; priority: number }[] };
    }>(REORDER, {
      i: {
        networkSecurityGroupId: NSG3,
        priorities: [
          { id: a, priority: 200, expectedVersion: 1 },
          { id: b, priority: 100, expectedVersion: 2 },
        ],
      },
    });
    expect(ok.reorderSecurityRules.securityRules.map((r) => [r.name, r.priority])).toEqual([
      ['b', 100],
      ['a', 200],
    ]);
    expect(await priorities()).toEqual({ a: [200, 2], b: [100, 3] });
  });

  it("deployNetworkManagerConfigurations compares (and bumps) the network manager's version", async () => {
    const NM2 = `${RG}/providers/Microsoft.Network/networkManagers/nm-v`;
    await api.ok(
      `mutation($i: CreateNetworkManagerInput!) { createNetworkManager(input: $i) { networkManager { id } } }`,
      { i: { resourceGroup: 'rg', name: 'nm-v', scopeSubscriptions: [`/subscriptions/${SUB}`] } },
    );
    await api.ok(
      `mutation($i: CreateSecurityAdminConfigurationInput!) { createSecurityAdminConfiguration(input: $i) { securityAdminConfiguration { id } } }`,
      { i: { networkManagerId: NM2, name: 'cfg' } },
    );
    const DEPLOY = `mutation($i: DeployNetworkManagerConfigurationsInput!) { deployNetworkManagerConfigurations(input: $i) {
      networkManager { version deployments { region } } deployment { region } } }`;
    const deploy = (expectedVersion: number) =>
      api.gql<{ deployNetworkManagerConfigurations: { networkManager: { version: number } } }>(DEPLOY, {
        i: {
          networkManagerId: NM2,
          region: 'westeurope',
          configurationIds: [`${NM2}/securityAdminConfigurations/cfg`],
          expectedVersion,
        },
      });
    const read = await api.versionOf(NM2);
    const stale = await deploy(read + 1);
    expect(conflictOf(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'VersionMismatch',
      currentVersion: read,
      current: { name: 'nm-v', version: read },
    });
    expect(
      await api.db.prisma.networkManagerDeployment.count({ where: { networkManager: { name: 'nm-v' } } }),
    ).toBe(0);
    const ok = await deploy(read);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.deployNetworkManagerConfigurations.networkManager).toEqual({
      version: read + 1,
      deployments: [{ region: 'westeurope' }],
    });
    // A second client that read the same version no longer overwrites the goal state silently.
    expect(conflictOf(await deploy(read))).toMatchObject({ code: 'CONFLICT', currentVersion: read + 1 });
  });
});

void VM;
