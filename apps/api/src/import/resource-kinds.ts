/**
 * The Azure resource types the importer understands, and how it recognises them: by `type` (case-insensitive),
 * by the type spelled in the resource id, by the key of a by-kind object, or by shape.
 */

export type ResourceKind =
  | 'virtualNetwork'
  | 'subnet'
  | 'virtualNetworkPeering'
  | 'networkSecurityGroup'
  | 'securityRule'
  | 'defaultSecurityRule'
  | 'networkInterface'
  | 'ipConfiguration'
  | 'virtualMachine'
  | 'applicationSecurityGroup'
  | 'networkManager'
  | 'networkGroup'
  | 'staticMember'
  | 'securityAdminConfiguration'
  | 'ruleCollection'
  | 'adminRule'
  | 'serviceTag';

/** ARM type (as Azure spells it) of each kind. */
export const ARM_TYPES: Record<ResourceKind, string> = {
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  virtualNetworkPeering: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  networkSecurityGroup: 'Microsoft.Network/networkSecurityGroups',
  securityRule: 'Microsoft.Network/networkSecurityGroups/securityRules',
  defaultSecurityRule: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
  networkInterface: 'Microsoft.Network/networkInterfaces',
  ipConfiguration: 'Microsoft.Network/networkInterfaces/ipConfigurations',
  virtualMachine: 'Microsoft.Compute/virtualMachines',
  applicationSecurityGroup: 'Microsoft.Network/applicationSecurityGroups',
  networkManager: 'Microsoft.Network/networkManagers',
  networkGroup: 'Microsoft.Network/networkManagers/networkGroups',
  staticMember: 'Microsoft.Network/networkManagers/networkGroups/staticMembers',
  securityAdminConfiguration: 'Microsoft.Network/networkManagers/securityAdminConfigurations',
  ruleCollection: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections',
  adminRule: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
  serviceTag: 'Microsoft.Network/serviceTags',
};

const KIND_BY_TYPE = new Map<string, ResourceKind>(
  Object.entries(ARM_TYPES).map(([kind, type]) => [type.toLowerCase(), kind as ResourceKind]),
);

/** The kind for an ARM type string (case-insensitive), if the importer knows it. */
export function kindOfType(type: string): ResourceKind | undefined {
  return KIND_BY_TYPE.get(type.trim().toLowerCase());
}

/** Kinds that live inside a parent resource; the rest are top-level. */
export const CHILD_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'subnet',
  'virtualNetworkPeering',
  'securityRule',
  'defaultSecurityRule',
  'ipConfiguration',
  'networkGroup',
  'staticMember',
  'securityAdminConfiguration',
  'ruleCollection',
  'adminRule',
]);

/** Keys of a by-kind object (`{ "virtualNetworks": [...] }`), lower-cased, with the az command nicknames. */
const KIND_BY_KEY = new Map<string, ResourceKind>([
  ['virtualnetworks', 'virtualNetwork'],
  ['vnets', 'virtualNetwork'],
  ['subnets', 'subnet'],
  ['virtualnetworkpeerings', 'virtualNetworkPeering'],
  ['peerings', 'virtualNetworkPeering'],
  ['networksecuritygroups', 'networkSecurityGroup'],
  ['nsgs', 'networkSecurityGroup'],
  ['securityrules', 'securityRule'],
  ['networkinterfaces', 'networkInterface'],
  ['nics', 'networkInterface'],
  ['virtualmachines', 'virtualMachine'],
  ['vms', 'virtualMachine'],
  ['applicationsecuritygroups', 'applicationSecurityGroup'],
  ['asgs', 'applicationSecurityGroup'],
  ['networkmanagers', 'networkManager'],
  ['networkgroups', 'networkGroup'],
  ['securityadminconfigurations', 'securityAdminConfiguration'],
  ['rulecollections', 'ruleCollection'],
  ['servicetags', 'serviceTag'],
]);

/** The kind a by-kind object's key stands for, if any. */
export function kindOfKey(key: string): ResourceKind | undefined {
  return KIND_BY_KEY.get(key.toLowerCase());
}

/** Recognises a resource without a usable `type` by its fields (ARM REST or az flattened). */
export function kindOfShape(obj: Record<string, unknown>): ResourceKind | undefined {
  const props = isRecord(obj.properties) ? obj.properties : obj;
  const has = (key: string): boolean => key in props || key in obj;
  if (has('addressSpace')) return 'virtualNetwork';
  if (has('securityRules') || has('defaultSecurityRules')) return 'networkSecurityGroup';
  if (has('ipConfigurations')) return 'networkInterface';
  if (has('networkProfile') || has('hardwareProfile')) return 'virtualMachine';
  if (has('networkManagerScopes')) return 'networkManager';
  if (has('remoteVirtualNetwork')) return 'virtualNetworkPeering';
  if (has('priority') && has('direction') && has('access')) {
    return has('sources') || has('destinations') || has('kind') ? 'adminRule' : 'securityRule';
  }
  if (has('addressPrefixes') && (has('systemService') || !has('id'))) return 'serviceTag';
  if (has('addressPrefix') || has('addressPrefixes')) return 'subnet';
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
