/**
 * The ONE conversion from database rows to the engine's input (`NetworkInput`). Everything the engine sees about a
 * workspace comes through `loadNetwork`, read from one consistent snapshot together with the workspace's
 * `version` (the cache generation).
 */
import type { PrismaClient, Tx } from '../db';
import type { NetworkInput } from '../engine';

export interface NetworkSnapshot {
  workspaceId: string;
  /** The workspace's model version at the time of the read. */
  version: number;
  input: NetworkInput;
}

/**
 * Reads a workspace's whole model. With a `PrismaClient`, the reads run in one repeatable-read transaction; with a
 * transaction client (inside a mutation), they see that transaction's uncommitted writes.
 */
export async function loadNetwork(db: PrismaClient | Tx, workspaceId: string): Promise<NetworkSnapshot> {
  if ('$transaction' in db) {
    return db.$transaction((tx) => readNetwork(tx, workspaceId), { isolationLevel: 'RepeatableRead' });
  }
  return readNetwork(db, workspaceId);
}

async function readNetwork(tx: Tx, workspaceId: string): Promise<NetworkSnapshot> {
  const where = { workspaceId };
  // Sequential on purpose: inside a transaction the queries share one connection anyway.
  const workspace = await tx.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { version: true },
  });
  const vnets = await tx.virtualNetwork.findMany({ where, orderBy: { armId: 'asc' } });
  const subnets = await tx.subnet.findMany({ where, orderBy: { armId: 'asc' } });
  const peerings = await tx.virtualNetworkPeering.findMany({ where, orderBy: { armId: 'asc' } });
  const nsgs = await tx.networkSecurityGroup.findMany({ where, orderBy: { armId: 'asc' } });
  const rules = await tx.securityRule.findMany({ where, orderBy: [{ priority: 'asc' }, { armId: 'asc' }] });
  const ruleAsgs = await tx.securityRuleApplicationSecurityGroup.findMany({ where });
  const asgs = await tx.applicationSecurityGroup.findMany({ where, orderBy: { armId: 'asc' } });
  const nics = await tx.networkInterface.findMany({ where, orderBy: { armId: 'asc' } });
  const ipConfigs = await tx.ipConfiguration.findMany({ where, orderBy: { armId: 'asc' } });
  const ipConfigAsgs = await tx.ipConfigurationApplicationSecurityGroup.findMany({ where });
  const vms = await tx.virtualMachine.findMany({ where, orderBy: { armId: 'asc' } });
  const serviceTags = await tx.serviceTag.findMany({ where, orderBy: { name: 'asc' } });
  const managers = await tx.networkManager.findMany({ where, orderBy: { armId: 'asc' } });
  const groups = await tx.networkGroup.findMany({ where, orderBy: { armId: 'asc' } });
  const members = await tx.networkGroupStaticMember.findMany({ where, orderBy: { resourceId: 'asc' } });
  const configs = await tx.securityAdminConfiguration.findMany({ where, orderBy: { armId: 'asc' } });
  const collections = await tx.adminRuleCollection.findMany({ where, orderBy: { armId: 'asc' } });
  const collectionGroups = await tx.adminRuleCollectionNetworkGroup.findMany({ where });
  const adminRules = await tx.adminRule.findMany({ where, orderBy: [{ priority: 'asc' }, { armId: 'asc' }] });
  const addresses = await tx.adminRuleAddress.findMany({
    where,
    orderBy: [{ side: 'asc' }, { position: 'asc' }],
  });
  const deployments = await tx.networkManagerDeployment.findMany({ where, orderBy: [{ region: 'asc' }] });

  const armOf = <T extends { id: string; armId: string }>(rows: T[]) =>
    new Map(rows.map((r) => [r.id, r.armId]));
  const group = <T>(rows: T[], key: (r: T) => string) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = key(r);
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    return m;
  };
  const nsgArm = armOf(nsgs);
  const asgArm = armOf(asgs);
  const subnetArm = armOf(subnets);
  const groupArm = armOf(groups);
  const subnetsByVnet = group(subnets, (s) => s.virtualNetworkId);
  const peeringsByVnet = group(peerings, (p) => p.virtualNetworkId);
  const rulesByNsg = group(rules, (r) => r.networkSecurityGroupId);
  const asgsByRule = group(ruleAsgs, (l) => l.securityRuleId);
  const ipConfigsByNic = group(ipConfigs, (c) => c.networkInterfaceId);
  const asgsByIpConfig = group(ipConfigAsgs, (l) => l.ipConfigurationId);
  const nicsByVm = group(
    nics.filter((n) => n.virtualMachineId),
    (n) => n.virtualMachineId!,
  );
  const groupsByManager = group(groups, (g) => g.networkManagerId);
  const membersByGroup = group(members, (m) => m.networkGroupId);
  const configsByManager = group(configs, (c) => c.networkManagerId);
  const collectionsByConfig = group(collections, (c) => c.securityAdminConfigurationId);
  const groupsByCollection = group(collectionGroups, (l) => l.adminRuleCollectionId);
  const rulesByCollection = group(adminRules, (r) => r.adminRuleCollectionId);
  const addressesByRule = group(addresses, (a) => a.adminRuleId);
  const deploymentsByManager = group(deployments, (d) => d.networkManagerId);
  const ref = (map: Map<string, string>, id: string | null) => (id ? (map.get(id) ?? null) : null);
  const asgIds = (links: { applicationSecurityGroupId: string }[] | undefined) =>
    (links ?? []).map((l) => asgArm.get(l.applicationSecurityGroupId)!).filter(Boolean);

  const input: NetworkInput = {
    virtualNetworks: vnets.map((v) => ({
      id: v.armId,
      name: v.name,
      location: v.location,
      addressPrefixes: v.addressPrefixes,
      extraVirtualNetworkPrefixes: v.extraVirtualNetworkPrefixes,
      adminRulesExempt: v.adminRulesExempt,
      subnets: (subnetsByVnet.get(v.id) ?? []).map((s) => ({
        id: s.armId,
        name: s.name,
        addressPrefixes: s.addressPrefixes,
        networkSecurityGroupId: ref(nsgArm, s.networkSecurityGroupId),
        adminRulesExempt: s.adminRulesExempt,
      })),
      virtualNetworkPeerings: (peeringsByVnet.get(v.id) ?? []).map((p) => ({
        id: p.armId,
        name: p.name,
        remoteVirtualNetworkId: p.remoteVirtualNetworkArmId,
        remoteAddressPrefixes: p.remoteAddressPrefixes,
        allowVirtualNetworkAccess: p.allowVirtualNetworkAccess,
        peeringState: p.peeringState,
      })),
    })),
    networkSecurityGroups: nsgs.map((n) => ({
      id: n.armId,
      name: n.name,
      location: n.location ?? undefined,
      securityRules: (rulesByNsg.get(n.id) ?? []).map((r) => {
        const links = asgsByRule.get(r.id) ?? [];
        return {
          id: r.armId,
          name: r.name,
          description: r.description,
          priority: r.priority,
          direction: r.direction,
          access: r.access,
          protocol: r.protocol === 'Any' ? '*' : r.protocol,
          sourceAddressPrefix: r.sourceAddressPrefix,
          sourceAddressPrefixes: r.sourceAddressPrefixes,
          sourceApplicationSecurityGroupIds: asgIds(links.filter((l) => l.side === 'Source')),
          destinationAddressPrefix: r.destinationAddressPrefix,
          destinationAddressPrefixes: r.destinationAddressPrefixes,
          destinationApplicationSecurityGroupIds: asgIds(links.filter((l) => l.side === 'Destination')),
          sourcePortRange: r.sourcePortRange,
          sourcePortRanges: r.sourcePortRanges,
          destinationPortRange: r.destinationPortRange,
          destinationPortRanges: r.destinationPortRanges,
        };
      }),
    })),
    applicationSecurityGroups: asgs.map((a) => ({
      id: a.armId,
      name: a.name,
      location: a.location ?? undefined,
    })),
    networkInterfaces: nics.map((n) => ({
      id: n.armId,
      name: n.name,
      location: n.location ?? undefined,
      networkSecurityGroupId: ref(nsgArm, n.networkSecurityGroupId),
      enableIPForwarding: n.enableIPForwarding,
      ipConfigurations: (ipConfigsByNic.get(n.id) ?? []).map((c) => ({
        id: c.armId,
        name: c.name,
        privateIPAddress: c.privateIPAddress,
        privateIPAddressVersion: c.privateIPAddressVersion,
        primary: c.primary,
        subnetId: subnetArm.get(c.subnetId) ?? '',
        applicationSecurityGroupIds: asgIds(asgsByIpConfig.get(c.id)),
      })),
    })),
    virtualMachines: vms.map((vm) => ({
      id: vm.armId,
      name: vm.name,
      location: vm.location,
      powerState: vm.powerState,
      networkInterfaces: (nicsByVm.get(vm.id) ?? []).map((n) => ({ id: n.armId, primary: n.primary })),
    })),
    serviceTags: serviceTags.map((t) => ({ name: t.name, addressPrefixes: t.addressPrefixes })),
    networkManagers: managers.map((m) => ({
      id: m.armId,
      name: m.name,
      scope: { managementGroups: m.managementGroups, subscriptions: m.subscriptions },
      networkGroups: (groupsByManager.get(m.id) ?? []).map((g) => ({
        id: g.armId,
        name: g.name,
        memberType: g.memberType,
        staticMemberIds: (membersByGroup.get(g.id) ?? []).map((s) => s.resourceId),
      })),
      securityAdminConfigurations: (configsByManager.get(m.id) ?? []).map((c) => ({
        id: c.armId,
        name: c.name,
        applyOnNetworkIntentPolicyBasedServices: c.applyOnNetworkIntentPolicyBasedServices,
        ruleCollections: (collectionsByConfig.get(c.id) ?? []).map((rc) => ({
          id: rc.armId,
          name: rc.name,
          appliesToGroupIds: (groupsByCollection.get(rc.id) ?? []).map((l) =>
            groupArm.get(l.networkGroupId)!,
          ),
          rules: (rulesByCollection.get(rc.id) ?? []).map((r) => {
            const items = addressesByRule.get(r.id) ?? [];
            const side = (s: 'Source' | 'Destination') =>
              items
                .filter((a) => a.side === s)
                .map((a) => ({ addressPrefix: a.addressPrefix, addressPrefixType: a.addressPrefixType }));
            return {
              id: r.armId,
              name: r.name,
              kind: r.kind,
              description: r.description,
              access: r.access,
              priority: r.priority,
              direction: r.direction,
              protocol: r.protocol,
              sources: side('Source'),
              destinations: side('Destination'),
              sourcePortRanges: r.sourcePortRanges,
              destinationPortRanges: r.destinationPortRanges,
            };
          }),
        })),
      })),
      deployments: (deploymentsByManager.get(m.id) ?? []).map((d) => ({
        region: d.region,
        deploymentType: d.deploymentType,
        configurationIds: d.configurationIds,
      })),
    })),
  };
  return { workspaceId, version: workspace.version, input };
}
