/**
 * Workspace-level resource lists, paged in the database (ordered by name, then id).
 */
import type * as db from '../db';
import type { PrismaClient } from '../db';
import type { ServiceDeps } from './deps';

interface Delegate<T> {
  findMany(args: {
    where: { workspaceId: string };
    orderBy: unknown;
    skip: number;
    take: number;
  }): Promise<T[]>;
  count(args: { where: { workspaceId: string } }): Promise<number>;
}

export interface WorkspaceLists {
  virtualNetworks: db.VirtualNetwork;
  networkSecurityGroups: db.NetworkSecurityGroup;
  applicationSecurityGroups: db.ApplicationSecurityGroup;
  networkInterfaces: db.NetworkInterface;
  virtualMachines: db.VirtualMachine;
  networkManagers: db.NetworkManager;
  serviceTags: db.ServiceTag;
}

function delegates(p: PrismaClient) {
  return {
    virtualNetworks: p.virtualNetwork,
    networkSecurityGroups: p.networkSecurityGroup,
    applicationSecurityGroups: p.applicationSecurityGroup,
    networkInterfaces: p.networkInterface,
    virtualMachines: p.virtualMachine,
    networkManagers: p.networkManager,
    serviceTags: p.serviceTag,
  } as unknown as { [K in keyof WorkspaceLists]: Delegate<WorkspaceLists[K]> };
}

export async function listWorkspaceResources<K extends keyof WorkspaceLists>(
  deps: ServiceDeps,
  kind: K,
  workspaceId: string,
  window: { skip: number; take: number },
): Promise<{ rows: WorkspaceLists[K][]; total: number }> {
  const delegate = delegates(deps.prisma)[kind] as Delegate<WorkspaceLists[K]>;
  const where = { workspaceId };
  const [rows, total] = await Promise.all([
    delegate.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      skip: window.skip,
      take: window.take,
    }),
    delegate.count({ where }),
  ]);
  return { rows, total };
}

export async function getWorkspaceStats(deps: ServiceDeps, workspaceId: string) {
  const p = deps.prisma;
  const where = { workspaceId };
  const [
    virtualNetworks,
    subnets,
    networkSecurityGroups,
    securityRules,
    applicationSecurityGroups,
    networkInterfaces,
  ] = await Promise.all([
    p.virtualNetwork.count({ where }),
    p.subnet.count({ where }),
    p.networkSecurityGroup.count({ where }),
    p.securityRule.count({ where }),
    p.applicationSecurityGroup.count({ where }),
    p.networkInterface.count({ where }),
  ]);
  const [virtualMachines, networkManagers, adminRules] = await Promise.all([
    p.virtualMachine.count({ where }),
    p.networkManager.count({ where }),
    p.adminRule.count({ where }),
  ]);
  return {
    virtualNetworks,
    subnets,
    networkSecurityGroups,
    securityRules,
    applicationSecurityGroups,
    networkInterfaces,
    virtualMachines,
    networkManagers,
    adminRules,
  };
}

export interface TopologyRef {
  id: string;
  name: string;
}

/** What the topology graph draws (the SDL's WorkspaceTopology), with ARM ids as references. */
export interface WorkspaceTopology {
  modelVersion: number;
  virtualNetworks: {
    id: string;
    name: string;
    addressPrefixes: string[];
    subnets: {
      id: string;
      name: string;
      addressPrefixes: string[];
      networkSecurityGroup: TopologyRef | null;
    }[];
    peerings: { name: string; remoteVirtualNetworkId: string | null; peeringState: string }[];
  }[];
  networkInterfaces: {
    id: string;
    name: string;
    networkSecurityGroup: TopologyRef | null;
    virtualMachineId: string | null;
    ipConfigurations: {
      privateIPAddress: string;
      subnetId: string | null;
      applicationSecurityGroups: TopologyRef[];
    }[];
  }[];
  virtualMachines: TopologyRef[];
}

/**
 * The whole topology of a workspace for drawing it: one query per table (each filtered by workspace_id, which
 * leads an index on every table), all in one repeatable-read snapshot with the workspace's version, selecting only
 * the columns the graph needs; rows are joined here by primary key. No per-row queries whatever the size.
 */
export async function getWorkspaceTopology(
  deps: ServiceDeps,
  workspaceId: string,
): Promise<WorkspaceTopology> {
  const p = deps.prisma;
  const where = { workspaceId };
  const named = { id: true, armId: true, name: true } as const;
  const [workspace, vnets, subnets, peerings, nsgs, asgs, nics, ipcs, asgLinks, vms] = await p.$transaction(
    [
      p.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { version: true } }),
      p.virtualNetwork.findMany({
        where,
        select: { ...named, addressPrefixes: true },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
      p.subnet.findMany({
        where,
        select: { ...named, virtualNetworkId: true, addressPrefixes: true, networkSecurityGroupId: true },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
      p.virtualNetworkPeering.findMany({
        where,
        select: { virtualNetworkId: true, name: true, remoteVirtualNetworkArmId: true, peeringState: true },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
      p.networkSecurityGroup.findMany({ where, select: named }),
      p.applicationSecurityGroup.findMany({ where, select: named }),
      p.networkInterface.findMany({
        where,
        select: { ...named, networkSecurityGroupId: true, virtualMachineId: true },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
      p.ipConfiguration.findMany({
        where,
        select: { id: true, networkInterfaceId: true, privateIPAddress: true, subnetId: true },
        orderBy: [{ primary: 'desc' }, { name: 'asc' }, { id: 'asc' }],
      }),
      p.ipConfigurationApplicationSecurityGroup.findMany({
        where,
        select: { ipConfigurationId: true, applicationSecurityGroupId: true },
      }),
      p.virtualMachine.findMany({ where, select: named, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    ],
    { isolationLevel: 'RepeatableRead' },
  );

  const ref = (row: { armId: string; name: string }): TopologyRef => ({ id: row.armId, name: row.name });
  const group = <T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = out.get(key);
      if (list) list.push(row);
      else out.set(key, [row]);
    }
    return out;
  };
  const nsgById = new Map(nsgs.map((n) => [n.id, ref(n)]));
  const asgById = new Map(asgs.map((a) => [a.id, ref(a)]));
  const subnetArmId = new Map(subnets.map((s) => [s.id, s.armId]));
  const vmArmId = new Map(vms.map((v) => [v.id, v.armId]));
  const subnetsByVnet = group(subnets, (s) => s.virtualNetworkId);
  const peeringsByVnet = group(peerings, (s) => s.virtualNetworkId);
  const ipcsByNic = group(ipcs, (c) => c.networkInterfaceId);
  const asgsByIpc = group(asgLinks, (l) => l.ipConfigurationId);

  return {
    modelVersion: workspace.version,
    virtualNetworks: vnets.map((v) => ({
      id: v.armId,
      name: v.name,
      addressPrefixes: v.addressPrefixes,
      subnets: (subnetsByVnet.get(v.id) ?? []).map((s) => ({
        id: s.armId,
        name: s.name,
        addressPrefixes: s.addressPrefixes,
        networkSecurityGroup: s.networkSecurityGroupId
          ? (nsgById.get(s.networkSecurityGroupId) ?? null)
          : null,
      })),
      peerings: (peeringsByVnet.get(v.id) ?? []).map((pe) => ({
        name: pe.name,
        remoteVirtualNetworkId: pe.remoteVirtualNetworkArmId,
        peeringState: pe.peeringState,
      })),
    })),
    networkInterfaces: nics.map((n) => ({
      id: n.armId,
      name: n.name,
      networkSecurityGroup: n.networkSecurityGroupId ? (nsgById.get(n.networkSecurityGroupId) ?? null) : null,
      virtualMachineId: n.virtualMachineId ? (vmArmId.get(n.virtualMachineId) ?? null) : null,
      ipConfigurations: (ipcsByNic.get(n.id) ?? []).map((c) => ({
        privateIPAddress: c.privateIPAddress,
        subnetId: subnetArmId.get(c.subnetId) ?? null,
        applicationSecurityGroups: (asgsByIpc.get(c.id) ?? []).flatMap((l) => {
          const asg = asgById.get(l.applicationSecurityGroupId);
          return asg ? [asg] : [];
        }),
      })),
    })),
    virtualMachines: vms.map(ref),
  };
}
