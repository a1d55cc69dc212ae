/**
 * Test harness: a fresh database per test file (createTestDatabase: DATABASE_URL's server, or embedded PGlite),
 * the real server on an ephemeral loopback port, and a tiny GraphQL client.
 */
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';
import { findResourcesByArmIds } from '../loaders';
import { insertApiToken } from '../services/api-tokens';
import { createLogger } from '../logger';
import { createServer, type FlowverifyServer } from '../server';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: Record<string, unknown> & { code?: string; reason?: string };
  }[];
}

export interface TestApi {
  db: TestDatabase;
  server: FlowverifyServer;
  url: string;
  base: string;
  /** The server admin's token every request sends unless told otherwise (user `test-admin`). */
  token: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** Like gql with another token (null: none). */
  gqlAs<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** The current version of a resource (for `expectedVersion`), by ARM id, in `workspace` (default "default"). */
  versionOf(armId: string, workspace?: string): Promise<number>;
  /** A user with `role` in `workspace` (no role: a user without memberships); returns their token. */
  createUser(name: string, memberships?: Record<string, 'reader' | 'editor' | 'admin'>): Promise<string>;
  /** Like gql but throws on errors and returns data. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startTestApi(): Promise<TestApi> {
  const db = await createTestDatabase();
  const server = await createServer({ prisma: db.prisma, logger: createLogger('silent') });
  const { port } = await server.listen(0);
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/graphql`;
  await db.prisma.workspace.create({ data: { name: 'default' } });
  const admin = await db.prisma.user.create({ data: { name: 'test-admin', isServerAdmin: true } });
  const { secret: token } = await insertApiToken(db.prisma, { userId: admin.id, name: 'tests' });
  const gqlAs = async <T>(
    as: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  };
  const gql = <T>(query: string, variables?: Record<string, unknown>) => gqlAs<T>(token, query, variables);
  return {
    db,
    server,
    url,
    base,
    token,
    gql,
    gqlAs,
    async versionOf(armId, workspace = 'default') {
      const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { name: workspace } });
      const where = { workspaceId: ws.id, armId: { equals: armId, mode: 'insensitive' as const } };
      const rule = await db.prisma.securityRule.findFirst({ where });
      if (rule) return rule.version;
      const [row] = await findResourcesByArmIds(db.prisma, ws.id, [armId]);
      if (!row) throw new Error(`versionOf: ${armId} not found in ${workspace}`);
      return (row as unknown as { version: number }).version;
    },
    async createUser(name, memberships = {}) {
      const user = await db.prisma.user.create({ data: { name } });
      for (const [workspace, role] of Object.entries(memberships)) {
        const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { name: workspace } });
        await db.prisma.workspaceMember.create({ data: { workspaceId: ws.id, userId: user.id, role } });
      }
      return (await insertApiToken(db.prisma, { userId: user.id, name: `${name}-token` })).secret;
    },
    async ok<T>(query: string, variables?: Record<string, unknown>) {
      const r = await gql<T>(query, variables);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
      return r.data as T;
    },
    async close() {
      await server.stop();
      await db.drop();
    },
  };
}

export const SUB = '00000000-0000-0000-0000-000000000000';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
export const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet1`;
export const WEB_SUBNET = `${VNET}/subnets/web`;
export const DB_SUBNET = `${VNET}/subnets/db`;
export const NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/web-nsg`;
export const NIC = `${RG}/providers/Microsoft.Network/networkInterfaces/web-nic`;
export const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/web-vm`;
export const ASG = `${RG}/providers/Microsoft.Network/applicationSecurityGroups/web-asg`;

/**
 * A small network built through the API's own mutations: vnet1 10.0.0.0/16 with subnets web (10.0.1.0/24, NSG
 * web-nsg allowing TCP 80 inbound at priority 100) and db (10.0.2.0/24); web-vm with web-nic 10.0.1.4 in web.
 */
export async function buildSmallNetwork(api: TestApi, workspace = 'default'): Promise<void> {
  const w = { workspace };
  await api.ok(
    `mutation($i: CreateVirtualNetworkInput!) { createVirtualNetwork(input: $i) { virtualNetwork { id } } }`,
    {
      i: {
        ...w,
        resourceGroup: 'rg',
        name: 'vnet1',
        location: 'westeurope',
        addressPrefixes: ['10.0.0.0/16'],
      },
    },
  );
  for (const [name, prefix] of [
    ['web', '10.0.1.0/24'],
    ['db', '10.0.2.0/24'],
  ]) {
    await api.ok(`mutation($i: CreateSubnetInput!) { createSubnet(input: $i) { subnet { id } } }`, {
      i: { ...w, virtualNetworkId: VNET, name, addressPrefixes: [prefix] },
    });
  }
  await api.ok(
    `mutation($i: CreateNetworkSecurityGroupInput!) { createNetworkSecurityGroup(input: $i) { networkSecurityGroup { id } } }`,
    {
      i: {
        ...w,
        resourceGroup: 'rg',
        name: 'web-nsg',
        location: 'westeurope',
        securityRules: [
          {
            name: 'allow-http',
            priority: 100,
            direction: 'INBOUND',
            access: 'ALLOW',
            protocol: 'TCP',
            sourceAddressPrefix: '*',
            destinationAddressPrefix: '*',
            sourcePortRange: '*',
            destinationPortRange: '80',
          },
        ],
      },
    },
  );
  await api.ok(
    `mutation($i: AssociateNetworkSecurityGroupInput!) { associateNetworkSecurityGroup(input: $i) { subnet { id } } }`,
    { i: { ...w, networkSecurityGroupId: NSG, subnetId: WEB_SUBNET } },
  );
  await api.ok(
    `mutation($i: CreateNetworkInterfaceInput!) { createNetworkInterface(input: $i) { networkInterface { id } } }`,
    {
      i: {
        ...w,
        resourceGroup: 'rg',
        name: 'web-nic',
        location: 'westeurope',
        ipConfigurations: [{ name: 'ipconfig1', privateIPAddress: '10.0.1.4', subnetId: WEB_SUBNET }],
      },
    },
  );
  await api.ok(
    `mutation($i: CreateVirtualMachineInput!) { createVirtualMachine(input: $i) { virtualMachine { id } } }`,
    {
      i: {
        ...w,
        resourceGroup: 'rg',
        name: 'web-vm',
        location: 'westeurope',
        networkInterfaces: [{ id: NIC }],
      },
    },
  );
}

/** An inbound TCP Allow rule from anywhere to anywhere on `port` (tests' shorthand; `extra` overrides fields). */
export const allowInboundTcp = (
  name: string,
  priority: number,
  port: string,
  extra: Record<string, unknown> = {},
) => ({
  name,
  priority,
  direction: 'INBOUND',
  access: 'ALLOW',
  protocol: 'TCP',
  sourceAddressPrefix: '*',
  destinationAddressPrefix: '*',
  sourcePortRange: '*',
  destinationPortRange: port,
  ...extra,
});

export const VERIFY = `query($i: VerifyFlowInput!) {
  verifyFlow(input: $i) { access ruleName decidedBy networkSecurityGroupId ruleKind ruleId networkInterfaceId notes }
}`;

export const inbound = (port: string, extra: Record<string, unknown> = {}) => ({
  targetResourceId: VM,
  direction: 'INBOUND',
  protocol: 'TCP',
  localIpAddress: '10.0.1.4',
  localPort: port,
  remoteIpAddress: '203.0.113.7',
  remotePort: '40000',
  ...extra,
});
