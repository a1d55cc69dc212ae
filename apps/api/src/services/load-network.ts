/**
 * The ONE conversion from database rows to the engine's input (`NetworkInput`). Everything the engine sees about a
 * workspace comes through `loadNetwork`, read from one consistent snapshot together with the workspace's
 * `version` (the cache generation).
 */
import type * as db from '../db';
import type { PrismaClient, Tx } from '../db';
import type { NetworkInput } from '../engine';

export interface NetworkSnapshot {
  workspaceId: string;
  /** The workspace's model version at the time of the read. */
  version: number;
  input: NetworkInput;
}

/**
 * Reads a workspace's whole model in one statement (a consistent snapshot). Inside a mutation, pass the transaction
 * client: the read then sees that transaction's uncommitted writes.
 */
export async function loadNetwork(db: PrismaClient | Tx, workspaceId: string): Promise<NetworkSnapshot> {
  return readNetwork(db, workspaceId);
}

/**
 * One statement, one round trip: Postgres builds every table's rows as JSON (a single statement also reads one
 * consistent snapshot). Column names are the migrations' (snake_case), aliased to the Prisma field names.
 */
const SNAPSHOT_SQL = `
SELECT
  (SELECT version FROM "workspace" WHERE id = $1::uuid) AS "version",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'name', t.name, 'location', t.location, 'addressPrefixes', t.address_prefixes, 'extraVirtualNetworkPrefixes', t.extra_virtual_network_prefixes, 'adminRulesExempt', t.admin_rules_exempt) ORDER BY t.arm_id), '[]'::json) FROM "virtual_network" t WHERE t.workspace_id = $1::uuid) AS "vnets",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'virtualNetworkId', t.virtual_network_id, 'name', t.name, 'addressPrefixes', t.address_prefixes, 'networkSecurityGroupId', t.network_security_group_id, 'adminRulesExempt', t.admin_rules_exempt) ORDER BY t.arm_id), '[]'::json) FROM "subnet" t WHERE t.workspace_id = $1::uuid) AS "subnets",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'virtualNetworkId', t.virtual_network_id, 'name', t.name, 'remoteVirtualNetworkArmId', t.remote_virtual_network_arm_id, 'remoteAddressPrefixes', t.remote_address_prefixes, 'allowVirtualNetworkAccess', t.allow_virtual_network_access, 'peeringState', t.peering_state) ORDER BY t.arm_id), '[]'::json) FROM "virtual_network_peering" t WHERE t.workspace_id = $1::uuid) AS "peerings",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'name', t.name, 'location', t.location) ORDER BY t.arm_id), '[]'::json) FROM "network_security_group" t WHERE t.workspace_id = $1::uuid) AS "nsgs",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'networkSecurityGroupId', t.network_security_group_id, 'name', t.name, 'description', t.description, 'priority', t.priority, 'direction', t.direction, 'access', t.access, 'protocol', t.protocol, 'sourceAddressPrefix', t.source_address_prefix, 'sourceAddressPrefixes', t.source_address_prefixes, 'destinationAddressPrefix', t.destination_address_prefix, 'destinationAddressPrefixes', t.destination_address_prefixes, 'sourcePortRange', t.source_port_range, 'sourcePortRanges', t.source_port_ranges, 'destinationPortRange', t.destination_port_range, 'destinationPortRanges', t.destination_port_ranges) ORDER BY t.priority, t.arm_id), '[]'::json) FROM "security_rule" t WHERE t.workspace_id = $1::uuid) AS "rules",
  (SELECT coalesce(json_agg(json_build_object('securityRuleId', t.security_rule_id, 'side', t.side, 'applicationSecurityGroupId', t.application_security_group_id) ORDER BY t.security_rule_id, t.side, t.application_security_group_id), '[]'::json) FROM "security_rule_application_security_group" t WHERE t.workspace_id = $1::uuid) AS "ruleAsgs",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'name', t.name, 'location', t.location) ORDER BY t.arm_id), '[]'::json) FROM "application_security_group" t WHERE t.workspace_id = $1::uuid) AS "asgs",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'name', t.name, 'location', t.location, 'networkSecurityGroupId', t.network_security_group_id, 'enableIPForwarding', t.enable_ip_forwarding, 'virtualMachineId', t.virtual_machine_id, 'primary', t."primary") ORDER BY t.arm_id), '[]'::json) FROM "network_interface" t WHERE t.workspace_id = $1::uuid) AS "nics",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'networkInterfaceId', t.network_interface_id, 'name', t.name, 'privateIPAddress', t.private_ip_address, 'privateIPAddressVersion', t.private_ip_address_version, 'primary', t."primary", 'subnetId', t.subnet_id) ORDER BY t.arm_id), '[]'::json) FROM "ip_configuration" t WHERE t.workspace_id = $1::uuid) AS "ipConfigs",
  (SELECT coalesce(json_agg(json_build_object('ipConfigurationId', t.ip_configuration_id, 'applicationSecurityGroupId', t.application_security_group_id) ORDER BY t.ip_configuration_id, t.application_security_group_id), '[]'::json) FROM "ip_configuration_application_security_group" t WHERE t.workspace_id = $1::uuid) AS "ipConfigAsgs",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'name', t.name, 'location', t.location, 'powerState', t.power_state) ORDER BY t.arm_id), '[]'::json) FROM "virtual_machine" t WHERE t.workspace_id = $1::uuid) AS "vms",
  (SELECT coalesce(json_agg(json_build_object('name', t.name, 'addressPrefixes', t.address_prefixes) ORDER BY t.name), '[]'::json) FROM "service_tag" t WHERE t.workspace_id = $1::uuid) AS "serviceTags",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'name', t.name, 'managementGroups', t.management_groups, 'subscriptions', t.subscriptions) ORDER BY t.arm_id), '[]'::json) FROM "network_manager" t WHERE t.workspace_id = $1::uuid) AS "managers",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'networkManagerId', t.network_manager_id, 'name', t.name, 'memberType', t.member_type, 'description', t.description) ORDER BY t.arm_id), '[]'::json) FROM "network_group" t WHERE t.workspace_id = $1::uuid) AS "groups",
  (SELECT coalesce(json_agg(json_build_object('networkGroupId', t.network_group_id, 'resourceId', t.resource_id) ORDER BY t.resource_id), '[]'::json) FROM "network_group_static_member" t WHERE t.workspace_id = $1::uuid) AS "members",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'networkManagerId', t.network_manager_id, 'name', t.name, 'applyOnNetworkIntentPolicyBasedServices', t.apply_on_network_intent_policy_based_services, 'description', t.description) ORDER BY t.arm_id), '[]'::json) FROM "security_admin_configuration" t WHERE t.workspace_id = $1::uuid) AS "configs",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'securityAdminConfigurationId', t.security_admin_configuration_id, 'name', t.name) ORDER BY t.arm_id), '[]'::json) FROM "admin_rule_collection" t WHERE t.workspace_id = $1::uuid) AS "collections",
  (SELECT coalesce(json_agg(json_build_object('adminRuleCollectionId', t.admin_rule_collection_id, 'networkGroupId', t.network_group_id) ORDER BY t.admin_rule_collection_id, t.network_group_id), '[]'::json) FROM "admin_rule_collection_network_group" t WHERE t.workspace_id = $1::uuid) AS "collectionGroups",
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'armId', t.arm_id, 'adminRuleCollectionId', t.admin_rule_collection_id, 'name', t.name, 'kind', t.kind, 'description', t.description, 'access', t.access, 'priority', t.priority, 'direction', t.direction, 'protocol', t.protocol, 'sourcePortRanges', t.source_port_ranges, 'destinationPortRanges', t.destination_port_ranges) ORDER BY t.priority, t.arm_id), '[]'::json) FROM "admin_rule" t WHERE t.workspace_id = $1::uuid) AS "adminRules",
  (SELECT coalesce(json_agg(json_build_object('adminRuleId', t.admin_rule_id, 'side', t.side, 'position', t.position, 'addressPrefix', t.address_prefix, 'addressPrefixType', t.address_prefix_type) ORDER BY t.side, t.position), '[]'::json) FROM "admin_rule_address" t WHERE t.workspace_id = $1::uuid) AS "addresses",
  (SELECT coalesce(json_agg(json_build_object('networkManagerId', t.network_manager_id, 'region', t.region, 'deploymentType', t.deployment_type, 'configurationIds', t.configuration_ids) ORDER BY t.region), '[]'::json) FROM "network_manager_deployment" t WHERE t.workspace_id = $1::uuid) AS "deployments"`;

interface SnapshotRows {
  version: number | null;
  vnets: Pick<
    db.VirtualNetwork,
    | 'id'
    | 'armId'
    | 'name'
    | 'location'
    | 'addressPrefixes'
    | 'extraVirtualNetworkPrefixes'
    | 'adminRulesExempt'
  >[];
  subnets: Pick<
    db.Subnet,
    | 'id'
    | 'armId'
    | 'virtualNetworkId'
    | 'name'
    | 'addressPrefixes'
    | 'networkSecurityGroupId'
    | 'adminRulesExempt'
  >[];
  peerings: Pick<
    db.VirtualNetworkPeering,
    | 'id'
    | 'armId'
    | 'virtualNetworkId'
    | 'name'
    | 'remoteVirtualNetworkArmId'
    | 'remoteAddressPrefixes'
    | 'allowVirtualNetworkAccess'
    | 'peeringState'
  >[];
  nsgs: Pick<db.NetworkSecurityGroup, 'id' | 'armId' | 'name' | 'location'>[];
  rules: Pick<
    db.SecurityRule,
    | 'id'
    | 'armId'
    | 'networkSecurityGroupId'
    | 'name'
    | 'description'
    | 'priority'
    | 'direction'
    | 'access'
    | 'protocol'
    | 'sourceAddressPrefix'
    | 'sourceAddressPrefixes'
    | 'destinationAddressPrefix'
    | 'destinationAddressPrefixes'
    | 'sourcePortRange'
    | 'sourcePortRanges'
    | 'destinationPortRange'
    | 'destinationPortRanges'
  >[];
  ruleAsgs: Pick<
    db.SecurityRuleApplicationSecurityGroup,
    'securityRuleId' | 'side' | 'applicationSecurityGroupId'
  >[];
  asgs: Pick<db.ApplicationSecurityGroup, 'id' | 'armId' | 'name' | 'location'>[];
  nics: Pick<
    db.NetworkInterface,
    | 'id'
    | 'armId'
    | 'name'
    | 'location'
    | 'networkSecurityGroupId'
    | 'enableIPForwarding'
    | 'virtualMachineId'
    | 'primary'
  >[];
  ipConfigs: Pick<
    db.IpConfiguration,
    | 'id'
    | 'armId'
    | 'networkInterfaceId'
    | 'name'
    | 'privateIPAddress'
    | 'privateIPAddressVersion'
    | 'primary'
    | 'subnetId'
  >[];
  ipConfigAsgs: Pick<
    db.IpConfigurationApplicationSecurityGroup,
    'ipConfigurationId' | 'applicationSecurityGroupId'
  >[];
  vms: Pick<db.VirtualMachine, 'id' | 'armId' | 'name' | 'location' | 'powerState'>[];
  serviceTags: Pick<db.ServiceTag, 'name' | 'addressPrefixes'>[];
  managers: Pick<db.NetworkManager, 'id' | 'armId' | 'name' | 'managementGroups' | 'subscriptions'>[];
  groups: Pick<
    db.NetworkGroup,
    'id' | 'armId' | 'networkManagerId' | 'name' | 'memberType' | 'description'
  >[];
  members: Pick<db.NetworkGroupStaticMember, 'networkGroupId' | 'resourceId'>[];
  configs: Pick<
    db.SecurityAdminConfiguration,
    'id' | 'armId' | 'networkManagerId' | 'name' | 'applyOnNetworkIntentPolicyBasedServices' | 'description'
  >[];
  collections: Pick<db.AdminRuleCollection, 'id' | 'armId' | 'securityAdminConfigurationId' | 'name'>[];
  collectionGroups: Pick<db.AdminRuleCollectionNetworkGroup, 'adminRuleCollectionId' | 'networkGroupId'>[];
  adminRules: Pick<
    db.AdminRule,
    | 'id'
    | 'armId'
    | 'adminRuleCollectionId'
    | 'name'
    | 'kind'
    | 'description'
    | 'access'
    | 'priority'
    | 'direction'
    | 'protocol'
    | 'sourcePortRanges'
    | 'destinationPortRanges'
  >[];
  addresses: Pick<
    db.AdminRuleAddress,
    'adminRuleId' | 'side' | 'position' | 'addressPrefix' | 'addressPrefixType'
  >[];
  deployments: Pick<
    db.NetworkManagerDeployment,
    'networkManagerId' | 'region' | 'deploymentType' | 'configurationIds'
  >[];
}

function parseJsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

async function readNetwork(tx: Tx, workspaceId: string): Promise<NetworkSnapshot> {
  const [raw] = await tx.$queryRawUnsafe<Record<string, unknown>[]>(SNAPSHOT_SQL, workspaceId);
  if (!raw || raw.version === null || raw.version === undefined) {
    throw new Error(`workspace ${workspaceId} does not exist`);
  }
  const rows = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, k === 'version' ? Number(v) : parseJsonColumn(v)]),
  ) as unknown as SnapshotRows;
  const workspace = { version: Number(rows.version) };
  const {
    vnets,
    subnets,
    peerings,
    nsgs,
    rules,
    ruleAsgs,
    asgs,
    nics,
    ipConfigs,
    ipConfigAsgs,
    vms,
    serviceTags,
  } = rows;
  const {
    managers,
    groups,
    members,
    configs,
    collections,
    collectionGroups,
    adminRules,
    addresses,
    deployments,
  } = rows;

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
        ...(g.description !== null ? { description: g.description } : {}),
      })),
      securityAdminConfigurations: (configsByManager.get(m.id) ?? []).map((c) => ({
        id: c.armId,
        name: c.name,
        applyOnNetworkIntentPolicyBasedServices: c.applyOnNetworkIntentPolicyBasedServices,
        ...(c.description !== null ? { description: c.description } : {}),
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
