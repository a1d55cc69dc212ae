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
