/* eslint-disable @typescript-eslint/no-explicit-any -- ad-hoc GraphQL response shapes, asserted by value */
import type { PrismaClient } from '@flowverify/db';
import { createLogger } from '../logger';
import { createServer } from '../server';
import { buildSmallNetwork, NIC, NSG, startTestApi, VM, VNET, WEB_SUBNET, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 120_000);
afterAll(() => api?.close());

describe('topology queries', () => {
  it('lists workspaces with counts', async () => {
    const data = await api.ok<{
      workspaces: {
        totalCount: number;
        edges: { node: { name: string; modelVersion: number; stats: Record<string, number> } }[];
      };
    }>(
      `{ workspaces { totalCount edges { cursor node { name modelVersion createdAt stats { virtualNetworks subnets networkSecurityGroups securityRules networkInterfaces virtualMachines } } } } }`,
    );
    expect(data.workspaces.totalCount).toBe(1);
    const ws = data.workspaces.edges[0]!.node;
    expect(ws.name).toBe('default');
    expect(ws.modelVersion).toBeGreaterThan(1);
    expect(ws.stats).toEqual({
      virtualNetworks: 1,
      subnets: 2,
      networkSecurityGroups: 1,
      securityRules: 1,
      networkInterfaces: 1,
      virtualMachines: 1,
    });
  });

  it('walks VNets → subnets → IP configurations → NIC → VM, with NSGs on the way', async () => {
    const data = await api.ok<{ workspace: any }>(`{ workspace(name: "default") {
      virtualNetworks { totalCount edges { node { id name type subscriptionId resourceGroup location addressPrefixes workspace { name }
        subnets { totalCount edges { node { name addressPrefixes networkSecurityGroup { name }
          ipConfigurations { edges { node { privateIPAddress privateIPAddressVersion primary
            networkInterface { name primary virtualMachine { id name powerState networkInterfaces { id } } } } } } } } } } } }
      virtualMachines { edges { node { id } } }
      networkInterfaces { edges { node { id networkSecurityGroup { id } ipConfigurations { totalCount } } } } } }`);
    const vnet = data.workspace.virtualNetworks.edges[0].node;
    expect(vnet).toMatchObject({
      id: VNET,
      type: 'Microsoft.Network/virtualNetworks',
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      resourceGroup: 'rg',
      workspace: { name: 'default' },
    });
    const web = vnet.subnets.edges.find((e: any) => e.node.name === 'web').node;
    expect(web.networkSecurityGroup.name).toBe('web-nsg');
    const cfg = web.ipConfigurations.edges[0].node;
    expect(cfg).toMatchObject({
      privateIPAddress: '10.0.1.4',
      privateIPAddressVersion: 'IPv4',
      primary: true,
    });
    expect(cfg.networkInterface).toMatchObject({
      name: 'web-nic',
      primary: true,
      virtualMachine: { id: VM, networkInterfaces: [{ id: NIC }] },
    });
    expect(data.workspace.networkInterfaces.edges[0].node).toEqual({
      id: NIC,
      networkSecurityGroup: null,
      ipConfigurations: { totalCount: 1 },
    });
  });

  it('walks VNet → subnets → NICs → VMs directly (Subnet.networkInterfaces)', async () => {
    const data = await api.ok<{ workspace: any }>(`{ workspace { virtualNetworks { edges { node {
      subnets { edges { node { name networkInterfaces { totalCount edges { node { id name virtualMachine { id } } } } } } } } } } } }`);
    const subnets = data.workspace.virtualNetworks.edges[0].node.subnets.edges.map((e: any) => e.node);
    const web = subnets.find((n: any) => n.name === 'web');
    expect(web.networkInterfaces).toEqual({
      totalCount: 1,
      edges: [{ node: { id: NIC, name: 'web-nic', virtualMachine: { id: VM } } }],
    });
    const others = subnets.filter((n: any) => n.name !== 'web');
    for (const other of others) expect(other.networkInterfaces.totalCount).toBe(0);
  });

  it('pages with cursors', async () => {
    const first = await api.ok<{ workspace: any }>(
      `{ workspace { virtualNetworks(first: 1) { edges { node { subnets(first: 1) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } } } } } }`,
    );
    const subnets = first.workspace.virtualNetworks.edges[0].node.subnets;
    expect(subnets.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(subnets.pageInfo.startCursor).toBe(subnets.edges[0].cursor);
    const second = await api.ok<{ workspace: any }>(
      `query($after: String) { workspace { virtualNetworks(first: 1) { edges { node { subnets(first: 1, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } } } } } }`,
      { after: subnets.pageInfo.endCursor },
    );
    const page2 = second.workspace.virtualNetworks.edges[0].node.subnets;
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page2.pageInfo.startCursor).toBe(page2.edges[0].cursor);
    expect(page2.pageInfo.endCursor).toBe(page2.edges[0].cursor);
    expect(page2.edges[0].node.name).not.toBe(subnets.edges[0].node.name);
    const bad = await api.gql(`{ workspace { virtualNetworks(first: 501) { totalCount } } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidPageSize' });
    const badCursor = await api.gql(`{ workspace { virtualNetworks(after: "zzz") { totalCount } } }`);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidCursor',
    });
  });

  it("lists the stored model's issues (none for a model built through the API)", async () => {
    const data = await api.ok<{ workspace: { modelIssues: { totalCount: number; edges: unknown[] } } }>(
      `{ workspace { modelIssues(first: 10) { totalCount edges { node { code path message severity resourceId } } } } }`,
    );
    expect(data.workspace.modelIssues).toEqual({ totalCount: 0, edges: [] });
  });

  it("reports an unknown service tag as a warning on the write and in the model's issues", async () => {
    const created = await api.ok<{ createSecurityRule: { warnings: { code: string; severity: string }[] } }>(
      `mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { warnings { code severity path } } }`,
      {
        i: {
          networkSecurityGroupId: NSG,
          rule: {
            name: 'from-unknown-tag',
            priority: 300,
            direction: 'INBOUND',
            access: 'ALLOW',
            protocol: 'TCP',
            sourceAddressPrefix: 'NoSuchTag',
            destinationAddressPrefix: '*',
            sourcePortRange: '*',
            destinationPortRange: '8080',
          },
        },
      },
    );
    expect(created.createSecurityRule.warnings).toEqual([expect.objectContaining({ severity: 'WARNING' })]);
    const data = await api.ok<{
      workspace: { modelIssues: { totalCount: number; edges: { node: { severity: string } }[] } };
    }>(`{ workspace { modelIssues { totalCount edges { node { code severity resourceId } } } } }`);
    expect(data.workspace.modelIssues.totalCount).toBe(1);
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteSecurityRule(input: $i) { deletedId } }`, {
      i: {
        id: `${NSG}/securityRules/from-unknown-tag`,
        expectedVersion: await api.versionOf(`${NSG}/securityRules/from-unknown-tag`),
      },
    });
  });

  it('returns null for an unknown workspace name', async () => {
    const data = await api.ok<{ workspace: null }>(`{ workspace(name: "nope") { name } }`);
    expect(data.workspace).toBeNull();
  });
});

describe('lookups', () => {
  it('finds any resource by ARM id, case-insensitively', async () => {
    const data = await api.ok<{ a: any; b: any; c: any }>(
      `query($a: String!, $b: String!, $c: String!) {
        a: resourceByArmId(armId: $a) { __typename id ... on Subnet { virtualNetwork { id } } }
        b: resourceByArmId(armId: $b) { __typename id }
        c: resourceByArmId(armId: $c) { __typename } }`,
      { a: WEB_SUBNET.toLowerCase(), b: VM.toUpperCase(), c: `${VNET}/subnets/none` },
    );
    expect(data.a).toEqual({ __typename: 'Subnet', id: WEB_SUBNET, virtualNetwork: { id: VNET } });
    expect(data.b).toEqual({ __typename: 'VirtualMachine', id: VM });
    expect(data.c).toBeNull();
  });

  it('answers who owns an IP', async () => {
    const Q = `query($ip: String!) { ipOwner(ipAddress: $ip) { ipAddress kind ipConfiguration { name } networkInterface { id } virtualMachine { id } subnets { name } virtualNetworks { name } } }`;
    const nicOwned = await api.ok<{ ipOwner: any }>(Q, { ip: '10.0.1.4' });
    expect(nicOwned.ipOwner).toEqual({
      ipAddress: '10.0.1.4',
      kind: 'IP_CONFIGURATION',
      ipConfiguration: { name: 'ipconfig1' },
      networkInterface: { id: NIC },
      virtualMachine: { id: VM },
      subnets: [{ name: 'web' }],
      virtualNetworks: [{ name: 'vnet1' }],
    });
    const free = await api.ok<{ ipOwner: any }>(Q, { ip: '10.0.2.77' });
    expect(free.ipOwner).toMatchObject({ kind: 'SUBNET', ipConfiguration: null, subnets: [{ name: 'db' }] });
    const vnetOnly = await api.ok<{ ipOwner: any }>(Q, { ip: '10.0.200.1' });
    expect(vnetOnly.ipOwner).toMatchObject({ kind: 'VIRTUAL_NETWORK', subnets: [] });
    const none = await api.ok<{ ipOwner: any }>(Q, { ip: '8.8.8.8' });
    expect(none.ipOwner.kind).toBe('NONE');
    const bad = await api.gql(Q, { ip: '010.0.0.1' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidIpAddress',
      field: 'ipAddress',
    });
  });

  it('searches names', async () => {
    const data = await api.ok<{ searchResources: any }>(
      `{ searchResources(query: "WEB") { totalCount edges { node { __typename name } } } }`,
    );
    const names = data.searchResources.edges.map((e: any) => `${e.node.__typename}:${e.node.name}`).sort();
    expect(names).toEqual([
      'NetworkInterface:web-nic',
      'NetworkSecurityGroup:web-nsg',
      'Subnet:web',
      'VirtualMachine:web-vm',
    ]);
    const kinds = await api.ok<{ searchResources: any }>(
      `{ searchResources(query: "web", kinds: [SUBNET], first: 1) { totalCount edges { node { name } } } }`,
    );
    expect(kinds.searchResources).toEqual({ totalCount: 1, edges: [{ node: { name: 'web' } }] });
    // LIKE's wildcards are plain characters here: no name holds '%', '_' or '\\', so nothing matches.
    for (const query of ['%', '_', 'w_b', '\\']) {
      const literal = await api.ok<{ searchResources: { totalCount: number } }>(
        `query($q: String!) { searchResources(query: $q) { totalCount } }`,
        { q: query },
      );
      expect([query, literal.searchResources.totalCount]).toEqual([query, 0]);
    }
  });

  it('shows the effective security rules of a NIC', async () => {
    const data = await api.ok<{ effectiveSecurityRules: any[] }>(
      `query($nic: String!) { effectiveSecurityRules(networkInterfaceId: $nic) { layer sourceId ruleName ruleKind direction priority access protocol expandedSourceAddressPrefixes destinationPortRanges } }`,
      { nic: NIC },
    );
    const names = data.effectiveSecurityRules.map((r) => r.ruleName);
    expect(names).toEqual(
      expect.arrayContaining(['securityRules/allow-http', 'defaultSecurityRules/DenyAllInBound']),
    );
    expect(data.effectiveSecurityRules.find((r) => r.ruleName === 'securityRules/allow-http')).toMatchObject({
      layer: 'SUBNET_NSG',
      ruleKind: 'CUSTOM',
      direction: 'INBOUND',
    });
    expect(String(data.effectiveSecurityRules[0].sourceId).toLowerCase()).toBe(NSG.toLowerCase());
    const missing = await api.gql(`{ effectiveSecurityRules(networkInterfaceId: "/nope") { ruleName } }`);
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'networkInterfaceId',
    });
  });
});

describe('no N+1', () => {
  it('answers a deep topology query with a bounded number of database queries, however many rows', async () => {
    // More rows: 12 extra NICs with VMs in the db subnet.
    for (let i = 0; i < 12; i++) {
      await api.ok(
        `mutation($i: CreateNetworkInterfaceInput!) { createNetworkInterface(input: $i) { networkInterface { id } } }`,
        {
          i: {
            resourceGroup: 'rg',
            name: `n${i}`,
            ipConfigurations: [
              { name: 'c', privateIPAddress: `10.0.2.${10 + i}`, subnetId: `${VNET}/subnets/db` },
            ],
          },
        },
      );
      await api.ok(
        `mutation($i: CreateVirtualMachineInput!) { createVirtualMachine(input: $i) { virtualMachine { id } } }`,
        {
          i: {
            resourceGroup: 'rg',
            name: `v${i}`,
            location: 'westeurope',
            networkInterfaces: [{ id: `${NIC.replace(/web-nic$/, `n${i}`)}` }],
          },
        },
      );
    }
    let queries = 0;
    const counted = api.db.prisma.$extends({
      query: {
        $allOperations({ args, query }) {
          queries++;
          return query(args);
        },
      },
    }) as unknown as PrismaClient;
    const server = await createServer({ prisma: counted, logger: createLogger('silent') });
    const { port } = await server.listen(0);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
        body: JSON.stringify({
          query: `{ workspace { virtualNetworks { edges { node { workspace { name } subnets { edges { node { networkSecurityGroup { name }
            ipConfigurations { edges { node { subnet { name } applicationSecurityGroups { name } networkInterface { name networkSecurityGroup { name }
              virtualMachine { name networkInterfaces { name } } } } } } } } } } } } } }`,
        }),
      });
      const body = (await res.json()) as {
        errors?: unknown;
        data: {
          workspace: {
            virtualNetworks: {
              edges: {
                node: { subnets: { edges: { node: { ipConfigurations: { edges: unknown[] } } }[] } };
              }[];
            };
          };
        };
      };
      expect(body.errors).toBeUndefined();
      const configs = body.data.workspace.virtualNetworks.edges[0]!.node.subnets.edges.flatMap(
        (e) => e.node.ipConfigurations.edges,
      );
      expect(configs.length).toBeGreaterThanOrEqual(13);
      // One query per relation level (workspace, vnets+count, workspace loader, subnets, nsg, ip configs, subnet, asg
      // links, nic, nsg, vm, vm nics …), not one per row.
      expect(queries).toBeLessThanOrEqual(16);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
