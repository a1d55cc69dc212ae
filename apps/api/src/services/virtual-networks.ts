/**
 * Virtual networks, subnets and peerings. Prefix syntax, subnet-in-VNet containment and overlaps are judged by the
 * engine's parseNetwork inside writeWorkspace.
 */
import { conflict, throwIfIssues, type IssueDetail } from '../errors';
import type {
  CreateSubnetInput,
  CreateVirtualNetworkInput,
  CreateVirtualNetworkPeeringInput,
  DeleteResourceInput,
  UpdateSubnetInput,
  UpdateVirtualNetworkInput,
  UpdateVirtualNetworkPeeringInput,
} from '../generated/graphql';
import type { ServiceDeps } from './deps';
import {
  checkVersion,
  defined,
  findReference,
  nameIssues,
  requireAbsent,
  requireTarget,
  topLevelArmId,
  topLevelIssues,
} from './resources';
import { writeWorkspace } from './write-workspace';
import { requireWorkspace } from './workspaces';

const PEERING_STATES = ['Initiated', 'Connected', 'Disconnected'] as const;

function nonEmpty(list: readonly string[], path: (string | number)[], what: string): IssueDetail[] {
  return list.length ? [] : [{ code: 'Required', path, message: `At least one ${what} is required.` }];
}

export async function createVirtualNetwork(deps: ServiceDeps, input: CreateVirtualNetworkInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  throwIfIssues([
    ...topLevelIssues(input),
    ...nonEmpty(input.addressPrefixes, ['input', 'addressPrefixes'], 'address prefix'),
  ]);
  const armId = topLevelArmId('Microsoft.Network', 'virtualNetworks', input);
  await requireAbsent(deps.prisma.virtualNetwork, ws.id, armId, 'Virtual network');
  const { value } = await writeWorkspace(deps, ws.id, { what: `Virtual network '${input.name}'` }, (tx) =>
    tx.virtualNetwork.create({
      data: {
        workspaceId: ws.id,
        armId,
        name: input.name,
        location: input.location,
        addressPrefixes: input.addressPrefixes,
        extraVirtualNetworkPrefixes: input.extraVirtualNetworkPrefixes ?? [],
        adminRulesExempt: input.adminRulesExempt ?? false,
      },
    }),
  );
  return { virtualNetwork: value };
}

export async function updateVirtualNetwork(deps: ServiceDeps, input: UpdateVirtualNetworkInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const vnet = await requireTarget(deps.prisma.virtualNetwork, ws.id, input.id, 'Virtual network');
  checkVersion(vnet, input.expectedVersion, 'Virtual network');
  if (input.addressPrefixes)
    throwIfIssues(nonEmpty(input.addressPrefixes, ['input', 'addressPrefixes'], 'address prefix'));
  const { value } = await writeWorkspace(deps, ws.id, { what: `Virtual network '${vnet.name}'` }, (tx) =>
    tx.virtualNetwork.update({
      where: { id: vnet.id },
      data: {
        ...defined({
          location: input.location ?? undefined,
          addressPrefixes: input.addressPrefixes ?? undefined,
          extraVirtualNetworkPrefixes: input.extraVirtualNetworkPrefixes ?? undefined,
          adminRulesExempt: input.adminRulesExempt ?? undefined,
        }),
        version: { increment: 1 },
      },
    }),
  );
  return { virtualNetwork: value };
}

export async function deleteVirtualNetwork(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const vnet = await requireTarget(deps.prisma.virtualNetwork, ws.id, input.id, 'Virtual network');
  const inUse = await deps.prisma.ipConfiguration.count({ where: { subnet: { virtualNetworkId: vnet.id } } });
  if (inUse > 0) {
    throw conflict(
      'InUse',
      `Virtual network '${vnet.name}' has ${inUse} IP configuration(s) in its subnets; delete or move them first.`,
      {
        field: 'id',
      },
    );
  }
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Virtual network '${vnet.name}'`, skipModelValidation: true },
    (tx) => tx.virtualNetwork.delete({ where: { id: vnet.id } }),
  );
  return { deletedId: vnet.armId };
}

export async function createSubnet(deps: ServiceDeps, input: CreateSubnetInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const vnet = await requireTarget(
    deps.prisma.virtualNetwork,
    ws.id,
    input.virtualNetworkId,
    'Virtual network',
    'virtualNetworkId',
  );
  const issues = [
    ...nameIssues(input.name, ['input', 'name']),
    ...nonEmpty(input.addressPrefixes, ['input', 'addressPrefixes'], 'address prefix'),
  ];
  const nsg = input.networkSecurityGroupId
    ? await findReference(
        deps.prisma.networkSecurityGroup,
        ws.id,
        input.networkSecurityGroupId,
        'Network security group',
        ['input', 'networkSecurityGroupId'],
        issues,
      )
    : null;
  throwIfIssues(issues);
  const armId = `${vnet.armId}/subnets/${input.name}`;
  await requireAbsent(deps.prisma.subnet, ws.id, armId, 'Subnet');
  const { value } = await writeWorkspace(deps, ws.id, { what: `Subnet '${input.name}'` }, (tx) =>
    tx.subnet.create({
      data: {
        workspaceId: ws.id,
        armId,
        virtualNetworkId: vnet.id,
        name: input.name,
        addressPrefixes: input.addressPrefixes,
        networkSecurityGroupId: nsg?.id ?? null,
        adminRulesExempt: input.adminRulesExempt ?? false,
      },
    }),
  );
  return { subnet: value };
}

export async function updateSubnet(deps: ServiceDeps, input: UpdateSubnetInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const subnet = await requireTarget(deps.prisma.subnet, ws.id, input.id, 'Subnet');
  checkVersion(subnet, input.expectedVersion, 'Subnet');
  if (input.addressPrefixes)
    throwIfIssues(nonEmpty(input.addressPrefixes, ['input', 'addressPrefixes'], 'address prefix'));
  const { value } = await writeWorkspace(deps, ws.id, { what: `Subnet '${subnet.name}'` }, (tx) =>
    tx.subnet.update({
      where: { id: subnet.id },
      data: {
        ...defined({
          addressPrefixes: input.addressPrefixes ?? undefined,
          adminRulesExempt: input.adminRulesExempt ?? undefined,
        }),
        version: { increment: 1 },
      },
    }),
  );
  return { subnet: value };
}

export async function deleteSubnet(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const subnet = await requireTarget(deps.prisma.subnet, ws.id, input.id, 'Subnet');
  const inUse = await deps.prisma.ipConfiguration.count({ where: { subnetId: subnet.id } });
  if (inUse > 0) {
    throw conflict(
      'InUse',
      `Subnet '${subnet.name}' has ${inUse} IP configuration(s); delete or move them first.`,
      { field: 'id' },
    );
  }
  await writeWorkspace(deps, ws.id, { what: `Subnet '${subnet.name}'`, skipModelValidation: true }, (tx) =>
    tx.subnet.delete({ where: { id: subnet.id } }),
  );
  return { deletedId: subnet.armId };
}

export async function createVirtualNetworkPeering(
  deps: ServiceDeps,
  input: CreateVirtualNetworkPeeringInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  const vnet = await requireTarget(
    deps.prisma.virtualNetwork,
    ws.id,
    input.virtualNetworkId,
    'Virtual network',
    'virtualNetworkId',
  );
  const issues = nameIssues(input.name, ['input', 'name']);
  const state = PEERING_STATES.find(
    (s) => s.toLowerCase() === (input.peeringState ?? 'Connected').toLowerCase(),
  );
  if (!state) {
    issues.push({
      code: 'InvalidPeeringState',
      path: ['input', 'peeringState'],
      message: `peeringState must be one of ${PEERING_STATES.join(', ')}.`,
    });
  }
  const remote = input.remoteVirtualNetworkId
    ? await deps.prisma.virtualNetwork.findFirst({
        where: { workspaceId: ws.id, armId: { equals: input.remoteVirtualNetworkId, mode: 'insensitive' } },
      })
    : null;
  const remotePrefixes = input.remoteAddressPrefixes ?? remote?.addressPrefixes ?? [];
  if (remotePrefixes.length === 0) {
    issues.push({
      code: 'Required',
      path: ['input', 'remoteAddressPrefixes'],
      message: 'remoteAddressPrefixes is required when the remote VNet is not modelled in this workspace.',
    });
  }
  throwIfIssues(issues);
  const armId = `${vnet.armId}/virtualNetworkPeerings/${input.name}`;
  await requireAbsent(deps.prisma.virtualNetworkPeering, ws.id, armId, 'Peering');
  const { value } = await writeWorkspace(deps, ws.id, { what: `Peering '${input.name}'` }, (tx) =>
    tx.virtualNetworkPeering.create({
      data: {
        workspaceId: ws.id,
        armId,
        virtualNetworkId: vnet.id,
        name: input.name,
        remoteVirtualNetworkArmId: remote?.armId ?? input.remoteVirtualNetworkId ?? null,
        remoteVirtualNetworkId: remote?.id ?? null,
        remoteAddressPrefixes: remotePrefixes,
        allowVirtualNetworkAccess: input.allowVirtualNetworkAccess ?? true,
        peeringState: state!,
      },
    }),
  );
  return { virtualNetworkPeering: value };
}

/**
 * Patches a peering. The remote prefixes' syntax is judged by the engine inside writeWorkspace (as on create); a
 * new remote VNet without new prefixes takes the remote's prefixes when it is modelled here, else they are required.
 */
export async function updateVirtualNetworkPeering(
  deps: ServiceDeps,
  input: UpdateVirtualNetworkPeeringInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  const peering = await requireTarget(deps.prisma.virtualNetworkPeering, ws.id, input.id, 'Peering');
  checkVersion(peering, input.expectedVersion, 'Peering');
  const issues: IssueDetail[] = [];
  let state: (typeof PEERING_STATES)[number] | undefined;
  if (input.peeringState != null) {
    state = PEERING_STATES.find((s) => s.toLowerCase() === input.peeringState!.toLowerCase());
    if (!state) {
      issues.push({
        code: 'InvalidPeeringState',
        path: ['input', 'peeringState'],
        message: `peeringState must be one of ${PEERING_STATES.join(', ')}.`,
      });
    }
  }
  if (input.remoteAddressPrefixes)
    issues.push(
      ...nonEmpty(input.remoteAddressPrefixes, ['input', 'remoteAddressPrefixes'], 'remote prefix'),
    );
  const remoteArmId = input.remoteVirtualNetworkId?.trim() || null;
  if (input.remoteVirtualNetworkId != null && !remoteArmId) {
    issues.push({
      code: 'Required',
      path: ['input', 'remoteVirtualNetworkId'],
      message: 'remoteVirtualNetworkId must not be empty (omit it to keep the current remote VNet).',
    });
  }
  const remoteChanges =
    !!remoteArmId && remoteArmId.toLowerCase() !== (peering.remoteVirtualNetworkArmId ?? '').toLowerCase();
  const remote = remoteArmId
    ? await deps.prisma.virtualNetwork.findFirst({
        where: { workspaceId: ws.id, armId: { equals: remoteArmId, mode: 'insensitive' } },
      })
    : null;
  let remotePrefixes = input.remoteAddressPrefixes ?? undefined;
  if (!remotePrefixes && remoteChanges) {
    if (remote) remotePrefixes = remote.addressPrefixes;
    else {
      issues.push({
        code: 'Required',
        path: ['input', 'remoteAddressPrefixes'],
        message:
          'remoteAddressPrefixes is required when the new remote VNet is not modelled in this workspace.',
      });
    }
  }
  throwIfIssues(issues);
  const { value } = await writeWorkspace(deps, ws.id, { what: `Peering '${peering.name}'` }, (tx) =>
    tx.virtualNetworkPeering.update({
      where: { id: peering.id },
      data: {
        ...defined({
          remoteVirtualNetworkArmId: remoteArmId ? (remote?.armId ?? remoteArmId) : undefined,
          remoteVirtualNetworkId: remoteArmId ? (remote?.id ?? null) : undefined,
          remoteAddressPrefixes: remotePrefixes,
          allowVirtualNetworkAccess: input.allowVirtualNetworkAccess ?? undefined,
          peeringState: state,
        }),
        version: { increment: 1 },
      },
    }),
  );
  return { virtualNetworkPeering: value };
}

export async function deleteVirtualNetworkPeering(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const peering = await requireTarget(deps.prisma.virtualNetworkPeering, ws.id, input.id, 'Peering');
  await writeWorkspace(deps, ws.id, { what: `Peering '${peering.name}'`, skipModelValidation: true }, (tx) =>
    tx.virtualNetworkPeering.delete({ where: { id: peering.id } }),
  );
  return { deletedId: peering.armId };
}
