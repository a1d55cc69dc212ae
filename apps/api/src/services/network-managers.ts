/**
 * Azure Virtual Network Manager objects: managers, network groups (static members), security admin
 * configurations, rule collections, admin rules (validated by the engine's validateAdminRule) and deployments.
 */
import type * as db from '../db';
import { validateAdminRule, type AdminRuleInput } from '../engine';
import { conflict, notFound, throwIfIssues, type IssueDetail } from '../errors';
import type {
  AdminAddressItemInput,
  AdminRuleFieldsInput,
  CreateAdminRuleCollectionInput,
  CreateAdminRuleInput,
  CreateNetworkGroupInput,
  CreateNetworkManagerInput,
  CreateSecurityAdminConfigurationInput,
  DeleteResourceInput,
  DeployNetworkManagerConfigurationsInput,
  NetworkGroupMemberInput,
  UpdateAdminRuleCollectionInput,
  UpdateAdminRuleInput,
  UpdateNetworkGroupInput,
  UpdateNetworkManagerInput,
  UpdateSecurityAdminConfigurationInput,
} from '../generated/graphql';
import {
  ADDRESS_PREFIX_TYPE,
  ADMIN_ACCESS,
  ADMIN_KIND,
  DIRECTION,
  MEMBER_TYPE,
  PROTOCOL,
} from '../schema/enums';
import type { ServiceDeps } from './deps';
import {
  checkVersion,
  defined,
  findReference,
  nameIssues,
  regionIssues,
  requireAbsent,
  requireTarget,
  topLevelArmId,
  topLevelIssues,
  type Tx,
} from './resources';
import { writeWorkspace } from './write-workspace';
import { requireWorkspace } from './workspaces';

const APPLY_ON = ['None', 'All', 'AllowRulesOnly'] as const;
const DEPLOYMENT_TYPES = ['SecurityAdmin', 'Connectivity', 'Routing', 'SecurityUser'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Managers
// ---------------------------------------------------------------------------------------------------------------

export async function createNetworkManager(deps: ServiceDeps, input: CreateNetworkManagerInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  throwIfIssues(topLevelIssues(input));
  const armId = topLevelArmId('Microsoft.Network', 'networkManagers', input);
  await requireAbsent(deps.prisma.networkManager, ws.id, armId, 'Network manager');
  const { value } = await writeWorkspace(deps, ws.id, { what: `Network manager '${input.name}'` }, (tx) =>
    tx.networkManager.create({
      data: {
        workspaceId: ws.id,
        armId,
        name: input.name,
        managementGroups: input.scopeManagementGroups ?? [],
        subscriptions: input.scopeSubscriptions ?? [],
        scopeAccesses: ['SecurityAdmin'],
      },
    }),
  );
  return { networkManager: value };
}

export async function updateNetworkManager(deps: ServiceDeps, input: UpdateNetworkManagerInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nm = await requireTarget(deps.prisma.networkManager, ws.id, input.id, 'Network manager');
  checkVersion(nm, input.expectedVersion, 'Network manager');
  const { value } = await writeWorkspace(deps, ws.id, { what: `Network manager '${nm.name}'` }, (tx) =>
    tx.networkManager.update({
      where: { id: nm.id },
      data: {
        managementGroups: input.scopeManagementGroups ?? undefined,
        subscriptions: input.scopeSubscriptions ?? undefined,
        version: { increment: 1 },
      },
    }),
  );
  return { networkManager: value };
}

export async function deleteNetworkManager(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nm = await requireTarget(deps.prisma.networkManager, ws.id, input.id, 'Network manager');
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Network manager '${nm.name}'`, skipModelValidation: true },
    (tx) => tx.networkManager.delete({ where: { id: nm.id } }),
  );
  return { deletedId: nm.armId };
}

// ---------------------------------------------------------------------------------------------------------------
// Network groups
// ---------------------------------------------------------------------------------------------------------------

function memberIssues(
  memberType: db.NetworkGroup['memberType'],
  resourceId: string,
  path: (string | number)[],
): IssueDetail[] {
  const isSubnet = /\/subnets\/[^/]+$/i.test(resourceId);
  const isVnet = /\/virtualNetworks\/[^/]+$/i.test(resourceId);
  if (memberType === 'Subnet' ? !isSubnet : !isVnet) {
    return [
      {
        code: 'InvalidMember',
        path,
        message: `A ${memberType} network group takes ${memberType === 'Subnet' ? 'subnet' : 'virtual network'} ids; '${resourceId}' is not one.`,
      },
    ];
  }
  return [];
}

export async function createNetworkGroup(deps: ServiceDeps, input: CreateNetworkGroupInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nm = await requireTarget(
    deps.prisma.networkManager,
    ws.id,
    input.networkManagerId,
    'Network manager',
    'networkManagerId',
  );
  const memberType = MEMBER_TYPE[input.memberType];
  const issues = nameIssues(input.name, ['input', 'name']);
  const members = [...new Map((input.staticMemberIds ?? []).map((m) => [m.toLowerCase(), m])).values()];
  for (const [i, m] of members.entries())
    issues.push(...memberIssues(memberType, m, ['input', 'staticMemberIds', i]));
  throwIfIssues(issues);
  const armId = `${nm.armId}/networkGroups/${input.name}`;
  await requireAbsent(deps.prisma.networkGroup, ws.id, armId, 'Network group');
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Network group '${input.name}'` },
    async (tx) => {
      const group = await tx.networkGroup.create({
        data: { workspaceId: ws.id, armId, networkManagerId: nm.id, name: input.name, memberType },
      });
      if (members.length) {
        await tx.networkGroupStaticMember.createMany({
          data: members.map((resourceId) => ({ workspaceId: ws.id, networkGroupId: group.id, resourceId })),
        });
      }
      return group;
    },
  );
  return { networkGroup: value };
}

/**
 * Patches a network group: description, and memberType while the group has no static members (checked under the
 * workspace lock, so a member added meanwhile is seen).
 */
export async function updateNetworkGroup(deps: ServiceDeps, input: UpdateNetworkGroupInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const group = await requireTarget(deps.prisma.networkGroup, ws.id, input.id, 'Network group');
  checkVersion(group, input.expectedVersion, 'Network group');
  const memberType = input.memberType ? MEMBER_TYPE[input.memberType] : undefined;
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Network group '${group.name}'` },
    async (tx) => {
      if (memberType && memberType !== group.memberType) {
        const members = await tx.networkGroupStaticMember.count({ where: { networkGroupId: group.id } });
        if (members > 0) {
          throwIfIssues([
            {
              code: 'MemberTypeInUse',
              path: ['input', 'memberType'],
              message: `Network group '${group.name}' has ${members} static member(s) of type ${group.memberType}; remove them before changing memberType.`,
            },
          ]);
        }
      }
      return tx.networkGroup.update({
        where: { id: group.id },
        data: { ...defined({ description: input.description, memberType }), version: { increment: 1 } },
      });
    },
  );
  return { networkGroup: value };
}

export async function deleteNetworkGroup(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const group = await requireTarget(deps.prisma.networkGroup, ws.id, input.id, 'Network group');
  const used = await deps.prisma.adminRuleCollectionNetworkGroup.count({
    where: { networkGroupId: group.id },
  });
  if (used > 0) {
    throw conflict(
      'InUse',
      `Network group '${group.name}' is targeted by ${used} rule collection(s); remove it from them first.`,
      { field: 'id' },
    );
  }
  await writeWorkspace(deps, ws.id, { what: `Network group '${group.name}'` }, (tx) =>
    tx.networkGroup.delete({ where: { id: group.id } }),
  );
  return { deletedId: group.armId };
}

export async function addNetworkGroupMember(deps: ServiceDeps, input: NetworkGroupMemberInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const group = await requireTarget(
    deps.prisma.networkGroup,
    ws.id,
    input.networkGroupId,
    'Network group',
    'networkGroupId',
  );
  throwIfIssues(memberIssues(group.memberType, input.resourceId, ['input', 'resourceId']));
  const { value } = await writeWorkspace(deps, ws.id, { what: `Member of '${group.name}'` }, async (tx) => {
    const existing = await tx.networkGroupStaticMember.findFirst({
      where: { networkGroupId: group.id, resourceId: { equals: input.resourceId, mode: 'insensitive' } },
    });
    if (!existing) {
      await tx.networkGroupStaticMember.create({
        data: { workspaceId: ws.id, networkGroupId: group.id, resourceId: input.resourceId },
      });
    }
    return tx.networkGroup.update({ where: { id: group.id }, data: { version: { increment: 1 } } });
  });
  return { networkGroup: value };
}

export async function removeNetworkGroupMember(deps: ServiceDeps, input: NetworkGroupMemberInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const group = await requireTarget(
    deps.prisma.networkGroup,
    ws.id,
    input.networkGroupId,
    'Network group',
    'networkGroupId',
  );
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Member of '${group.name}'`, skipModelValidation: true },
    async (tx) => {
      const removed = await tx.networkGroupStaticMember.deleteMany({
        where: { networkGroupId: group.id, resourceId: { equals: input.resourceId, mode: 'insensitive' } },
      });
      if (removed.count === 0) {
        throwIfIssues([
          {
            code: 'NotFound',
            path: ['input', 'resourceId'],
            message: `'${input.resourceId}' is not a member of '${group.name}'.`,
          },
        ]);
      }
      return tx.networkGroup.update({ where: { id: group.id }, data: { version: { increment: 1 } } });
    },
  );
  return { networkGroup: value };
}

// ---------------------------------------------------------------------------------------------------------------
// Security admin configurations and rule collections
// ---------------------------------------------------------------------------------------------------------------

/** `applyOnNetworkIntentPolicyBasedServices` in any case → its canonical spelling; an issue when unknown. */
function parseApplyOn(value: string, issues: IssueDetail[]): (typeof APPLY_ON)[number] | undefined {
  const found = APPLY_ON.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) {
    issues.push({
      code: 'InvalidValue',
      path: ['input', 'applyOnNetworkIntentPolicyBasedServices'],
      message: `Must be one of ${APPLY_ON.join(', ')}.`,
    });
  }
  return found;
}

export async function createSecurityAdminConfiguration(
  deps: ServiceDeps,
  input: CreateSecurityAdminConfigurationInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nm = await requireTarget(
    deps.prisma.networkManager,
    ws.id,
    input.networkManagerId,
    'Network manager',
    'networkManagerId',
  );
  const issues = nameIssues(input.name, ['input', 'name']);
  const applyOn = parseApplyOn(input.applyOnNetworkIntentPolicyBasedServices ?? 'None', issues);
  throwIfIssues(issues);
  const armId = `${nm.armId}/securityAdminConfigurations/${input.name}`;
  await requireAbsent(deps.prisma.securityAdminConfiguration, ws.id, armId, 'Security admin configuration');
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Security admin configuration '${input.name}'` },
    (tx) =>
      tx.securityAdminConfiguration.create({
        data: {
          workspaceId: ws.id,
          armId,
          networkManagerId: nm.id,
          name: input.name,
          applyOnNetworkIntentPolicyBasedServices: applyOn!,
        },
      }),
  );
  return { securityAdminConfiguration: value };
}

export async function updateSecurityAdminConfiguration(
  deps: ServiceDeps,
  input: UpdateSecurityAdminConfigurationInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  const config = await requireTarget(
    deps.prisma.securityAdminConfiguration,
    ws.id,
    input.id,
    'Security admin configuration',
  );
  checkVersion(config, input.expectedVersion, 'Security admin configuration');
  const issues: IssueDetail[] = [];
  const given = input.applyOnNetworkIntentPolicyBasedServices;
  const applyOn = given != null ? parseApplyOn(given, issues) : undefined;
  throwIfIssues(issues);
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Security admin configuration '${config.name}'` },
    (tx) =>
      tx.securityAdminConfiguration.update({
        where: { id: config.id },
        data: {
          ...defined({
            description: input.description,
            applyOnNetworkIntentPolicyBasedServices: applyOn,
          }),
          version: { increment: 1 },
        },
      }),
  );
  return { securityAdminConfiguration: value };
}

export async function deleteSecurityAdminConfiguration(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const config = await requireTarget(
    deps.prisma.securityAdminConfiguration,
    ws.id,
    input.id,
    'Security admin configuration',
  );
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Security admin configuration '${config.name}'`, skipModelValidation: true },
    async (tx) => {
      // Deployed goal states stop naming it.
      const deployments = await tx.networkManagerDeployment.findMany({
        where: { networkManagerId: config.networkManagerId },
      });
      for (const d of deployments) {
        const ids = d.configurationIds.filter((id) => id.toLowerCase() !== config.armId.toLowerCase());
        if (ids.length !== d.configurationIds.length) {
          await tx.networkManagerDeployment.update({
            where: { id: d.id },
            data: { configurationIds: ids, version: { increment: 1 } },
          });
        }
      }
      await tx.securityAdminConfiguration.delete({ where: { id: config.id } });
    },
  );
  return { deletedId: config.armId };
}

async function resolveGroups(
  deps: ServiceDeps,
  workspaceId: string,
  networkManagerId: string,
  ids: readonly string[],
  issues: IssueDetail[],
) {
  const groups: db.NetworkGroup[] = [];
  for (const [i, id] of ids.entries()) {
    const g = await findReference(
      deps.prisma.networkGroup,
      workspaceId,
      id,
      'Network group',
      ['input', 'appliesToGroupIds', i],
      issues,
    );
    if (g && g.networkManagerId !== networkManagerId) {
      issues.push({
        code: 'ForeignNetworkGroup',
        path: ['input', 'appliesToGroupIds', i],
        message: `Network group '${g.name}' belongs to another network manager.`,
      });
    } else if (g && !groups.some((x) => x.id === g.id)) groups.push(g);
  }
  return groups;
}

export async function createAdminRuleCollection(deps: ServiceDeps, input: CreateAdminRuleCollectionInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const config = await requireTarget(
    deps.prisma.securityAdminConfiguration,
    ws.id,
    input.securityAdminConfigurationId,
    'Security admin configuration',
    'securityAdminConfigurationId',
  );
  const issues = nameIssues(input.name, ['input', 'name']);
  const groups = await resolveGroups(deps, ws.id, config.networkManagerId, input.appliesToGroupIds, issues);
  if (input.appliesToGroupIds.length === 0) {
    issues.push({
      code: 'Required',
      path: ['input', 'appliesToGroupIds'],
      message: 'A rule collection applies to at least one network group.',
    });
  }
  throwIfIssues(issues);
  const armId = `${config.armId}/ruleCollections/${input.name}`;
  await requireAbsent(deps.prisma.adminRuleCollection, ws.id, armId, 'Rule collection');
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Rule collection '${input.name}'` },
    async (tx) => {
      const rc = await tx.adminRuleCollection.create({
        data: { workspaceId: ws.id, armId, securityAdminConfigurationId: config.id, name: input.name },
      });
      await tx.adminRuleCollectionNetworkGroup.createMany({
        data: groups.map((g) => ({ workspaceId: ws.id, adminRuleCollectionId: rc.id, networkGroupId: g.id })),
      });
      return rc;
    },
  );
  return { adminRuleCollection: value };
}

export async function updateAdminRuleCollection(deps: ServiceDeps, input: UpdateAdminRuleCollectionInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const rc = await requireTarget(deps.prisma.adminRuleCollection, ws.id, input.id, 'Rule collection');
  checkVersion(rc, input.expectedVersion, 'Rule collection');
  const config = await deps.prisma.securityAdminConfiguration.findUniqueOrThrow({
    where: { id: rc.securityAdminConfigurationId },
  });
  const issues: IssueDetail[] = [];
  const groups = input.appliesToGroupIds
    ? await resolveGroups(deps, ws.id, config.networkManagerId, input.appliesToGroupIds, issues)
    : null;
  if (input.appliesToGroupIds && input.appliesToGroupIds.length === 0) {
    issues.push({
      code: 'Required',
      path: ['input', 'appliesToGroupIds'],
      message: 'A rule collection applies to at least one network group.',
    });
  }
  throwIfIssues(issues);
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Rule collection '${rc.name}'` },
    async (tx) => {
      if (groups) {
        await tx.adminRuleCollectionNetworkGroup.deleteMany({ where: { adminRuleCollectionId: rc.id } });
        await tx.adminRuleCollectionNetworkGroup.createMany({
          data: groups.map((g) => ({
            workspaceId: ws.id,
            adminRuleCollectionId: rc.id,
            networkGroupId: g.id,
          })),
        });
      }
      return tx.adminRuleCollection.update({ where: { id: rc.id }, data: { version: { increment: 1 } } });
    },
  );
  return { adminRuleCollection: value };
}

export async function deleteAdminRuleCollection(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const rc = await requireTarget(deps.prisma.adminRuleCollection, ws.id, input.id, 'Rule collection');
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Rule collection '${rc.name}'`, skipModelValidation: true },
    (tx) => tx.adminRuleCollection.delete({ where: { id: rc.id } }),
  );
  return { deletedId: rc.armId };
}

// ---------------------------------------------------------------------------------------------------------------
// Admin rules
// ---------------------------------------------------------------------------------------------------------------

interface AdminRuleDraft {
  name: string;
  kind: db.AdminRule['kind'];
  description: string | null;
  access: db.AdminRule['access'];
  priority: number;
  direction: db.AdminRule['direction'];
  protocol: db.AdminRule['protocol'];
  sources: { addressPrefix: string; addressPrefixType: db.AdminRuleAddress['addressPrefixType'] }[];
  destinations: { addressPrefix: string; addressPrefixType: db.AdminRuleAddress['addressPrefixType'] }[];
  sourcePortRanges: string[];
  destinationPortRanges: string[];
}

const items = (list: readonly AdminAddressItemInput[] | null | undefined) =>
  (list ?? []).map((a) => ({
    addressPrefix: a.addressPrefix,
    addressPrefixType: ADDRESS_PREFIX_TYPE[a.addressPrefixType],
  }));

function draftFromFields(f: AdminRuleFieldsInput): AdminRuleDraft {
  return {
    name: f.name,
    kind: ADMIN_KIND[f.kind ?? 'CUSTOM'],
    description: f.description ?? null,
    access: ADMIN_ACCESS[f.access],
    priority: f.priority,
    direction: DIRECTION[f.direction],
    protocol: PROTOCOL[f.protocol],
    sources: items(f.sources),
    destinations: items(f.destinations),
    sourcePortRanges: f.sourcePortRanges ?? [],
    destinationPortRanges: f.destinationPortRanges ?? [],
  };
}

function adminRuleIssues(d: AdminRuleDraft, armId: string, prefix: (string | number)[]): IssueDetail[] {
  const engineRule: AdminRuleInput = { ...d, id: armId };
  return validateAdminRule(engineRule)
    .filter((i) => i.severity !== 'warning')
    .map((i) => ({ code: i.code, path: [...prefix, ...i.path], message: i.message }));
}

function adminUniqueness(
  d: AdminRuleDraft,
  others: { name: string; direction: string; priority: number }[],
  prefix: (string | number)[],
) {
  const issues: IssueDetail[] = [];
  if (others.some((o) => o.name.toLowerCase() === d.name.toLowerCase())) {
    issues.push({
      code: 'DuplicateName',
      path: [...prefix, 'name'],
      message: `A rule named '${d.name}' already exists in this collection.`,
    });
  }
  const clash = others.find((o) => o.direction === d.direction && o.priority === d.priority);
  if (clash) {
    issues.push({
      code: 'DuplicatePriority',
      path: [...prefix, 'priority'],
      message: `Priority ${d.priority} is already used by '${clash.name}' (${d.direction}).`,
    });
  }
  return issues;
}

async function writeAddresses(tx: Tx, workspaceId: string, ruleId: string, d: AdminRuleDraft) {
  await tx.adminRuleAddress.deleteMany({ where: { adminRuleId: ruleId } });
  const rows = [
    ...d.sources.map((a, position) => ({ ...a, side: 'Source' as const, position })),
    ...d.destinations.map((a, position) => ({ ...a, side: 'Destination' as const, position })),
  ];
  if (rows.length)
    await tx.adminRuleAddress.createMany({
      data: rows.map((r) => ({ ...r, workspaceId, adminRuleId: ruleId })),
    });
}

function ruleRow(d: AdminRuleDraft) {
  const { sources: _s, destinations: _d, ...rest } = d;
  return rest;
}

export async function createAdminRule(deps: ServiceDeps, input: CreateAdminRuleInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const rc = await requireTarget(
    deps.prisma.adminRuleCollection,
    ws.id,
    input.ruleCollectionId,
    'Rule collection',
    'ruleCollectionId',
  );
  const d = draftFromFields(input.rule);
  const armId = `${rc.armId}/rules/${d.name}`;
  const prefix = ['input', 'rule'];
  const others = await deps.prisma.adminRule.findMany({
    where: { adminRuleCollectionId: rc.id },
    select: { name: true, direction: true, priority: true },
  });
  throwIfIssues([
    ...nameIssues(d.name, [...prefix, 'name']),
    ...adminRuleIssues(d, armId, prefix),
    ...adminUniqueness(d, others, prefix),
  ]);
  const { value, warnings } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Admin rule '${d.name}'`, pathPrefix: prefix },
    async (tx) => {
      const rule = await tx.adminRule.create({
        data: { ...ruleRow(d), workspaceId: ws.id, armId, adminRuleCollectionId: rc.id },
      });
      await writeAddresses(tx, ws.id, rule.id, d);
      return rule;
    },
  );
  return { adminRule: value, warnings };
}

export async function updateAdminRule(deps: ServiceDeps, input: UpdateAdminRuleInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const rule = await requireTarget(deps.prisma.adminRule, ws.id, input.id, 'Admin rule');
  checkVersion(rule, input.expectedVersion, 'Admin rule');
  const addresses = await deps.prisma.adminRuleAddress.findMany({
    where: { adminRuleId: rule.id },
    orderBy: { position: 'asc' },
  });
  const pick = (side: 'Source' | 'Destination') =>
    addresses
      .filter((a) => a.side === side)
      .map((a) => ({ addressPrefix: a.addressPrefix, addressPrefixType: a.addressPrefixType }));
  const p = input.patch;
  const d: AdminRuleDraft = {
    name: rule.name,
    kind: rule.kind,
    description: p.description !== undefined ? (p.description ?? null) : rule.description,
    access: p.access ? ADMIN_ACCESS[p.access] : rule.access,
    priority: p.priority ?? rule.priority,
    direction: p.direction ? DIRECTION[p.direction] : rule.direction,
    protocol: p.protocol ? PROTOCOL[p.protocol] : rule.protocol,
    sources: p.sources ? items(p.sources) : pick('Source'),
    destinations: p.destinations ? items(p.destinations) : pick('Destination'),
    sourcePortRanges: p.sourcePortRanges ?? rule.sourcePortRanges,
    destinationPortRanges: p.destinationPortRanges ?? rule.destinationPortRanges,
  };
  const prefix = ['input', 'patch'];
  const others = await deps.prisma.adminRule.findMany({
    where: { adminRuleCollectionId: rule.adminRuleCollectionId, id: { not: rule.id } },
    select: { name: true, direction: true, priority: true },
  });
  throwIfIssues([...adminRuleIssues(d, rule.armId, prefix), ...adminUniqueness(d, others, prefix)]);
  const { value, warnings } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Admin rule '${rule.name}'`, pathPrefix: prefix },
    async (tx) => {
      const updated = await tx.adminRule.update({
        where: { id: rule.id },
        data: { ...ruleRow(d), version: { increment: 1 } },
      });
      await writeAddresses(tx, ws.id, rule.id, d);
      return updated;
    },
  );
  return { adminRule: value, warnings };
}

export async function deleteAdminRule(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const rule = await requireTarget(deps.prisma.adminRule, ws.id, input.id, 'Admin rule');
  await writeWorkspace(deps, ws.id, { what: `Admin rule '${rule.name}'`, skipModelValidation: true }, (tx) =>
    tx.adminRule.delete({ where: { id: rule.id } }),
  );
  return { deletedId: rule.armId };
}

// ---------------------------------------------------------------------------------------------------------------
// Deployments
// ---------------------------------------------------------------------------------------------------------------

/**
 * Commits the goal state of one region: the listed configurations replace what was deployed there. The goal states
 * are part of the network manager, so a deploy bumps its version; the optional `expectedVersion` is that version,
 * compared under the workspace lock before anything is written.
 */
export async function deployNetworkManagerConfigurations(
  deps: ServiceDeps,
  input: DeployNetworkManagerConfigurationsInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nm = await requireTarget(
    deps.prisma.networkManager,
    ws.id,
    input.networkManagerId,
    'Network manager',
    'networkManagerId',
  );
  const issues: IssueDetail[] = [];
  const deploymentType = DEPLOYMENT_TYPES.find(
    (t) => t.toLowerCase() === (input.deploymentType ?? 'SecurityAdmin').toLowerCase(),
  );
  if (!deploymentType) {
    issues.push({
      code: 'InvalidValue',
      path: ['input', 'deploymentType'],
      message: `deploymentType must be one of ${DEPLOYMENT_TYPES.join(', ')}.`,
    });
  }
  issues.push(...regionIssues(input.region, ['input', 'region'], 'InvalidRegion'));
  const configs: db.SecurityAdminConfiguration[] = [];
  for (const [i, id] of input.configurationIds.entries()) {
    const c = await findReference(
      deps.prisma.securityAdminConfiguration,
      ws.id,
      id,
      'Security admin configuration',
      ['input', 'configurationIds', i],
      issues,
    );
    if (c && c.networkManagerId !== nm.id) {
      issues.push({
        code: 'ForeignConfiguration',
        path: ['input', 'configurationIds', i],
        message: `Configuration '${c.name}' belongs to another network manager.`,
      });
    } else if (c && !configs.some((x) => x.id === c.id)) configs.push(c);
  }
  throwIfIssues(issues);
  const region = input.region.toLowerCase().replace(/\s+/g, '');
  let deployed: db.NetworkManager | undefined;
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Deployment of '${nm.name}' in ${region}` },
    async (tx) => {
      const current = await tx.networkManager.findUnique({ where: { id: nm.id } });
      if (!current) throw notFound('Network manager', nm.armId, 'networkManagerId');
      checkVersion(current, input.expectedVersion, `Network manager '${nm.name}'`);
      deployed = await tx.networkManager.update({
        where: { id: nm.id },
        data: { version: { increment: 1 } },
      });
      const key = { networkManagerId: nm.id, region, deploymentType: deploymentType! };
      const existing = await tx.networkManagerDeployment.findFirst({ where: key });
      if (configs.length === 0) {
        if (existing) await tx.networkManagerDeployment.delete({ where: { id: existing.id } });
        return null;
      }
      const data = { configurationIds: configs.map((c) => c.armId), deploymentStatus: 'Deployed' };
      const deployment = existing
        ? await tx.networkManagerDeployment.update({
            where: { id: existing.id },
            data: { ...data, version: { increment: 1 } },
          })
        : await tx.networkManagerDeployment.create({ data: { ...key, ...data, workspaceId: ws.id } });
      await tx.networkManagerDeploymentConfiguration.deleteMany({
        where: { networkManagerDeploymentId: deployment.id },
      });
      await tx.networkManagerDeploymentConfiguration.createMany({
        data: configs.map((c) => ({
          workspaceId: ws.id,
          networkManagerDeploymentId: deployment.id,
          securityAdminConfigurationId: c.id,
        })),
      });
      return deployment;
    },
  );
  return { networkManager: deployed ?? nm, deployment: value };
}
