/**
 * Per-request DataLoaders: one batched query per relation per level, so nested selections never go N+1.
 * `byId` loaders return the row or null; `…By…` loaders return every child of a parent, ordered, and the
 * connection resolvers slice them.
 */
import DataLoader from 'dataloader';
import type * as db from './db';
import type { PrismaClient } from './db';

function byId<T extends { id: string }>(fetch: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await fetch([...ids]);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function childrenOf<T>(fetch: (parentIds: string[]) => Promise<T[]>, parentOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await fetch([...parentIds]);
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = parentOf(row);
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return parentIds.map((id) => groups.get(id) ?? []);
  });
}

const byName = [{ name: 'asc' as const }, { id: 'asc' as const }];

export function createLoaders(prisma: PrismaClient) {
  const p = prisma;
  return {
    workspace: byId<db.Workspace>((ids) => p.workspace.findMany({ where: { id: { in: ids } } })),
    virtualNetwork: byId<db.VirtualNetwork>((ids) =>
      p.virtualNetwork.findMany({ where: { id: { in: ids } } }),
    ),
    subnet: byId<db.Subnet>((ids) => p.subnet.findMany({ where: { id: { in: ids } } })),
    networkSecurityGroup: byId<db.NetworkSecurityGroup>((ids) =>
      p.networkSecurityGroup.findMany({ where: { id: { in: ids } } }),
    ),
    networkInterface: byId<db.NetworkInterface>((ids) =>
      p.networkInterface.findMany({ where: { id: { in: ids } } }),
    ),
    ipConfiguration: byId<db.IpConfiguration>((ids) =>
      p.ipConfiguration.findMany({ where: { id: { in: ids } } }),
    ),
    virtualMachine: byId<db.VirtualMachine>((ids) =>
      p.virtualMachine.findMany({ where: { id: { in: ids } } }),
    ),
    applicationSecurityGroup: byId<db.ApplicationSecurityGroup>((ids) =>
      p.applicationSecurityGroup.findMany({ where: { id: { in: ids } } }),
    ),
    networkManager: byId<db.NetworkManager>((ids) =>
      p.networkManager.findMany({ where: { id: { in: ids } } }),
    ),
    networkGroup: byId<db.NetworkGroup>((ids) => p.networkGroup.findMany({ where: { id: { in: ids } } })),
    securityAdminConfiguration: byId<db.SecurityAdminConfiguration>((ids) =>
      p.securityAdminConfiguration.findMany({ where: { id: { in: ids } } }),
    ),
    adminRuleCollection: byId<db.AdminRuleCollection>((ids) =>
      p.adminRuleCollection.findMany({ where: { id: { in: ids } } }),
    ),

    subnetsByVirtualNetwork: childrenOf(
      (ids) => p.subnet.findMany({ where: { virtualNetworkId: { in: ids } }, orderBy: byName }),
      (r) => r.virtualNetworkId,
    ),
    peeringsByVirtualNetwork: childrenOf(
      (ids) =>
        p.virtualNetworkPeering.findMany({ where: { virtualNetworkId: { in: ids } }, orderBy: byName }),
      (r) => r.virtualNetworkId,
    ),
    ipConfigurationsBySubnet: childrenOf(
      (ids) =>
        p.ipConfiguration.findMany({
          where: { subnetId: { in: ids } },
          orderBy: [{ privateIPAddress: 'asc' }, { id: 'asc' }],
        }),
      (r) => r.subnetId,
    ),
    ipConfigurationsByNetworkInterface: childrenOf(
      (ids) =>
        p.ipConfiguration.findMany({
          where: { networkInterfaceId: { in: ids } },
          orderBy: [{ primary: 'desc' }, { name: 'asc' }, { id: 'asc' }],
        }),
      (r) => r.networkInterfaceId,
    ),
    networkInterfacesByVirtualMachine: childrenOf(
      (ids) =>
        p.networkInterface.findMany({
          where: { virtualMachineId: { in: ids } },
          orderBy: [{ primary: 'desc' }, { name: 'asc' }, { id: 'asc' }],
        }),
      (r) => r.virtualMachineId!,
    ),
    networkInterfacesByNetworkSecurityGroup: childrenOf(
      (ids) =>
        p.networkInterface.findMany({ where: { networkSecurityGroupId: { in: ids } }, orderBy: byName }),
      (r) => r.networkSecurityGroupId!,
    ),
    subnetsByNetworkSecurityGroup: childrenOf(
      (ids) => p.subnet.findMany({ where: { networkSecurityGroupId: { in: ids } }, orderBy: byName }),
      (r) => r.networkSecurityGroupId!,
    ),
    securityRulesByNetworkSecurityGroup: childrenOf(
      (ids) =>
        p.securityRule.findMany({
          where: { networkSecurityGroupId: { in: ids } },
          orderBy: [{ direction: 'asc' }, { priority: 'asc' }, { id: 'asc' }],
        }),
      (r) => r.networkSecurityGroupId,
    ),
    asgLinksBySecurityRule: childrenOf(
      (ids) => p.securityRuleApplicationSecurityGroup.findMany({ where: { securityRuleId: { in: ids } } }),
      (r) => r.securityRuleId,
    ),
    asgLinksByIpConfiguration: childrenOf(
      (ids) =>
        p.ipConfigurationApplicationSecurityGroup.findMany({ where: { ipConfigurationId: { in: ids } } }),
      (r) => r.ipConfigurationId,
    ),
    ipConfigurationLinksByAsg: childrenOf(
      (ids) =>
        p.ipConfigurationApplicationSecurityGroup.findMany({
          where: { applicationSecurityGroupId: { in: ids } },
          orderBy: [{ ipConfigurationId: 'asc' }],
        }),
      (r) => r.applicationSecurityGroupId,
    ),
    networkGroupsByManager: childrenOf(
      (ids) => p.networkGroup.findMany({ where: { networkManagerId: { in: ids } }, orderBy: byName }),
      (r) => r.networkManagerId,
    ),
    configurationsByManager: childrenOf(
      (ids) =>
        p.securityAdminConfiguration.findMany({ where: { networkManagerId: { in: ids } }, orderBy: byName }),
      (r) => r.networkManagerId,
    ),
    deploymentsByManager: childrenOf(
      (ids) =>
        p.networkManagerDeployment.findMany({
          where: { networkManagerId: { in: ids } },
          orderBy: [{ region: 'asc' }, { deploymentType: 'asc' }],
        }),
      (r) => r.networkManagerId,
    ),
    deploymentLinksByConfiguration: childrenOf(
      (ids) =>
        p.networkManagerDeploymentConfiguration.findMany({
          where: { securityAdminConfigurationId: { in: ids } },
          include: { networkManagerDeployment: { select: { region: true } } },
        }),
      (r) => r.securityAdminConfigurationId,
    ),
    configurationLinksByDeployment: childrenOf(
      (ids) =>
        p.networkManagerDeploymentConfiguration.findMany({
          where: { networkManagerDeploymentId: { in: ids } },
        }),
      (r) => r.networkManagerDeploymentId,
    ),
    ruleCollectionsByConfiguration: childrenOf(
      (ids) =>
        p.adminRuleCollection.findMany({
          where: { securityAdminConfigurationId: { in: ids } },
          orderBy: byName,
        }),
      (r) => r.securityAdminConfigurationId,
    ),
    groupLinksByRuleCollection: childrenOf(
      (ids) => p.adminRuleCollectionNetworkGroup.findMany({ where: { adminRuleCollectionId: { in: ids } } }),
      (r) => r.adminRuleCollectionId,
    ),
    adminRulesByRuleCollection: childrenOf(
      (ids) =>
        p.adminRule.findMany({
          where: { adminRuleCollectionId: { in: ids } },
          orderBy: [{ direction: 'asc' }, { priority: 'asc' }, { id: 'asc' }],
        }),
      (r) => r.adminRuleCollectionId,
    ),
    addressesByAdminRule: childrenOf(
      (ids) =>
        p.adminRuleAddress.findMany({
          where: { adminRuleId: { in: ids } },
          orderBy: [{ side: 'asc' }, { position: 'asc' }],
        }),
      (r) => r.adminRuleId,
    ),
    staticMembersByNetworkGroup: childrenOf(
      (ids) =>
        p.networkGroupStaticMember.findMany({
          where: { networkGroupId: { in: ids } },
          orderBy: [{ resourceId: 'asc' }, { id: 'asc' }],
        }),
      (r) => r.networkGroupId,
    ),
    /** Key: `<workspaceId>|<lower-cased ARM id>`. */
    resourceByArmId: new DataLoader<string, TaggedResource | null>(async (keys) => {
      const byWorkspace = new Map<string, string[]>();
      for (const key of keys) {
        const [ws, arm] = splitKey(key);
        byWorkspace.set(ws, [...(byWorkspace.get(ws) ?? []), arm]);
      }
      const found = new Map<string, TaggedResource>();
      await Promise.all(
        [...byWorkspace].map(async ([workspaceId, armIds]) => {
          for (const row of await findResourcesByArmIds(p, workspaceId, armIds)) {
            found.set(`${workspaceId}|${row.armId.toLowerCase()}`, row);
          }
        }),
      );
      return keys.map((k) => found.get(`${splitKey(k)[0]}|${splitKey(k)[1]}`) ?? null);
    }),
  };
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('|');
  return [key.slice(0, i), key.slice(i + 1).toLowerCase()];
}

export type Loaders = ReturnType<typeof createLoaders>;

export type ResourceTypename =
  | 'VirtualNetwork'
  | 'Subnet'
  | 'VirtualNetworkPeering'
  | 'NetworkInterface'
  | 'IpConfiguration'
  | 'VirtualMachine'
  | 'NetworkSecurityGroup'
  | 'ApplicationSecurityGroup'
  | 'NetworkManager'
  | 'NetworkGroup'
  | 'SecurityAdminConfiguration'
  | 'AdminRuleCollection'
  | 'AdminRule';

/** A row of any resource table, tagged with its GraphQL type (for the AzureResource interface). */
export type TaggedResource = {
  __typename: ResourceTypename;
  id: string;
  armId: string;
  name: string;
  workspaceId: string;
};

/** Every resource table with an ARM id, keyed by GraphQL type name. */
export function resourceTables(p: PrismaClient) {
  return {
    VirtualNetwork: p.virtualNetwork,
    Subnet: p.subnet,
    VirtualNetworkPeering: p.virtualNetworkPeering,
    NetworkInterface: p.networkInterface,
    IpConfiguration: p.ipConfiguration,
    VirtualMachine: p.virtualMachine,
    NetworkSecurityGroup: p.networkSecurityGroup,
    ApplicationSecurityGroup: p.applicationSecurityGroup,
    NetworkManager: p.networkManager,
    NetworkGroup: p.networkGroup,
    SecurityAdminConfiguration: p.securityAdminConfiguration,
    AdminRuleCollection: p.adminRuleCollection,
    AdminRule: p.adminRule,
  } as unknown as Record<ResourceTypename, { findMany(args: unknown): Promise<TaggedResource[]> }>;
}

const TYPE_SEGMENTS: Record<string, ResourceTypename> = {
  virtualnetworks: 'VirtualNetwork',
  subnets: 'Subnet',
  virtualnetworkpeerings: 'VirtualNetworkPeering',
  networkinterfaces: 'NetworkInterface',
  ipconfigurations: 'IpConfiguration',
  virtualmachines: 'VirtualMachine',
  networksecuritygroups: 'NetworkSecurityGroup',
  applicationsecuritygroups: 'ApplicationSecurityGroup',
  networkmanagers: 'NetworkManager',
  networkgroups: 'NetworkGroup',
  securityadminconfigurations: 'SecurityAdminConfiguration',
  rulecollections: 'AdminRuleCollection',
  rules: 'AdminRule',
};

/** The table an ARM id belongs in, from its last type segment (`…/<type>/<name>`); null when unrecognised. */
export function typenameOfArmId(armId: string): ResourceTypename | null {
  const parts = armId.replace(/\/+$/, '').split('/');
  return parts.length >= 3 ? (TYPE_SEGMENTS[parts[parts.length - 2]!.toLowerCase()] ?? null) : null;
}

/** Rows for the given ARM ids (case-insensitive), tagged with their GraphQL type; one query per table involved. */
export async function findResourcesByArmIds(
  p: PrismaClient,
  workspaceId: string,
  armIds: string[],
): Promise<TaggedResource[]> {
  const tables = resourceTables(p);
  const byTable = new Map<ResourceTypename, string[]>();
  for (const armId of armIds) {
    const typename = typenameOfArmId(armId);
    for (const t of typename ? [typename] : (Object.keys(tables) as ResourceTypename[])) {
      byTable.set(t, [...(byTable.get(t) ?? []), armId]);
    }
  }
  const results = await Promise.all(
    [...byTable].map(async ([typename, ids]) => {
      const rows = await tables[typename].findMany({
        where: { workspaceId, armId: { in: ids, mode: 'insensitive' } },
      });
      return rows.map((r) => ({ ...r, __typename: typename }));
    }),
  );
  return results.flat();
}
