/**
 * NICs with their IP configurations, and VMs (which own NICs). Address syntax, address-in-subnet and duplicate
 * addresses are judged by the engine's parseNetwork inside writeWorkspace.
 */
import type { Tx } from '../db';
import { conflict, throwIfIssues, type IssueDetail } from '../errors';
import type {
  CreateIpConfigurationInput,
  CreateNetworkInterfaceInput,
  CreateVirtualMachineInput,
  DeleteResourceInput,
  IpConfigurationFieldsInput,
  UpdateIpConfigurationInput,
  UpdateNetworkInterfaceInput,
  UpdateVirtualMachineInput,
  VirtualMachineNetworkInterfaceInput,
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

interface ResolvedIpConfig {
  fields: IpConfigurationFieldsInput;
  subnetId: string;
  asgIds: string[];
}

async function resolveIpConfig(
  deps: ServiceDeps,
  workspaceId: string,
  fields: IpConfigurationFieldsInput,
  prefix: (string | number)[],
  issues: IssueDetail[],
): Promise<ResolvedIpConfig> {
  issues.push(...nameIssues(fields.name, [...prefix, 'name']));
  const subnet = await findReference(
    deps.prisma.subnet,
    workspaceId,
    fields.subnetId,
    'Subnet',
    [...prefix, 'subnetId'],
    issues,
  );
  const asgIds: string[] = [];
  for (const [i, id] of (fields.applicationSecurityGroupIds ?? []).entries()) {
    const asg = await findReference(
      deps.prisma.applicationSecurityGroup,
      workspaceId,
      id,
      'Application security group',
      [...prefix, 'applicationSecurityGroupIds', i],
      issues,
    );
    if (asg && !asgIds.includes(asg.id)) asgIds.push(asg.id);
  }
  return { fields, subnetId: subnet?.id ?? '', asgIds };
}

async function createIpConfigRow(
  tx: Tx,
  workspaceId: string,
  nic: { id: string; armId: string },
  c: ResolvedIpConfig,
  primary: boolean,
) {
  const row = await tx.ipConfiguration.create({
    data: {
      workspaceId,
      armId: `${nic.armId}/ipConfigurations/${c.fields.name}`,
      networkInterfaceId: nic.id,
      name: c.fields.name,
      privateIPAddress: c.fields.privateIPAddress,
      primary,
      subnetId: c.subnetId,
    },
  });
  if (c.asgIds.length) {
    await tx.ipConfigurationApplicationSecurityGroup.createMany({
      data: c.asgIds.map((a) => ({ workspaceId, ipConfigurationId: row.id, applicationSecurityGroupId: a })),
    });
  }
  return row;
}

export async function createNetworkInterface(deps: ServiceDeps, input: CreateNetworkInterfaceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const issues = topLevelIssues(input);
  if (input.ipConfigurations.length === 0) {
    issues.push({
      code: 'Required',
      path: ['input', 'ipConfigurations'],
      message: 'A NIC needs at least one IP configuration.',
    });
  }
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
  const configs: ResolvedIpConfig[] = [];
  for (const [i, c] of input.ipConfigurations.entries()) {
    configs.push(await resolveIpConfig(deps, ws.id, c, ['input', 'ipConfigurations', i], issues));
    if (input.ipConfigurations.slice(0, i).some((o) => o.name.toLowerCase() === c.name.toLowerCase())) {
      issues.push({
        code: 'DuplicateName',
        path: ['input', 'ipConfigurations', i, 'name'],
        message: `IP configuration '${c.name}' is listed twice.`,
      });
    }
  }
  const primaries = input.ipConfigurations.filter((c) => c.primary).length;
  if (primaries > 1) {
    issues.push({
      code: 'MultiplePrimary',
      path: ['input', 'ipConfigurations'],
      message: 'At most one IP configuration can be primary.',
    });
  }
  throwIfIssues(issues);
  const armId = topLevelArmId('Microsoft.Network', 'networkInterfaces', input);
  await requireAbsent(deps.prisma.networkInterface, ws.id, armId, 'Network interface');
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Network interface '${input.name}'`, pathPrefix: ['input', 'ipConfigurations'] },
    async (tx) => {
      const nic = await tx.networkInterface.create({
        data: {
          workspaceId: ws.id,
          armId,
          name: input.name,
          location: input.location ?? null,
          enableIPForwarding: input.enableIPForwarding ?? false,
          networkSecurityGroupId: nsg?.id ?? null,
        },
      });
      for (const [i, c] of configs.entries()) {
        await createIpConfigRow(tx, ws.id, nic, c, primaries === 0 ? i === 0 : Boolean(c.fields.primary));
      }
      return nic;
    },
  );
  return { networkInterface: value };
}

export async function updateNetworkInterface(deps: ServiceDeps, input: UpdateNetworkInterfaceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nic = await requireTarget(deps.prisma.networkInterface, ws.id, input.id, 'Network interface');
  checkVersion(nic, input.expectedVersion, 'Network interface');
  const { value } = await writeWorkspace(deps, ws.id, { what: `Network interface '${nic.name}'` }, (tx) =>
    tx.networkInterface.update({
      where: { id: nic.id },
      data: {
        ...defined({
          location: input.location ?? undefined,
          enableIPForwarding: input.enableIPForwarding ?? undefined,
        }),
        version: { increment: 1 },
      },
    }),
  );
  return { networkInterface: value };
}

export async function deleteNetworkInterface(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nic = await requireTarget(deps.prisma.networkInterface, ws.id, input.id, 'Network interface');
  if (nic.virtualMachineId) {
    throw conflict(
      'InUse',
      `Network interface '${nic.name}' is attached to a VM; detach it or delete the VM first.`,
      { field: 'id' },
    );
  }
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Network interface '${nic.name}'`, skipModelValidation: true },
    (tx) => tx.networkInterface.delete({ where: { id: nic.id } }),
  );
  return { deletedId: nic.armId };
}

export async function createIpConfiguration(deps: ServiceDeps, input: CreateIpConfigurationInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nic = await requireTarget(
    deps.prisma.networkInterface,
    ws.id,
    input.networkInterfaceId,
    'Network interface',
    'networkInterfaceId',
  );
  const issues: IssueDetail[] = [];
  const resolved = await resolveIpConfig(deps, ws.id, input, ['input'], issues);
  throwIfIssues(issues);
  await requireAbsent(
    deps.prisma.ipConfiguration,
    ws.id,
    `${nic.armId}/ipConfigurations/${input.name}`,
    'IP configuration',
  );
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `IP configuration '${input.name}'` },
    async (tx) => {
      if (input.primary) {
        await tx.ipConfiguration.updateMany({
          where: { networkInterfaceId: nic.id, primary: true },
          data: { primary: false },
        });
      }
      const hasOthers = (await tx.ipConfiguration.count({ where: { networkInterfaceId: nic.id } })) > 0;
      return createIpConfigRow(tx, ws.id, nic, resolved, Boolean(input.primary) || !hasOthers);
    },
  );
  return { ipConfiguration: value };
}

export async function updateIpConfiguration(deps: ServiceDeps, input: UpdateIpConfigurationInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const config = await requireTarget(deps.prisma.ipConfiguration, ws.id, input.id, 'IP configuration');
  checkVersion(config, input.expectedVersion, 'IP configuration');
  const issues: IssueDetail[] = [];
  const subnet = input.subnetId
    ? await findReference(deps.prisma.subnet, ws.id, input.subnetId, 'Subnet', ['input', 'subnetId'], issues)
    : null;
  throwIfIssues(issues);
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `IP configuration '${config.name}'` },
    async (tx) => {
      if (input.primary) {
        await tx.ipConfiguration.updateMany({
          where: { networkInterfaceId: config.networkInterfaceId, primary: true, id: { not: config.id } },
          data: { primary: false },
        });
      }
      return tx.ipConfiguration.update({
        where: { id: config.id },
        data: {
          ...defined({
            privateIPAddress: input.privateIPAddress ?? undefined,
            privateIPAddressVersion: input.privateIPAddress ? null : undefined,
            primary: input.primary ?? undefined,
            subnetId: subnet?.id,
          }),
          version: { increment: 1 },
        },
      });
    },
  );
  return { ipConfiguration: value };
}

export async function deleteIpConfiguration(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const config = await requireTarget(deps.prisma.ipConfiguration, ws.id, input.id, 'IP configuration');
  const siblings = await deps.prisma.ipConfiguration.count({
    where: { networkInterfaceId: config.networkInterfaceId },
  });
  if (siblings <= 1) {
    throw conflict(
      'LastIpConfiguration',
      'A NIC needs at least one IP configuration; delete the NIC instead.',
      { field: 'id' },
    );
  }
  await writeWorkspace(deps, ws.id, { what: `IP configuration '${config.name}'` }, async (tx) => {
    await tx.ipConfiguration.delete({ where: { id: config.id } });
    if (config.primary) {
      const next = await tx.ipConfiguration.findFirst({
        where: { networkInterfaceId: config.networkInterfaceId },
        orderBy: { name: 'asc' },
      });
      if (next) await tx.ipConfiguration.update({ where: { id: next.id }, data: { primary: true } });
    }
  });
  return { deletedId: config.armId };
}

// ---------------------------------------------------------------------------------------------------------------
// Virtual machines
// ---------------------------------------------------------------------------------------------------------------

async function resolveVmNics(
  deps: ServiceDeps,
  workspaceId: string,
  vmId: string | null,
  nics: readonly VirtualMachineNetworkInterfaceInput[],
  issues: IssueDetail[],
) {
  const resolved: { id: string; primary: boolean }[] = [];
  if (nics.length === 0) {
    issues.push({
      code: 'Required',
      path: ['input', 'networkInterfaces'],
      message: 'A VM needs at least one network interface.',
    });
  }
  if (nics.filter((n) => n.primary).length > 1) {
    issues.push({
      code: 'MultiplePrimary',
      path: ['input', 'networkInterfaces'],
      message: 'At most one NIC can be primary.',
    });
  }
  const anyPrimary = nics.some((n) => n.primary);
  for (const [i, n] of nics.entries()) {
    const path = ['input', 'networkInterfaces', i, 'id'];
    const nic = await findReference(
      deps.prisma.networkInterface,
      workspaceId,
      n.id,
      'Network interface',
      path,
      issues,
    );
    if (!nic) continue;
    if (nic.virtualMachineId && nic.virtualMachineId !== vmId) {
      issues.push({
        code: 'NicInUse',
        path,
        message: `Network interface '${nic.name}' is already attached to another VM.`,
      });
    }
    if (resolved.some((r) => r.id === nic.id)) {
      issues.push({
        code: 'DuplicateNic',
        path,
        message: `Network interface '${nic.name}' is listed twice.`,
      });
    }
    resolved.push({ id: nic.id, primary: anyPrimary ? Boolean(n.primary) : i === 0 });
  }
  return resolved;
}

async function attachNics(tx: Tx, vmId: string, nics: { id: string; primary: boolean }[]) {
  await tx.networkInterface.updateMany({
    where: { virtualMachineId: vmId },
    data: { virtualMachineId: null, primary: false },
  });
  for (const n of nics) {
    await tx.networkInterface.update({
      where: { id: n.id },
      data: { virtualMachineId: vmId, primary: n.primary, version: { increment: 1 } },
    });
  }
}

export async function createVirtualMachine(deps: ServiceDeps, input: CreateVirtualMachineInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const issues = topLevelIssues(input);
  const nics = await resolveVmNics(deps, ws.id, null, input.networkInterfaces, issues);
  throwIfIssues(issues);
  const armId = topLevelArmId('Microsoft.Compute', 'virtualMachines', input);
  await requireAbsent(deps.prisma.virtualMachine, ws.id, armId, 'Virtual machine');
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Virtual machine '${input.name}'` },
    async (tx) => {
      const vm = await tx.virtualMachine.create({
        data: {
          workspaceId: ws.id,
          armId,
          name: input.name,
          location: input.location,
          powerState: input.powerState ?? null,
        },
      });
      await attachNics(tx, vm.id, nics);
      return vm;
    },
  );
  return { virtualMachine: value };
}

export async function updateVirtualMachine(deps: ServiceDeps, input: UpdateVirtualMachineInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const vm = await requireTarget(deps.prisma.virtualMachine, ws.id, input.id, 'Virtual machine');
  checkVersion(vm, input.expectedVersion, 'Virtual machine');
  const issues: IssueDetail[] = [];
  const nics = input.networkInterfaces
    ? await resolveVmNics(deps, ws.id, vm.id, input.networkInterfaces, issues)
    : null;
  throwIfIssues(issues);
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Virtual machine '${vm.name}'` },
    async (tx) => {
      if (nics) await attachNics(tx, vm.id, nics);
      return tx.virtualMachine.update({
        where: { id: vm.id },
        data: {
          ...defined({
            location: input.location ?? undefined,
            powerState: input.powerState === undefined ? undefined : input.powerState,
          }),
          version: { increment: 1 },
        },
      });
    },
  );
  return { virtualMachine: value };
}

export async function deleteVirtualMachine(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const vm = await requireTarget(deps.prisma.virtualMachine, ws.id, input.id, 'Virtual machine');
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Virtual machine '${vm.name}'`, skipModelValidation: true },
    async (tx) => {
      await tx.networkInterface.updateMany({
        where: { virtualMachineId: vm.id },
        data: { virtualMachineId: null, primary: false },
      });
      await tx.virtualMachine.delete({ where: { id: vm.id } });
    },
  );
  return { deletedId: vm.armId };
}
