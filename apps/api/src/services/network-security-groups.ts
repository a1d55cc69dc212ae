/**
 * NSGs and their security rules: create/update/delete, reorder (atomic priority reassignment), associations.
 * Rule syntax is judged by the engine's validateSecurityRule; cross-references (ASGs, tags) by parseNetwork in
 * writeWorkspace; the NSG-level rules (unique name, unique priority per direction) are checked here so that
 * every problem is reported at once.
 */
import type * as db from '../db';
import { validateSecurityRule, type SecurityRuleInput } from '../engine';
import { conflict, throwIfIssues, type IssueDetail } from '../errors';
import type {
  AssociateNetworkSecurityGroupInput,
  CreateNetworkSecurityGroupInput,
  CreateSecurityRuleInput,
  DeleteResourceInput,
  DissociateNetworkSecurityGroupInput,
  ReorderSecurityRulesInput,
  SecurityRuleFieldsInput,
  UpdateNetworkSecurityGroupInput,
  UpdateSecurityRuleInput,
} from '../generated/graphql';
import { ACCESS, DIRECTION, PROTOCOL } from '../schema/enums';
import type { ServiceDeps } from './deps';
import {
  checkVersion,
  defined,
  findReference,
  requireAbsent,
  requireTarget,
  topLevelArmId,
  topLevelIssues,
  type Tx,
} from './resources';
import { writeWorkspace } from './write-workspace';
import { requireWorkspace } from './workspaces';

/** A rule in database shape plus its ASG ARM ids. */
interface RuleDraft {
  name: string;
  description: string | null;
  priority: number;
  direction: db.SecurityRule['direction'];
  access: db.SecurityRule['access'];
  protocol: db.SecurityRule['protocol'];
  sourceAddressPrefix: string | null;
  sourceAddressPrefixes: string[];
  destinationAddressPrefix: string | null;
  destinationAddressPrefixes: string[];
  sourcePortRange: string | null;
  sourcePortRanges: string[];
  destinationPortRange: string | null;
  destinationPortRanges: string[];
  sourceApplicationSecurityGroupIds: string[];
  destinationApplicationSecurityGroupIds: string[];
}

function draftFromFields(f: SecurityRuleFieldsInput): RuleDraft {
  return {
    name: f.name,
    description: f.description ?? null,
    priority: f.priority,
    direction: DIRECTION[f.direction],
    access: ACCESS[f.access],
    protocol: PROTOCOL[f.protocol],
    sourceAddressPrefix: f.sourceAddressPrefix ?? null,
    sourceAddressPrefixes: f.sourceAddressPrefixes ?? [],
    destinationAddressPrefix: f.destinationAddressPrefix ?? null,
    destinationAddressPrefixes: f.destinationAddressPrefixes ?? [],
    sourcePortRange: f.sourcePortRange ?? null,
    sourcePortRanges: f.sourcePortRanges ?? [],
    destinationPortRange: f.destinationPortRange ?? null,
    destinationPortRanges: f.destinationPortRanges ?? [],
    sourceApplicationSecurityGroupIds: f.sourceApplicationSecurityGroupIds ?? [],
    destinationApplicationSecurityGroupIds: f.destinationApplicationSecurityGroupIds ?? [],
  };
}

function toEngineRule(d: RuleDraft): SecurityRuleInput {
  return {
    name: d.name,
    description: d.description,
    priority: d.priority,
    direction: d.direction,
    access: d.access,
    protocol: d.protocol === 'Any' ? '*' : d.protocol,
    sourceAddressPrefix: d.sourceAddressPrefix,
    sourceAddressPrefixes: d.sourceAddressPrefixes,
    sourceApplicationSecurityGroupIds: d.sourceApplicationSecurityGroupIds,
    destinationAddressPrefix: d.destinationAddressPrefix,
    destinationAddressPrefixes: d.destinationAddressPrefixes,
    destinationApplicationSecurityGroupIds: d.destinationApplicationSecurityGroupIds,
    sourcePortRange: d.sourcePortRange,
    sourcePortRanges: d.sourcePortRanges,
    destinationPortRange: d.destinationPortRange,
    destinationPortRanges: d.destinationPortRanges,
  };
}

/** The engine's verdict on one rule, with paths under `prefix`. */
function ruleIssues(d: RuleDraft, prefix: (string | number)[]): IssueDetail[] {
  return validateSecurityRule(toEngineRule(d))
    .filter((i) => i.severity !== 'warning')
    .map((i) => ({
      code: i.code,
      path: [...prefix, ...i.path],
      message: i.message,
      severity: 'error' as const,
    }));
}

/** Resolves the rule's ASG ids; unknown ones become issues. */
async function resolveAsgs(
  deps: ServiceDeps,
  workspaceId: string,
  d: RuleDraft,
  prefix: (string | number)[],
  issues: IssueDetail[],
) {
  const links: { side: 'Source' | 'Destination'; id: string }[] = [];
  const sides = [
    ['Source', d.sourceApplicationSecurityGroupIds, 'sourceApplicationSecurityGroupIds'],
    ['Destination', d.destinationApplicationSecurityGroupIds, 'destinationApplicationSecurityGroupIds'],
  ] as const;
  for (const [side, ids, field] of sides) {
    for (const [i, armId] of ids.entries()) {
      const asg = await findReference(
        deps.prisma.applicationSecurityGroup,
        workspaceId,
        armId,
        'Application security group',
        [...prefix, field, i],
        issues,
      );
      if (asg && !links.some((l) => l.side === side && l.id === asg.id)) links.push({ side, id: asg.id });
    }
  }
  return links;
}

function rowData(d: RuleDraft) {
  const { sourceApplicationSecurityGroupIds: _s, destinationApplicationSecurityGroupIds: _d, ...rest } = d;
  return rest;
}

/** NSG-level checks: unique name and unique priority per direction among `others`. */
function uniquenessIssues(
  d: RuleDraft,
  others: { name: string; direction: string; priority: number }[],
  prefix: (string | number)[],
): IssueDetail[] {
  const issues: IssueDetail[] = [];
  const clashName = others.find((o) => o.name.toLowerCase() === d.name.toLowerCase());
  if (clashName) {
    issues.push({
      code: 'DuplicateName',
      path: [...prefix, 'name'],
      message: `A rule named '${clashName.name}' already exists in this NSG.`,
    });
  }
  const clashPriority = others.find((o) => o.direction === d.direction && o.priority === d.priority);
  if (clashPriority) {
    issues.push({
      code: 'DuplicatePriority',
      path: [...prefix, 'priority'],
      message: `Priority ${d.priority} is already used by rule '${clashPriority.name}' (${d.direction}); priorities are unique per direction.`,
    });
  }
  return issues;
}

async function writeRuleAsgs(
  tx: Tx,
  workspaceId: string,
  ruleId: string,
  links: { side: 'Source' | 'Destination'; id: string }[],
) {
  await tx.securityRuleApplicationSecurityGroup.deleteMany({ where: { securityRuleId: ruleId } });
  if (links.length) {
    await tx.securityRuleApplicationSecurityGroup.createMany({
      data: links.map((l) => ({
        workspaceId,
        securityRuleId: ruleId,
        side: l.side,
        applicationSecurityGroupId: l.id,
      })),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// NSGs
// ---------------------------------------------------------------------------------------------------------------

export async function createNetworkSecurityGroup(deps: ServiceDeps, input: CreateNetworkSecurityGroupInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const issues = topLevelIssues(input);
  const armId = topLevelArmId('Microsoft.Network', 'networkSecurityGroups', input);
  const drafts = (input.securityRules ?? []).map(draftFromFields);
  const ruleLinks: { side: 'Source' | 'Destination'; id: string }[][] = [];
  for (const [i, d] of drafts.entries()) {
    const prefix = ['input', 'securityRules', i];
    issues.push(...ruleIssues(d, prefix), ...uniquenessIssues(d, drafts.slice(0, i), prefix));
    ruleLinks.push(await resolveAsgs(deps, ws.id, d, prefix, issues));
  }
  throwIfIssues(issues);
  await requireAbsent(deps.prisma.networkSecurityGroup, ws.id, armId, 'Network security group');
  const { value, warnings } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Network security group '${input.name}'`, pathPrefix: ['input'] },
    async (tx) => {
      const nsg = await tx.networkSecurityGroup.create({
        data: { workspaceId: ws.id, armId, name: input.name, location: input.location ?? null },
      });
      for (const [i, d] of drafts.entries()) {
        const rule = await tx.securityRule.create({
          data: {
            ...rowData(d),
            workspaceId: ws.id,
            networkSecurityGroupId: nsg.id,
            armId: `${armId}/securityRules/${d.name}`,
          },
        });
        await writeRuleAsgs(tx, ws.id, rule.id, ruleLinks[i]!);
      }
      return nsg;
    },
  );
  return { networkSecurityGroup: value, warnings };
}

export async function updateNetworkSecurityGroup(deps: ServiceDeps, input: UpdateNetworkSecurityGroupInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nsg = await requireTarget(
    deps.prisma.networkSecurityGroup,
    ws.id,
    input.id,
    'Network security group',
  );
  checkVersion(nsg, input.expectedVersion, 'Network security group');
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Network security group '${nsg.name}'` },
    (tx) =>
      tx.networkSecurityGroup.update({
        where: { id: nsg.id },
        data: { ...defined({ location: input.location }), version: { increment: 1 } },
      }),
  );
  return { networkSecurityGroup: value };
}

export async function deleteNetworkSecurityGroup(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nsg = await requireTarget(
    deps.prisma.networkSecurityGroup,
    ws.id,
    input.id,
    'Network security group',
  );
  const [subnets, nics] = await Promise.all([
    deps.prisma.subnet.count({ where: { networkSecurityGroupId: nsg.id } }),
    deps.prisma.networkInterface.count({ where: { networkSecurityGroupId: nsg.id } }),
  ]);
  if (subnets + nics > 0) {
    throw conflict(
      'InUse',
      `Network security group '${nsg.name}' is associated with ${subnets} subnet(s) and ${nics} NIC(s); dissociate it first.`,
      { field: 'id' },
    );
  }
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Network security group '${nsg.name}'`, skipModelValidation: true },
    (tx) => tx.networkSecurityGroup.delete({ where: { id: nsg.id } }),
  );
  return { deletedId: nsg.armId };
}

// ---------------------------------------------------------------------------------------------------------------
// Security rules
// ---------------------------------------------------------------------------------------------------------------

export async function createSecurityRule(deps: ServiceDeps, input: CreateSecurityRuleInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nsg = await requireTarget(
    deps.prisma.networkSecurityGroup,
    ws.id,
    input.networkSecurityGroupId,
    'Network security group',
    'networkSecurityGroupId',
  );
  const d = draftFromFields(input.rule);
  const prefix = ['input', 'rule'];
  const existing = await deps.prisma.securityRule.findMany({
    where: { networkSecurityGroupId: nsg.id },
    select: { name: true, direction: true, priority: true },
  });
  const issues = [...ruleIssues(d, prefix), ...uniquenessIssues(d, existing, prefix)];
  const links = await resolveAsgs(deps, ws.id, d, prefix, issues);
  throwIfIssues(issues);
  const { value, warnings } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Security rule '${d.name}'`, pathPrefix: prefix },
    async (tx) => {
      const rule = await tx.securityRule.create({
        data: {
          ...rowData(d),
          workspaceId: ws.id,
          networkSecurityGroupId: nsg.id,
          armId: `${nsg.armId}/securityRules/${d.name}`,
        },
      });
      await writeRuleAsgs(tx, ws.id, rule.id, links);
      return rule;
    },
  );
  return { securityRule: value, warnings };
}

const SIDE_FIELDS = {
  sourceAddress: ['sourceAddressPrefix', 'sourceAddressPrefixes', 'sourceApplicationSecurityGroupIds'],
  destinationAddress: [
    'destinationAddressPrefix',
    'destinationAddressPrefixes',
    'destinationApplicationSecurityGroupIds',
  ],
  sourcePort: ['sourcePortRange', 'sourcePortRanges'],
  destinationPort: ['destinationPortRange', 'destinationPortRanges'],
} as const;

export async function updateSecurityRule(deps: ServiceDeps, input: UpdateSecurityRuleInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const rule = await requireTarget(deps.prisma.securityRule, ws.id, input.id, 'Security rule');
  checkVersion(rule, input.expectedVersion, 'Security rule');
  const asgLinks = await deps.prisma.securityRuleApplicationSecurityGroup.findMany({
    where: { securityRuleId: rule.id },
    include: { applicationSecurityGroup: { select: { armId: true } } },
  });
  const current: RuleDraft = {
    ...rule,
    sourceApplicationSecurityGroupIds: asgLinks
      .filter((l) => l.side === 'Source')
      .map((l) => l.applicationSecurityGroup.armId),
    destinationApplicationSecurityGroupIds: asgLinks
      .filter((l) => l.side === 'Destination')
      .map((l) => l.applicationSecurityGroup.armId),
  };
  const patch = input.patch;
  const next: RuleDraft = { ...current };
  // Setting any form of a side (prefix, prefixes, ASGs / range, ranges) replaces that side: Azure accepts one form.
  for (const fields of Object.values(SIDE_FIELDS)) {
    if (fields.some((f) => patch[f] !== undefined)) {
      for (const f of fields) {
        const value = patch[f];
        (next as unknown as Record<string, unknown>)[f] = value ?? (f.endsWith('s') ? [] : null);
      }
    }
  }
  if (patch.description !== undefined) next.description = patch.description ?? null;
  if (patch.priority != null) next.priority = patch.priority;
  if (patch.direction != null) next.direction = DIRECTION[patch.direction];
  if (patch.access != null) next.access = ACCESS[patch.access];
  if (patch.protocol != null) next.protocol = PROTOCOL[patch.protocol];

  const prefix = ['input', 'patch'];
  const others = await deps.prisma.securityRule.findMany({
    where: { networkSecurityGroupId: rule.networkSecurityGroupId, id: { not: rule.id } },
    select: { name: true, direction: true, priority: true },
  });
  const issues = [...ruleIssues(next, prefix), ...uniquenessIssues(next, others, prefix)];
  const links = await resolveAsgs(deps, ws.id, next, prefix, issues);
  throwIfIssues(issues);
  const { value, warnings } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Security rule '${rule.name}'`, pathPrefix: prefix },
    async (tx) => {
      const updated = await tx.securityRule.update({
        where: { id: rule.id },
        data: { ...rowData(next), version: { increment: 1 } },
      });
      await writeRuleAsgs(tx, ws.id, rule.id, links);
      return updated;
    },
  );
  return { securityRule: value, warnings };
}

export async function deleteSecurityRule(deps: ServiceDeps, input: DeleteResourceInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const rule = await requireTarget(deps.prisma.securityRule, ws.id, input.id, 'Security rule');
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Security rule '${rule.name}'`, skipModelValidation: true },
    (tx) => tx.securityRule.delete({ where: { id: rule.id } }),
  );
  return { deletedId: rule.armId };
}

/**
 * Assigns new priorities atomically. The end state is validated (engine range check, uniqueness per direction);
 * the rows move through free temporary priorities so the unique index never sees a transient clash. A rule's
 * optional `expectedVersion` is compared under the workspace lock before any row is written: one stale rule →
 * CONFLICT (VersionMismatch, that rule's current state) and no priority changes.
 */
export async function reorderSecurityRules(deps: ServiceDeps, input: ReorderSecurityRulesInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const nsg = await requireTarget(
    deps.prisma.networkSecurityGroup,
    ws.id,
    input.networkSecurityGroupId,
    'Network security group',
    'networkSecurityGroupId',
  );
  const rules = await deps.prisma.securityRule.findMany({ where: { networkSecurityGroupId: nsg.id } });
  const byArmId = new Map(rules.map((r) => [r.armId.toLowerCase(), r]));
  const issues: IssueDetail[] = [];
  const target = new Map<string, number>();
  for (const [i, p] of input.priorities.entries()) {
    const rule = byArmId.get(p.id.toLowerCase());
    if (!rule) {
      issues.push({
        code: 'NotFound',
        path: ['input', 'priorities', i, 'id'],
        message: `Rule '${p.id}' is not in this NSG.`,
      });
      continue;
    }
    if (target.has(rule.id)) {
      issues.push({
        code: 'DuplicateRule',
        path: ['input', 'priorities', i, 'id'],
        message: `Rule '${rule.name}' is listed twice.`,
      });
      continue;
    }
    target.set(rule.id, p.priority);
    const engineIssues = validateSecurityRule(
      toEngineRule({
        ...rule,
        priority: p.priority,
        sourceApplicationSecurityGroupIds: [],
        destinationApplicationSecurityGroupIds: [],
      }),
    ).filter((x) => x.path[0] === 'priority');
    issues.push(
      ...engineIssues.map((x) => ({
        code: x.code,
        path: ['input', 'priorities', i, 'priority'],
        message: x.message,
      })),
    );
  }
  const seen = new Map<string, string>();
  for (const r of rules) {
    const key = `${r.direction}:${target.get(r.id) ?? r.priority}`;
    const clash = seen.get(key);
    if (clash) {
      const i = input.priorities.findIndex((p) => p.id.toLowerCase() === r.armId.toLowerCase());
      issues.push({
        code: 'DuplicatePriority',
        path: i >= 0 ? ['input', 'priorities', i, 'priority'] : ['input', 'priorities'],
        message: `After reordering, '${r.name}' and '${clash}' would share priority ${target.get(r.id) ?? r.priority} (${r.direction}).`,
      });
    }
    seen.set(key, r.name);
  }
  throwIfIssues(issues);
  const moved = rules.filter((r) => target.has(r.id) && target.get(r.id) !== r.priority);
  const { value } = await writeWorkspace(deps, ws.id, { what: `Rules of '${nsg.name}'` }, async (tx) => {
    const expected = input.priorities.filter((p) => p.expectedVersion != null);
    if (expected.length > 0) {
      const now = await tx.securityRule.findMany({
        where: {
          networkSecurityGroupId: nsg.id,
          id: { in: expected.map((p) => byArmId.get(p.id.toLowerCase())!.id) },
        },
      });
      const nowById = new Map(now.map((r) => [r.id, r]));
      for (const p of expected) {
        const rule = byArmId.get(p.id.toLowerCase())!;
        const current = nowById.get(rule.id);
        if (!current)
          throw conflict('VersionMismatch', `Security rule '${rule.name}' was deleted; reload and retry.`, {
            field: 'expectedVersion',
          });
        checkVersion(current, p.expectedVersion, `Security rule '${rule.name}'`);
      }
    }
    const used = new Set(rules.map((r) => `${r.direction}:${r.priority}`));
    for (const r of rules) if (target.has(r.id)) used.add(`${r.direction}:${target.get(r.id)}`);
    let free = 4096;
    for (const r of moved) {
      while (used.has(`${r.direction}:${free}`)) free--;
      used.add(`${r.direction}:${free}`);
      await tx.securityRule.update({ where: { id: r.id }, data: { priority: free } });
    }
    for (const r of moved) {
      await tx.securityRule.update({
        where: { id: r.id },
        data: { priority: target.get(r.id)!, version: { increment: 1 } },
      });
    }
    return tx.securityRule.findMany({
      where: { networkSecurityGroupId: nsg.id },
      orderBy: [{ direction: 'asc' }, { priority: 'asc' }],
    });
  });
  return { networkSecurityGroup: nsg, securityRules: value };
}

// ---------------------------------------------------------------------------------------------------------------
// Associations
// ---------------------------------------------------------------------------------------------------------------

function exactlyOne(input: { subnetId?: string | null; networkInterfaceId?: string | null }) {
  if (Boolean(input.subnetId) === Boolean(input.networkInterfaceId)) {
    throwIfIssues([
      {
        code: 'ExactlyOneTarget',
        path: ['input', 'subnetId'],
        message: 'Give exactly one of subnetId and networkInterfaceId.',
      },
    ]);
  }
}

export async function associateNetworkSecurityGroup(
  deps: ServiceDeps,
  input: AssociateNetworkSecurityGroupInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  exactlyOne(input);
  const issues: IssueDetail[] = [];
  const nsg = await findReference(
    deps.prisma.networkSecurityGroup,
    ws.id,
    input.networkSecurityGroupId,
    'Network security group',
    ['input', 'networkSecurityGroupId'],
    issues,
  );
  const subnet = input.subnetId
    ? await findReference(deps.prisma.subnet, ws.id, input.subnetId, 'Subnet', ['input', 'subnetId'], issues)
    : null;
  const nic = input.networkInterfaceId
    ? await findReference(
        deps.prisma.networkInterface,
        ws.id,
        input.networkInterfaceId,
        'Network interface',
        ['input', 'networkInterfaceId'],
        issues,
      )
    : null;
  throwIfIssues(issues);
  // `expectedVersion` is the subnet's or NIC's (the row this changes): writeWorkspace compares it under the lock
  // (TARGET_FIELDS), and that row's before/after is what the history shows.
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: `Association of '${nsg!.name}'` },
    async (tx) => ({
      subnet: subnet
        ? await tx.subnet.update({
            where: { id: subnet.id },
            data: { networkSecurityGroupId: nsg!.id, version: { increment: 1 } },
          })
        : null,
      networkInterface: nic
        ? await tx.networkInterface.update({
            where: { id: nic.id },
            data: { networkSecurityGroupId: nsg!.id, version: { increment: 1 } },
          })
        : null,
    }),
  );
  return { networkSecurityGroup: nsg!, ...value };
}

export async function dissociateNetworkSecurityGroup(
  deps: ServiceDeps,
  input: DissociateNetworkSecurityGroupInput,
) {
  const ws = await requireWorkspace(deps, input.workspace);
  exactlyOne(input);
  const issues: IssueDetail[] = [];
  const subnet = input.subnetId
    ? await findReference(deps.prisma.subnet, ws.id, input.subnetId, 'Subnet', ['input', 'subnetId'], issues)
    : null;
  const nic = input.networkInterfaceId
    ? await findReference(
        deps.prisma.networkInterface,
        ws.id,
        input.networkInterfaceId,
        'Network interface',
        ['input', 'networkInterfaceId'],
        issues,
      )
    : null;
  throwIfIssues(issues);
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    { what: 'Dissociation', skipModelValidation: true },
    async (tx) => ({
      subnet: subnet
        ? await tx.subnet.update({
            where: { id: subnet.id },
            data: { networkSecurityGroupId: null, version: { increment: 1 } },
          })
        : null,
      networkInterface: nic
        ? await tx.networkInterface.update({
            where: { id: nic.id },
            data: { networkSecurityGroupId: null, version: { increment: 1 } },
          })
        : null,
    }),
  );
  return value;
}
