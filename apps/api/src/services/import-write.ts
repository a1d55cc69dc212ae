/**
 * Writes a validated, normalised document into a workspace (inside the import's transaction; uses only `tx`).
 *
 * Upsert by case-insensitive ARM id. Rows keep their uuid when updated (other resources reference them), new rows get
 * uuids generated here so whole batches go in with `createMany` in dependency order: ASGs, NSGs, VNets, subnets,
 * peerings, rules, VMs, NICs, IP configurations, network managers, service tags. A resource in the document that is
 * already stored exactly as given is left untouched (re-importing the same document writes nothing). The document is
 * authoritative for the children of each resource it contains (subnets, rules, IP configurations, …).
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, Tx } from '../db';
import type {
  AdminRuleInput,
  Issue,
  NetworkInput,
  NetworkInterfaceInput,
  NetworkManagerInput,
  NetworkSecurityGroupInput,
  SecurityRuleInput,
  VirtualMachineInput,
  VirtualNetworkInput,
} from '@flowverify/engine';
import { AppError } from '../errors';
import { armIdKey } from '../import/arm-id';

export interface KindCount {
  kind: string;
  created: number;
  updated: number;
  unchanged: number;
}

const CHUNK = 1000;

/** Writes `document` over `existing` (the workspace's current model, as loadNetwork read it). */
export interface WriteNetworkOptions {
  /** Receives the ARM id of every top-level resource created or changed (children are rewritten with it). */
  changedArmIds?: string[];
}

export async function writeNetwork(
  tx: Tx,
  workspaceId: string,
  document: NetworkInput,
  existing: NetworkInput,
  options: WriteNetworkOptions = {},
): Promise<KindCount[]> {
  return new Writer(tx, workspaceId, existing, options.changedArmIds).write(document);
}

type Plan<T> = { create: { item: T; uuid: string }[]; update: { item: T; uuid: string }[] };

class Writer {
  private readonly counts = new Map<string, KindCount>();
  private readonly existingIndex = new Map<string, Map<string, unknown>>();
  private readonly ws: { workspaceId: string };

  constructor(
    private readonly tx: Tx,
    private readonly workspaceId: string,
    existing: NetworkInput,
    private readonly changedArmIds?: string[],
  ) {
    this.ws = { workspaceId };
    for (const [kind, list] of Object.entries(existing)) {
      if (!Array.isArray(list)) continue;
      const index = new Map<string, unknown>();
      for (const item of list as { id?: string; name: string }[]) index.set(itemKey(kind, item), item);
      this.existingIndex.set(kind, index);
    }
  }

  async write(doc: NetworkInput): Promise<KindCount[]> {
    const { tx, ws } = this;
    const select = { id: true, armId: true } as const;

    // Application security groups
    const asgIds = uuidMap(await tx.applicationSecurityGroup.findMany({ where: ws, select }));
    const asgPlan = this.plan('applicationSecurityGroups', doc.applicationSecurityGroups, asgIds);
    await insertRows(
      tx,
      'application_security_group',
      asgPlan.create.map(({ item, uuid }) => ({
        id: uuid,
        ...this.ws,
        armId: item.id,
        name: item.name,
        location: item.location ?? null,
      })),
    );
    for (const { item, uuid } of asgPlan.update) {
      await tx.applicationSecurityGroup.update({
        where: { id: uuid },
        data: { armId: item.id, name: item.name, location: item.location ?? null, version: { increment: 1 } },
      });
    }

    // Network security groups (rows; rules after ASGs are known)
    const nsgIds = uuidMap(await tx.networkSecurityGroup.findMany({ where: ws, select }));
    const nsgPlan = this.plan('networkSecurityGroups', doc.networkSecurityGroups, nsgIds);
    await insertRows(
      tx,
      'network_security_group',
      nsgPlan.create.map(({ item, uuid }) => ({
        id: uuid,
        ...this.ws,
        armId: item.id,
        name: item.name,
        location: item.location ?? null,
      })),
    );
    for (const { item, uuid } of nsgPlan.update) {
      await tx.networkSecurityGroup.update({
        where: { id: uuid },
        data: { armId: item.id, name: item.name, location: item.location ?? null, version: { increment: 1 } },
      });
    }
    await this.writeSecurityRules(nsgPlan, asgIds);

    // Virtual networks, subnets, peerings
    const vnetIds = uuidMap(await tx.virtualNetwork.findMany({ where: ws, select }));
    const vnetPlan = this.plan('virtualNetworks', doc.virtualNetworks, vnetIds);
    const vnetRow = (v: VirtualNetworkInput) => ({
      armId: v.id,
      name: v.name,
      location: v.location,
      addressPrefixes: v.addressPrefixes,
      extraVirtualNetworkPrefixes: v.extraVirtualNetworkPrefixes ?? [],
      adminRulesExempt: v.adminRulesExempt ?? false,
    });
    await insertRows(
      tx,
      'virtual_network',
      vnetPlan.create.map(({ item, uuid }) => ({ id: uuid, ...this.ws, ...vnetRow(item) })),
    );
    for (const { item, uuid } of vnetPlan.update) {
      await tx.virtualNetwork.update({
        where: { id: uuid },
        data: { ...vnetRow(item), version: { increment: 1 } },
      });
    }
    // IP configurations of NICs being rewritten go first: they may use subnets the document drops.
    const nicIds = uuidMap(await tx.networkInterface.findMany({ where: ws, select }));
    const nicPlan = this.plan('networkInterfaces', doc.networkInterfaces, nicIds);
    const storedIpConfigurations = await this.clearChangedIpConfigurations(nicPlan, vnetPlan);
    await this.writeSubnets(vnetPlan, nsgIds);
    await this.writePeerings(vnetPlan, vnetIds);

    // Virtual machines (before NICs: a NIC row holds its VM link)
    const vmIds = uuidMap(await tx.virtualMachine.findMany({ where: ws, select }));
    const vmPlan = this.plan('virtualMachines', doc.virtualMachines, vmIds);
    const vmRow = (v: VirtualMachineInput) => ({
      armId: v.id,
      name: v.name,
      location: v.location,
      powerState: v.powerState ?? null,
    });
    await insertRows(
      tx,
      'virtual_machine',
      vmPlan.create.map(({ item, uuid }) => ({ id: uuid, ...this.ws, ...vmRow(item) })),
    );
    for (const { item, uuid } of vmPlan.update) {
      await tx.virtualMachine.update({
        where: { id: uuid },
        data: { ...vmRow(item), version: { increment: 1 } },
      });
    }
    const nicLinks = new Map<string, { virtualMachineId: string; primary: boolean }>();
    for (const { item, uuid } of [...vmPlan.create, ...vmPlan.update]) {
      for (const nic of item.networkInterfaces) {
        nicLinks.set(armIdKey(nic.id), { virtualMachineId: uuid, primary: nic.primary });
      }
    }

    // Network interfaces and their IP configurations
    const nicRow = (n: NetworkInterfaceInput) => ({
      armId: n.id,
      name: n.name,
      location: n.location ?? null,
      networkSecurityGroupId: ref(nsgIds, n.networkSecurityGroupId),
      enableIPForwarding: n.enableIPForwarding,
    });
    await insertRows(
      tx,
      'network_interface',
      nicPlan.create.map(({ item, uuid }) => ({
        id: uuid,
        ...this.ws,
        ...nicRow(item),
        virtualMachineId: nicLinks.get(armIdKey(item.id))?.virtualMachineId ?? null,
        primary: nicLinks.get(armIdKey(item.id))?.primary ?? false,
      })),
    );
    for (const { item, uuid } of nicPlan.update) {
      await tx.networkInterface.update({
        where: { id: uuid },
        data: { ...nicRow(item), ...(nicLinks.get(armIdKey(item.id)) ?? {}), version: { increment: 1 } },
      });
    }
    await this.writeIpConfigurations(nicPlan, asgIds, storedIpConfigurations);
    await this.linkVirtualMachines(vmPlan, nicPlan, nicLinks, nicIds);

    // Network managers (the whole subtree is rewritten for every manager in the document that changed)
    await this.writeNetworkManagers(doc.networkManagers ?? []);

    // Service tags (by case-insensitive name)
    await this.writeServiceTags(doc.serviceTags ?? []);

    return [...this.counts.values()];
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Rules of new and changed NSGs. A changed NSG's rules keep their row (id, version) while unchanged; a changed rule
   * is written again under its id with version + 1 (deleted and inserted, since priorities may swap between rules,
   * which the unique (NSG, direction, priority) index refuses row by row); rules the document dropped are deleted.
   * So an import never resets a rule's version, and a client holding an older version gets a conflict, not a
   * silent overwrite.
   */
  private async writeSecurityRules(
    plan: Plan<NetworkSecurityGroupInput>,
    asgIds: Map<string, string>,
  ): Promise<void> {
    const { tx } = this;
    const updatedIds = plan.update.map((u) => u.uuid);
    const current = updatedIds.length
      ? await tx.securityRule.findMany({
          where: { networkSecurityGroupId: { in: updatedIds } },
          select: { id: true, armId: true, version: true },
        })
      : [];
    const currentByArmId = new Map(current.map((r) => [armIdKey(r.armId), r]));
    const kept = new Set<string>();
    const rows: Row<'security_rule'>[] = [];
    const links: Row<'security_rule_application_security_group'>[] = [];
    for (const { item: nsg, uuid: nsgUuid } of [...plan.create, ...plan.update]) {
      const before = this.previousChildren(
        'networkSecurityGroups',
        nsg.id,
        (n: NetworkSecurityGroupInput) => n.securityRules,
      );
      for (const rule of nsg.securityRules) {
        const armId = rule.id ?? `${nsg.id}/securityRules/${rule.name}`;
        const existing = currentByArmId.get(armIdKey(armId));
        const previous = before.get(armIdKey(armId));
        if (
          existing &&
          previous &&
          canonical({ ...previous, id: armId }) === canonical({ ...rule, id: armId })
        ) {
          kept.add(existing.id);
          this.count('securityRules', 'unchanged');
          continue;
        }
        this.count('securityRules', existing ? 'updated' : 'created', armId);
        const id = existing?.id ?? randomUUID();
        const row = securityRuleRow(rule);
        // The database spells "any" as `*` (the Prisma client maps it to `Any`); raw inserts use the stored value.
        rows.push({
          id,
          ...this.ws,
          armId,
          networkSecurityGroupId: nsgUuid,
          ...row,
          protocol: row.protocol === 'Any' ? '*' : row.protocol,
          version: existing ? existing.version + 1 : 1,
        });
        for (const [side, ids] of [
          ['Source', rule.sourceApplicationSecurityGroupIds],
          ['Destination', rule.destinationApplicationSecurityGroupIds],
        ] as const) {
          for (const asg of new Set((ids ?? []).map(armIdKey))) {
            links.push({
              ...this.ws,
              securityRuleId: id,
              side,
              applicationSecurityGroupId: required(asgIds, asg),
            });
          }
        }
      }
    }
    const rewritten = current.filter((r) => !kept.has(r.id)).map((r) => r.id);
    if (rewritten.length > 0) await tx.securityRule.deleteMany({ where: { id: { in: rewritten } } });
    await insertRows(tx, 'security_rule', rows);
    await insertRows(tx, 'security_rule_application_security_group', links);
  }

  /** Subnets of new and changed VNets; subnets the document dropped from a changed VNet are deleted. */
  private async writeSubnets(plan: Plan<VirtualNetworkInput>, nsgIds: Map<string, string>): Promise<void> {
    const { tx } = this;
    const updatedIds = plan.update.map((u) => u.uuid);
    const current = updatedIds.length
      ? await tx.subnet.findMany({
          where: { virtualNetworkId: { in: updatedIds } },
          select: { id: true, armId: true },
        })
      : [];
    const currentIds = uuidMap(current);
    const keep = new Set<string>();
    const rows: Row<'subnet'>[] = [];
    for (const { item: vnet, uuid: vnetUuid } of [...plan.create, ...plan.update]) {
      for (const subnet of vnet.subnets) {
        const data = {
          armId: subnet.id,
          name: subnet.name,
          addressPrefixes: subnet.addressPrefixes,
          networkSecurityGroupId: ref(nsgIds, subnet.networkSecurityGroupId),
          adminRulesExempt: subnet.adminRulesExempt ?? false,
        };
        const existingId = currentIds.get(armIdKey(subnet.id));
        if (existingId) {
          keep.add(existingId);
          this.count('subnets', 'updated', subnet.id);
          await tx.subnet.update({ where: { id: existingId }, data: { ...data, version: { increment: 1 } } });
        } else {
          this.count('subnets', 'created', subnet.id);
          rows.push({ id: randomUUID(), ...this.ws, virtualNetworkId: vnetUuid, ...data });
        }
      }
    }
    const stale = current.filter((s) => !keep.has(s.id)).map((s) => s.id);
    if (stale.length > 0) await tx.subnet.deleteMany({ where: { id: { in: stale } } });
    await insertRows(tx, 'subnet', rows);
  }

  private async writePeerings(plan: Plan<VirtualNetworkInput>, vnetIds: Map<string, string>): Promise<void> {
    const { tx } = this;
    const updatedIds = plan.update.map((u) => u.uuid);
    if (updatedIds.length > 0) {
      await tx.virtualNetworkPeering.deleteMany({ where: { virtualNetworkId: { in: updatedIds } } });
    }
    const rows: Row<'virtual_network_peering'>[] = [];
    for (const { item: vnet, uuid } of [...plan.create, ...plan.update]) {
      const before = this.previousChildren(
        'virtualNetworks',
        vnet.id,
        (v: VirtualNetworkInput) => v.virtualNetworkPeerings,
      );
      for (const p of vnet.virtualNetworkPeerings) {
        const armId = p.id ?? `${vnet.id}/virtualNetworkPeerings/${p.name}`;
        this.count('virtualNetworkPeerings', before.has(armIdKey(armId)) ? 'updated' : 'created', armId);
        rows.push({
          id: randomUUID(),
          ...this.ws,
          armId,
          virtualNetworkId: uuid,
          name: p.name,
          remoteVirtualNetworkArmId: p.remoteVirtualNetworkId ?? null,
          remoteVirtualNetworkId: ref(vnetIds, p.remoteVirtualNetworkId),
          remoteAddressPrefixes: p.remoteAddressPrefixes,
          allowVirtualNetworkAccess: p.allowVirtualNetworkAccess,
          peeringState: pick(p.peeringState, PEERING_STATES, 'peeringState'),
        });
      }
    }
    await insertRows(tx, 'virtual_network_peering', rows);
    // Peerings stored earlier whose remote VNet arrived only now.
    await tx.$executeRaw`
      UPDATE virtual_network_peering p SET remote_virtual_network_id = v.id
      FROM virtual_network v
      WHERE p.workspace_id = ${this.workspaceId}::uuid AND v.workspace_id = p.workspace_id
        AND p.remote_virtual_network_id IS NULL AND lower(v.arm_id) = lower(p.remote_virtual_network_arm_id)`;
  }

  /**
   * IP configurations of changed NICs: an unchanged one keeps its row and version (unless the document drops its
   * subnet); the others are deleted now, before subnets are written (they may use subnets the document drops), and
   * `writeIpConfigurations` writes the changed ones again under their id with version + 1. Returns the stored rows
   * by ARM id key, with `kept` marking those left alone.
   */
  private async clearChangedIpConfigurations(
    nicPlan: Plan<NetworkInterfaceInput>,
    vnetPlan: Plan<VirtualNetworkInput>,
  ): Promise<Map<string, StoredChild & { kept: boolean }>> {
    const { tx } = this;
    const nicUuids = nicPlan.update.map((u) => u.uuid);
    if (nicUuids.length === 0) return new Map();
    const current = await tx.ipConfiguration.findMany({
      where: { networkInterfaceId: { in: nicUuids } },
      select: { id: true, armId: true, version: true },
    });
    const stored = new Map(current.map((r) => [armIdKey(r.armId), { ...r, kept: false }]));
    const dropped = await this.droppedSubnets(vnetPlan);
    for (const { item: nic } of nicPlan.update) {
      const before = this.previousChildren(
        'networkInterfaces',
        nic.id,
        (n: NetworkInterfaceInput) => n.ipConfigurations,
      );
      for (const c of nic.ipConfigurations) {
        const armId = ipConfigurationArmId(nic, c);
        const row = stored.get(armIdKey(armId));
        const previous = before.get(armIdKey(armId));
        if (
          row &&
          previous &&
          !dropped.has(armIdKey(c.subnetId)) &&
          canonical({ ...previous, id: armId }) === canonical({ ...c, id: armId })
        )
          row.kept = true;
      }
    }
    const rewritten = [...stored.values()].filter((r) => !r.kept).map((r) => r.id);
    if (rewritten.length > 0) await tx.ipConfiguration.deleteMany({ where: { id: { in: rewritten } } });
    return stored;
  }

  /** ARM id keys of the stored subnets that changed VNets in the document no longer list. */
  private async droppedSubnets(vnetPlan: Plan<VirtualNetworkInput>): Promise<Set<string>> {
    const updated = vnetPlan.update.map((u) => u.uuid);
    if (updated.length === 0) return new Set();
    const listed = new Set(vnetPlan.update.flatMap((u) => u.item.subnets.map((s) => armIdKey(s.id))));
    const stored = await this.tx.subnet.findMany({
      where: { virtualNetworkId: { in: updated } },
      select: { armId: true },
    });
    return new Set(stored.map((s) => armIdKey(s.armId)).filter((key) => !listed.has(key)));
  }

  private async writeIpConfigurations(
    plan: Plan<NetworkInterfaceInput>,
    asgIds: Map<string, string>,
    stored: Map<string, StoredChild & { kept: boolean }>,
  ): Promise<void> {
    const { tx } = this;
    const subnetIds = uuidMap(
      await tx.subnet.findMany({ where: this.ws, select: { id: true, armId: true } }),
    );
    const rows: Row<'ip_configuration'>[] = [];
    const links: Row<'ip_configuration_application_security_group'>[] = [];
    for (const { item: nic, uuid } of [...plan.create, ...plan.update]) {
      for (const c of nic.ipConfigurations) {
        const armId = ipConfigurationArmId(nic, c);
        const existing = stored.get(armIdKey(armId));
        if (existing?.kept) continue;
        const id = existing?.id ?? randomUUID();
        rows.push({
          id,
          ...this.ws,
          armId,
          networkInterfaceId: uuid,
          name: c.name,
          privateIPAddress: c.privateIPAddress,
          privateIPAddressVersion: c.privateIPAddressVersion
            ? pick(c.privateIPAddressVersion, ['IPv4', 'IPv6'], 'privateIPAddressVersion')
            : null,
          primary: c.primary,
          subnetId: required(subnetIds, armIdKey(c.subnetId)),
          version: existing ? existing.version + 1 : 1,
        });
        for (const asg of new Set(c.applicationSecurityGroupIds.map(armIdKey))) {
          links.push({
            ...this.ws,
            ipConfigurationId: id,
            applicationSecurityGroupId: required(asgIds, asg),
          });
        }
      }
    }
    await insertRows(tx, 'ip_configuration', rows);
    await insertRows(tx, 'ip_configuration_application_security_group', links);
  }

  /** VM → NIC links for NICs not in the document, and detaching NICs an updated VM no longer lists. */
  private async linkVirtualMachines(
    vmPlan: Plan<VirtualMachineInput>,
    nicPlan: Plan<NetworkInterfaceInput>,
    nicLinks: Map<string, { virtualMachineId: string; primary: boolean }>,
    nicIds: Map<string, string>,
  ): Promise<void> {
    const { tx } = this;
    const inDocument = new Set([...nicPlan.create, ...nicPlan.update].map((n) => armIdKey(n.item.id)));
    const listed: string[] = [];
    for (const [key, link] of nicLinks) {
      const nicUuid = nicIds.get(key);
      if (!nicUuid) continue;
      listed.push(nicUuid);
      if (!inDocument.has(key)) await tx.networkInterface.update({ where: { id: nicUuid }, data: link });
    }
    const updatedVms = vmPlan.update.map((u) => u.uuid);
    if (updatedVms.length > 0) {
      await tx.networkInterface.updateMany({
        where: { virtualMachineId: { in: updatedVms }, id: { notIn: listed } },
        data: { virtualMachineId: null, primary: false },
      });
    }
  }

  /** Row id and version of the groups, configurations, collections and admin rules of `managerIds`, by ARM id key. */
  private async storedManagerParts(managerIds: string[]): Promise<Map<string, StoredChild>> {
    if (managerIds.length === 0) return new Map();
    const { tx } = this;
    const select = { id: true, armId: true, version: true } as const;
    const inManagers = { networkManagerId: { in: managerIds } };
    const rows: StoredChild[] = [
      ...(await tx.networkGroup.findMany({ where: inManagers, select })),
      ...(await tx.securityAdminConfiguration.findMany({ where: inManagers, select })),
      ...(await tx.adminRuleCollection.findMany({
        where: { securityAdminConfiguration: inManagers },
        select,
      })),
      ...(await tx.adminRule.findMany({
        where: { adminRuleCollection: { securityAdminConfiguration: inManagers } },
        select,
      })),
    ];
    return new Map(rows.map((r) => [armIdKey(r.armId), r]));
  }

  private async writeNetworkManagers(managers: NetworkManagerInput[]): Promise<void> {
    const { tx } = this;
    const managerIds = uuidMap(
      await tx.networkManager.findMany({ where: this.ws, select: { id: true, armId: true } }),
    );
    const plan = this.plan('networkManagers', managers, managerIds);
    const managerRow = (m: NetworkManagerInput) => ({
      armId: m.id,
      name: m.name,
      managementGroups: m.scope.managementGroups,
      subscriptions: m.scope.subscriptions,
    });
    await this.createMany(
      (data) => tx.networkManager.createMany({ data }),
      plan.create.map(({ item, uuid }) => ({ id: uuid, ...this.ws, ...managerRow(item) })),
    );
    const updatedIds = plan.update.map((u) => u.uuid);
    for (const { item, uuid } of plan.update) {
      await tx.networkManager.update({
        where: { id: uuid },
        data: { ...managerRow(item), version: { increment: 1 } },
      });
    }
    // The subtree of a changed manager is written again; its groups, configurations, collections and admin rules keep
    // their row id, and their version unless they changed (then + 1): never back to 1.
    const stored = await this.storedManagerParts(updatedIds);
    if (updatedIds.length > 0) {
      const where = { networkManagerId: { in: updatedIds } };
      await tx.networkManagerDeployment.deleteMany({ where });
      await tx.securityAdminConfiguration.deleteMany({ where });
      await tx.networkGroup.deleteMany({ where });
    }
    const all = [...plan.create, ...plan.update];
    if (all.length === 0) return;

    const groups: Prisma.NetworkGroupCreateManyInput[] = [];
    const members: Prisma.NetworkGroupStaticMemberCreateManyInput[] = [];
    const configs: Prisma.SecurityAdminConfigurationCreateManyInput[] = [];
    const collections: Prisma.AdminRuleCollectionCreateManyInput[] = [];
    const collectionGroups: { collectionId: string; groupArmId: string }[] = [];
    const rules: Prisma.AdminRuleCreateManyInput[] = [];
    const addresses: Prisma.AdminRuleAddressCreateManyInput[] = [];
    const deployments: { row: Prisma.NetworkManagerDeploymentCreateManyInput; configurationIds: string[] }[] =
      [];
    for (const { item: manager, uuid: managerUuid } of all) {
      const before = managerParts(
        this.existingIndex.get('networkManagers')?.get(armIdKey(manager.id)) as
          NetworkManagerInput | undefined,
      );
      /** The row id and version a part of this manager is written with. */
      const identity = (part: { id: string }) => {
        const row = stored.get(armIdKey(part.id));
        if (!row) return { id: randomUUID(), version: 1 };
        const previous = before.get(armIdKey(part.id));
        const same = previous !== undefined && canonical(previous) === canonical(part);
        return { id: row.id, version: same ? row.version : row.version + 1 };
      };
      for (const group of manager.networkGroups) {
        const { id: groupId, version: groupVersion } = identity(group);
        groups.push({
          id: groupId,
          version: groupVersion,
          ...this.ws,
          armId: group.id,
          networkManagerId: managerUuid,
          name: group.name,
          description: group.description ?? null,
          memberType: pick(group.memberType, ['VirtualNetwork', 'Subnet'], 'memberType'),
        });
        const seen = new Set<string>();
        for (const member of group.staticMemberIds) {
          if (seen.has(armIdKey(member))) continue;
          seen.add(armIdKey(member));
          members.push({ ...this.ws, networkGroupId: groupId, resourceId: member });
        }
      }
      for (const config of manager.securityAdminConfigurations) {
        const { id: configId, version: configVersion } = identity(config);
        configs.push({
          id: configId,
          version: configVersion,
          ...this.ws,
          armId: config.id,
          networkManagerId: managerUuid,
          name: config.name,
          description: config.description ?? null,
          applyOnNetworkIntentPolicyBasedServices: pick(
            config.applyOnNetworkIntentPolicyBasedServices ?? 'None',
            ['None', 'All', 'AllowRulesOnly'],
            'applyOnNetworkIntentPolicyBasedServices',
          ),
        });
        for (const collection of config.ruleCollections) {
          const { id: collectionId, version: collectionVersion } = identity(collection);
          collections.push({
            id: collectionId,
            version: collectionVersion,
            ...this.ws,
            armId: collection.id,
            securityAdminConfigurationId: configId,
            name: collection.name,
          });
          for (const groupArmId of new Set(collection.appliesToGroupIds.map(armIdKey))) {
            collectionGroups.push({ collectionId, groupArmId });
          }
          for (const rule of collection.rules) {
            const { id: ruleId, version: ruleVersion } = identity(rule);
            this.count('adminRules', before.has(armIdKey(rule.id)) ? 'updated' : 'created', rule.id);
            rules.push({
              id: ruleId,
              version: ruleVersion,
              ...this.ws,
              armId: rule.id,
              adminRuleCollectionId: collectionId,
              ...adminRuleRow(rule),
            });
            for (const [side, items] of [
              ['Source', rule.sources],
              ['Destination', rule.destinations],
            ] as const) {
              items.forEach((a, position) =>
                addresses.push({
                  ...this.ws,
                  adminRuleId: ruleId,
                  side,
                  position,
                  addressPrefix: a.addressPrefix,
                  addressPrefixType: pick(
                    a.addressPrefixType,
                    ['IPPrefix', 'ServiceTag', 'NetworkGroup'],
                    'addressPrefixType',
                  ),
                }),
              );
            }
          }
        }
      }
      const byRegion = new Map<string, (typeof deployments)[number]>();
      for (const d of manager.deployments) {
        const deploymentType = pick(d.deploymentType, DEPLOYMENT_TYPES, 'deploymentType');
        byRegion.set(`${d.region.toLowerCase()}|${deploymentType}`, {
          row: {
            id: randomUUID(),
            ...this.ws,
            networkManagerId: managerUuid,
            region: d.region,
            deploymentType,
            deploymentStatus: 'Deployed',
            configurationIds: d.configurationIds,
          },
          configurationIds: d.configurationIds,
        });
      }
      deployments.push(...byRegion.values());
    }
    await this.createMany((data) => tx.networkGroup.createMany({ data }), groups);
    await this.createMany((data) => tx.networkGroupStaticMember.createMany({ data }), members);
    await this.createMany((data) => tx.securityAdminConfiguration.createMany({ data }), configs);
    await this.createMany((data) => tx.adminRuleCollection.createMany({ data }), collections);
    const groupIds = uuidMap(
      await tx.networkGroup.findMany({ where: this.ws, select: { id: true, armId: true } }),
    );
    await this.createMany(
      (data) => tx.adminRuleCollectionNetworkGroup.createMany({ data }),
      collectionGroups.map((l) => ({
        ...this.ws,
        adminRuleCollectionId: l.collectionId,
        networkGroupId: required(groupIds, l.groupArmId),
      })),
    );
    await this.createMany((data) => tx.adminRule.createMany({ data }), rules);
    await this.createMany((data) => tx.adminRuleAddress.createMany({ data }), addresses);
    await this.createMany(
      (data) => tx.networkManagerDeployment.createMany({ data }),
      deployments.map((d) => d.row),
    );
    const configIds = uuidMap(
      await tx.securityAdminConfiguration.findMany({ where: this.ws, select: { id: true, armId: true } }),
    );
    const deploymentConfigs: Prisma.NetworkManagerDeploymentConfigurationCreateManyInput[] = [];
    for (const d of deployments) {
      for (const key of new Set(d.configurationIds.map(armIdKey))) {
        const configId = configIds.get(key);
        if (configId) {
          deploymentConfigs.push({
            ...this.ws,
            networkManagerDeploymentId: d.row.id as string,
            securityAdminConfigurationId: configId,
          });
        }
      }
    }
    await this.createMany(
      (data) => tx.networkManagerDeploymentConfiguration.createMany({ data }),
      deploymentConfigs,
    );
  }

  private async writeServiceTags(tags: { name: string; addressPrefixes: string[] }[]): Promise<void> {
    const { tx } = this;
    const rows = await tx.serviceTag.findMany({ where: this.ws, select: { id: true, name: true } });
    const ids = new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
    const plan = this.plan('serviceTags', tags, ids);
    await this.createMany(
      (data) => tx.serviceTag.createMany({ data }),
      plan.create.map(({ item, uuid }) => ({
        id: uuid,
        ...this.ws,
        name: item.name,
        addressPrefixes: item.addressPrefixes,
      })),
    );
    for (const { item, uuid } of plan.update) {
      await tx.serviceTag.update({
        where: { id: uuid },
        data: { name: item.name, addressPrefixes: item.addressPrefixes, version: { increment: 1 } },
      });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Splits a kind's documents into new rows, changed rows and unchanged ones (counted, then left alone). */
  private plan<T extends { id?: string; name: string }>(
    kind: string,
    items: T[] | undefined,
    ids: Map<string, string>,
  ): Plan<T> {
    const plan: Plan<T> = { create: [], update: [] };
    const index = this.existingIndex.get(kind);
    for (const item of items ?? []) {
      const key = itemKey(kind, item);
      const uuid = ids.get(key);
      if (!uuid) {
        const fresh = randomUUID();
        ids.set(key, fresh);
        plan.create.push({ item, uuid: fresh });
        this.count(kind, 'created', item.id);
      } else if (index?.has(key) && canonical(index.get(key)) === canonical(item)) {
        this.count(kind, 'unchanged');
      } else {
        plan.update.push({ item, uuid });
        this.count(kind, 'updated', item.id);
      }
    }
    return plan;
  }

  private previousChildren<P, C extends { id?: string }>(
    kind: string,
    id: string,
    children: (p: P) => C[],
  ): Map<string, C> {
    const parent = this.existingIndex.get(kind)?.get(armIdKey(id)) as P | undefined;
    return new Map(
      parent ? children(parent).flatMap((c) => (c.id ? [[armIdKey(c.id), c] as const] : [])) : [],
    );
  }

  /** Counts a resource of `kind`; a created or updated one's ARM id goes to `changedArmIds` (History by prefix). */
  private count(kind: string, field: 'created' | 'updated' | 'unchanged', armId?: string): void {
    if (field !== 'unchanged' && armId) this.changedArmIds?.push(armId);
    let entry = this.counts.get(kind);
    if (!entry) {
      entry = { kind, created: 0, updated: 0, unchanged: 0 };
      this.counts.set(kind, entry);
    }
    entry[field] += 1;
  }

  private async createMany<T>(insert: (data: T[]) => Promise<unknown>, rows: T[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
  }
}

/** Column types of the bulk-inserted tables (Prisma field → Postgres type); columns follow the @map convention. */
const TABLES = {
  application_security_group: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    name: 'text',
    location: 'text',
  },
  network_security_group: { id: 'uuid', workspaceId: 'uuid', armId: 'text', name: 'text', location: 'text' },
  virtual_network: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    name: 'text',
    location: 'text',
    addressPrefixes: 'text[]',
    extraVirtualNetworkPrefixes: 'text[]',
    adminRulesExempt: 'boolean',
  },
  subnet: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    virtualNetworkId: 'uuid',
    name: 'text',
    addressPrefixes: 'text[]',
    networkSecurityGroupId: 'uuid',
    adminRulesExempt: 'boolean',
  },
  virtual_network_peering: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    virtualNetworkId: 'uuid',
    name: 'text',
    remoteVirtualNetworkArmId: 'text',
    remoteVirtualNetworkId: 'uuid',
    remoteAddressPrefixes: 'text[]',
    allowVirtualNetworkAccess: 'boolean',
    peeringState: 'virtual_network_peering_state',
  },
  security_rule: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    networkSecurityGroupId: 'uuid',
    name: 'text',
    description: 'text',
    priority: 'integer',
    direction: 'security_rule_direction',
    access: 'security_rule_access',
    protocol: 'security_rule_protocol',
    sourceAddressPrefix: 'text',
    sourceAddressPrefixes: 'text[]',
    destinationAddressPrefix: 'text',
    destinationAddressPrefixes: 'text[]',
    sourcePortRange: 'text',
    sourcePortRanges: 'text[]',
    destinationPortRange: 'text',
    destinationPortRanges: 'text[]',
    version: 'integer',
  },
  security_rule_application_security_group: {
    workspaceId: 'uuid',
    securityRuleId: 'uuid',
    side: 'address_side',
    applicationSecurityGroupId: 'uuid',
  },
  virtual_machine: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    name: 'text',
    location: 'text',
    powerState: 'text',
  },
  network_interface: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    name: 'text',
    location: 'text',
    networkSecurityGroupId: 'uuid',
    enableIPForwarding: 'boolean',
    virtualMachineId: 'uuid',
    primary: 'boolean',
  },
  ip_configuration: {
    id: 'uuid',
    workspaceId: 'uuid',
    armId: 'text',
    networkInterfaceId: 'uuid',
    name: 'text',
    privateIPAddress: 'text',
    privateIPAddressVersion: 'ip_version',
    primary: 'boolean',
    subnetId: 'uuid',
    version: 'integer',
  },
  ip_configuration_application_security_group: {
    workspaceId: 'uuid',
    ipConfigurationId: 'uuid',
    applicationSecurityGroupId: 'uuid',
  },
} as const satisfies Record<string, Record<string, string>>;

type Table = keyof typeof TABLES;
type Row<T extends Table> = { [K in keyof (typeof TABLES)[T]]: unknown };

/** `privateIPAddress` → `private_ip_address` (the schema's @map convention). */
function columnOf(field: string): string {
  return field.replace(/IP/g, 'Ip').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const BULK_ROWS = 5000;

/**
 * Bulk insert: one `INSERT … SELECT … FROM json_to_recordset($1)` per 5,000 rows. Prisma's createMany costs about a
 * millisecond per row here, which a 50 MB import cannot afford; this is ~50× faster and keeps memory flat.
 */
async function insertRows<T extends Table>(tx: Tx, table: T, rows: Row<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const spec = TABLES[table] as Record<string, string>;
  const fields = Object.keys(spec);
  const columns = fields.map((f) => `"${columnOf(f)}"`).join(', ');
  const record = fields.map((f) => `"${columnOf(f)}" ${spec[f]}`).join(', ');
  const sql = `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_to_recordset($1::json) AS x(${record})`;
  for (let i = 0; i < rows.length; i += BULK_ROWS) {
    const chunk = rows.slice(i, i + BULK_ROWS).map((row) => {
      const out: Record<string, unknown> = {};
      for (const f of fields) out[columnOf(f)] = (row as Record<string, unknown>)[f] ?? null;
      return out;
    });
    await tx.$executeRawUnsafe(sql, JSON.stringify(chunk));
  }
}

function securityRuleRow(rule: SecurityRuleInput) {
  return {
    name: rule.name,
    description: rule.description ?? null,
    priority: rule.priority,
    direction: pick(rule.direction, ['Inbound', 'Outbound'], 'direction'),
    access: pick(rule.access, ['Allow', 'Deny'], 'access'),
    protocol: pick(
      rule.protocol === '*' ? 'Any' : rule.protocol,
      ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', 'Any'],
      'protocol',
    ),
    sourceAddressPrefix: rule.sourceAddressPrefix ?? null,
    sourceAddressPrefixes: rule.sourceAddressPrefixes ?? [],
    destinationAddressPrefix: rule.destinationAddressPrefix ?? null,
    destinationAddressPrefixes: rule.destinationAddressPrefixes ?? [],
    sourcePortRange: rule.sourcePortRange ?? null,
    sourcePortRanges: rule.sourcePortRanges ?? [],
    destinationPortRange: rule.destinationPortRange ?? null,
    destinationPortRanges: rule.destinationPortRanges ?? [],
  };
}

function adminRuleRow(rule: AdminRuleInput) {
  return {
    name: rule.name,
    kind: pick(rule.kind, ['Custom', 'Default'], 'kind'),
    description: rule.description ?? null,
    access: pick(rule.access, ['Allow', 'Deny', 'AlwaysAllow'], 'access'),
    priority: rule.priority,
    direction: pick(rule.direction, ['Inbound', 'Outbound'], 'direction'),
    protocol: pick(
      rule.protocol === '*' ? 'Any' : rule.protocol,
      ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', 'Any'],
      'protocol',
    ),
    sourcePortRanges: rule.sourcePortRanges,
    destinationPortRanges: rule.destinationPortRanges,
  };
}

function itemKey(kind: string, item: { id?: string; name: string }): string {
  return kind === 'serviceTags' ? item.name.toLowerCase() : armIdKey(item.id ?? item.name);
}

function uuidMap(rows: { id: string; armId: string | null }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of rows) if (r.armId) map.set(armIdKey(r.armId), r.id);
  return map;
}

function ref(ids: Map<string, string>, armId: string | null | undefined): string | null {
  return armId ? (ids.get(armIdKey(armId)) ?? null) : null;
}

/** A reference the engine has already validated; missing means a bug, reported as an import error anyway. */
function required(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw writeError('UnresolvedReference', `${key} is not in the document or the workspace`);
  return id;
}

const PEERING_STATES = ['Initiated', 'Connected', 'Disconnected'] as const;
const DEPLOYMENT_TYPES = ['SecurityAdmin', 'Connectivity', 'Routing', 'SecurityUser'] as const;

/**
 * The values the engine lets through but the database stores only in Azure's spelling (a peering's state, a
 * deployment's type), as issues with paths into the NetworkInput: checked before anything is written, so the
 * import lists each at its JSON path instead of failing on the first while writing.
 */
export function checkStoredValues(document: NetworkInput): Issue[] {
  const issues: Issue[] = [];
  const check = (
    value: string,
    allowed: readonly string[],
    path: (string | number)[],
    resourceId: string,
  ): void => {
    if (allowed.some((a) => a.toLowerCase() === value.trim().toLowerCase())) return;
    const field = String(path.at(-1));
    issues.push({
      code: 'InvalidValue',
      path,
      message: `${field} '${value}' must be one of ${allowed.join(', ')}`,
      resourceId,
      severity: 'error',
    });
  };
  document.virtualNetworks.forEach((vnet, v) =>
    vnet.virtualNetworkPeerings.forEach((peering, p) =>
      check(
        peering.peeringState,
        PEERING_STATES,
        ['virtualNetworks', v, 'virtualNetworkPeerings', p, 'peeringState'],
        peering.id ?? vnet.id,
      ),
    ),
  );
  (document.networkManagers ?? []).forEach((manager, m) =>
    manager.deployments.forEach((deployment, d) =>
      check(
        deployment.deploymentType,
        DEPLOYMENT_TYPES,
        ['networkManagers', m, 'deployments', d, 'deploymentType'],
        manager.id,
      ),
    ),
  );
  return issues;
}

/** Azure's spelling of an enum value, matched case-insensitively (the engine accepts any case). */
function pick<const T extends string>(value: string, allowed: readonly T[], field: string): T {
  const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
  if (!found) throw writeError('InvalidValue', `${field} '${value}' must be one of ${allowed.join(', ')}`);
  return found;
}

function writeError(code: string, message: string): AppError {
  return new AppError('InvalidInput', `The import is invalid: ${message}`, {
    reason: 'InvalidImport',
    field: 'document',
    issues: [{ code, path: ['$'], message, severity: 'error' }],
  });
}

/**
 * A comparison form of one resource as the engine sees it: keys sorted, nulls/empties/false dropped, lists
 * sorted, enum-ish strings compared case-insensitively (`inbound` = `Inbound`, `*` = `Any`).
 */
export function canonical(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonicalValue).filter((v) => v !== undefined);
    return items.length ? items.map((v) => JSON.stringify(v)).sort() : undefined;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonicalValue((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === null || value === undefined || value === false || value === '') return undefined;
  if (typeof value === 'string') return value === '*' ? 'any' : value.toLowerCase();
  return value;
}

/** A stored child row an import may keep or write again under the same id. */
interface StoredChild {
  id: string;
  armId: string;
  version: number;
}

function ipConfigurationArmId(
  nic: NetworkInterfaceInput,
  c: NetworkInterfaceInput['ipConfigurations'][number],
) {
  return c.id ?? `${nic.id}/ipConfigurations/${c.name}`;
}

/** A manager's groups, configurations, rule collections and admin rules by ARM id key (empty for none). */
function managerParts(manager: NetworkManagerInput | undefined): Map<string, unknown> {
  const parts = new Map<string, unknown>();
  for (const group of manager?.networkGroups ?? []) parts.set(armIdKey(group.id), group);
  for (const config of manager?.securityAdminConfigurations ?? []) {
    parts.set(armIdKey(config.id), config);
    for (const collection of config.ruleCollections) {
      parts.set(armIdKey(collection.id), collection);
      for (const rule of collection.rules) parts.set(armIdKey(rule.id), rule);
    }
  }
  return parts;
}
