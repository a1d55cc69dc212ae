/**
 * Application security groups and their membership (IP configurations).
 */
import { conflict, throwIfIssues, type IssueDetail } from '../errors';
import type {
  ApplicationSecurityGroupMemberInput,
  CreateApplicationSecurityGroupInput,
  DeleteResourceInput,
  UpdateApplicationSecurityGroupInput,
} from '../generated/graphql';
import type { ServiceDeps } from './deps';
import {
  checkVersion,
  defined,
  findReference,
  regionIssues,
  requireAbsent,
  requireTarget,
  topLevelArmId,
  topLevelIssues,
} from './resources';
import { writeWorkspace } from './write-workspace';
import { requireWorkspace } from './workspaces';

export async function createApplicationSecurityGroup(
  deps: ServiceDeps,
  input: CreateApplicationSecurityGroupInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  throwIfIssues(topLevelIssues(input));
  const armId = topLevelArmId('Microsoft.Network', 'applicationSecurityGroups', input);
  await requireAbsent(deps.prisma.applicationSecurityGroup, ws.id, armId, 'Application security group');
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Application security group '${input.name}'` },
    (tx) =>
      tx.applicationSecurityGroup.create({
        data: { workspaceId: ws.id, armId, name: input.name, location: input.location ?? null },
      }),
  );
  return { applicationSecurityGroup: value };
}

export async function updateApplicationSecurityGroup(
  deps: ServiceDeps,
  input: UpdateApplicationSecurityGroupInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  const asg = await requireTarget(
    deps.prisma.applicationSecurityGroup,
    ws.id,
    input.id,
    'Application security group',
  );
  checkVersion(asg, input.expectedVersion, 'Application security group');
  if (typeof input.location === 'string')
    throwIfIssues(regionIssues(input.location, ['input', 'location'], 'InvalidLocation'));
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Application security group '${asg.name}'` },
    (tx) =>
      tx.applicationSecurityGroup.update({
        where: { id: asg.id },
        data: { ...defined({ location: input.location }), version: { increment: 1 } },
      }),
  );
  return { applicationSecurityGroup: value };
}

export async function deleteApplicationSecurityGroup(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const asg = await requireTarget(
    deps.prisma.applicationSecurityGroup,
    ws.id,
    input.id,
    'Application security group',
  );
  const [rules, members] = await Promise.all([
    deps.prisma.securityRuleApplicationSecurityGroup.count({ where: { applicationSecurityGroupId: asg.id } }),
    deps.prisma.ipConfigurationApplicationSecurityGroup.count({
      where: { applicationSecurityGroupId: asg.id },
    }),
  ]);
  if (rules + members > 0) {
    throw conflict(
      'InUse',
      `Application security group '${asg.name}' is used by ${rules} security rule(s) and ${members} IP configuration(s); remove those references first.`,
      { field: 'id' },
    );
  }
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Application security group '${asg.name}'`, skipModelValidation: true },
    (tx) => tx.applicationSecurityGroup.delete({ where: { id: asg.id } }),
  );
  return { deletedId: asg.armId };
}

async function resolveMember(deps: ServiceDeps, input: ApplicationSecurityGroupMemberInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const issues: IssueDetail[] = [];
  const asg = await findReference(
    deps.prisma.applicationSecurityGroup,
    ws.id,
    input.applicationSecurityGroupId,
    'Application security group',
    ['input', 'applicationSecurityGroupId'],
    issues,
  );
  const ipConfiguration = await findReference(
    deps.prisma.ipConfiguration,
    ws.id,
    input.ipConfigurationId,
    'IP configuration',
    ['input', 'ipConfigurationId'],
    issues,
  );
  throwIfIssues(issues);
  return { ws, asg: asg!, ipConfiguration: ipConfiguration! };
}

export async function addApplicationSecurityGroupMember(
  deps: ServiceDeps,
  input: ApplicationSecurityGroupMemberInput,
) {
  const { ws, asg, ipConfiguration } = await resolveMember(deps, input);
  const key = { ipConfigurationId: ipConfiguration.id, applicationSecurityGroupId: asg.id };
  await writeWorkspace(deps, ws.id, { what: `Membership in '${asg.name}'` }, async (tx) => {
    const existing = await tx.ipConfigurationApplicationSecurityGroup.findUnique({
      where: { ipConfigurationId_applicationSecurityGroupId: key },
    });
    if (!existing)
      await tx.ipConfigurationApplicationSecurityGroup.create({ data: { workspaceId: ws.id, ...key } });
    await tx.ipConfiguration.update({
      where: { id: ipConfiguration.id },
      data: { version: { increment: 1 } },
    });
  });
  return {
    applicationSecurityGroup: asg,
    ipConfiguration: { ...ipConfiguration, version: ipConfiguration.version + 1 },
  };
}

export async function removeApplicationSecurityGroupMember(
  deps: ServiceDeps,
  input: ApplicationSecurityGroupMemberInput,
) {
  const { ws, asg, ipConfiguration } = await resolveMember(deps, input);
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Membership in '${asg.name}'`, skipModelValidation: true },
    async (tx) => {
      await tx.ipConfigurationApplicationSecurityGroup.deleteMany({
        where: { ipConfigurationId: ipConfiguration.id, applicationSecurityGroupId: asg.id },
      });
      await tx.ipConfiguration.update({
        where: { id: ipConfiguration.id },
        data: { version: { increment: 1 } },
      });
    },
  );
  return {
    applicationSecurityGroup: asg,
    ipConfiguration: { ...ipConfiguration, version: ipConfiguration.version + 1 },
  };
}
