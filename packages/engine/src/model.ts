/**
 * The engine's input contract: plain data, in Azure's own vocabulary (ARM field names), with every
 * cross-reference given as an ARM resource id (compared case-insensitively by the engine).
 *
 * These `…Input` types are *unvalidated*: the API converts database rows into them in one place, the
 * importer converts Azure exports into them, and `parseNetwork` validates them (returning issues, never
 * throwing). Default security rules are never part of the input: the engine synthesises them.
 */

/** One problem found in user data. `path` locates it inside the input (zod's shape). */
export interface Issue {
  code: string;
  path: (string | number)[];
  message: string;
  /** ARM id of the resource the issue is about, when there is one. */
  resourceId?: string;
  /** Warnings do not stop an import or a mutation; errors do. */
  severity?: 'error' | 'warning';
}

export interface NetworkInput {
  virtualNetworks: VirtualNetworkInput[];
  networkSecurityGroups: NetworkSecurityGroupInput[];
  applicationSecurityGroups: ApplicationSecurityGroupInput[];
  networkInterfaces: NetworkInterfaceInput[];
  virtualMachines: VirtualMachineInput[];
  /** User-defined service tags (name → prefixes), e.g. from the Service Tag Discovery JSON. */
  serviceTags?: ServiceTagInput[];
  networkManagers?: NetworkManagerInput[];
  options?: EngineOptionsInput;
}

/** The list-valued collections of a `NetworkInput` (every field but `options`). */
export const NETWORK_COLLECTIONS = [
  'virtualNetworks',
  'networkSecurityGroups',
  'applicationSecurityGroups',
  'networkInterfaces',
  'virtualMachines',
  'serviceTags',
  'networkManagers',
] as const satisfies readonly Exclude<keyof NetworkInput, 'options'>[];

export interface EngineOptionsInput {
  /**
   * Ranges excluded from the Internet tag (azure-semantics §4.3). Defaults to
   * 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/3 (IPv4 only); an IPv6 entry
   * narrows IPv6 Internet (2000::/3).
   */
  internetExclusions?: string[];
  /** Strict Azure compatibility: reject IPv6 queries with `Ipv6NotSupported` (§7.6). Default false. */
  strictIpv4?: boolean;
}

export interface VirtualNetworkInput {
  id: string;
  name: string;
  location: string;
  /** `addressSpace.addressPrefixes`: IPv4 and IPv6 CIDRs. */
  addressPrefixes: string[];
  subnets: SubnetInput[];
  virtualNetworkPeerings: VirtualNetworkPeeringInput[];
  /** User-supplied extra VirtualNetwork-tag prefixes: on-premises, UDR, gateway-connected (§4.1). */
  extraVirtualNetworkPrefixes?: string[];
  /** Exempt from security admin rules (SQL MI, Databricks …, §8.3). */
  adminRulesExempt?: boolean;
}

export interface VirtualNetworkPeeringInput {
  id?: string;
  name: string;
  remoteVirtualNetworkId?: string | null;
  /** `remoteAddressSpace.addressPrefixes`. */
  remoteAddressPrefixes: string[];
  allowVirtualNetworkAccess: boolean;
  /** `Initiated` | `Connected` | `Disconnected`. */
  peeringState: string;
}

export interface SubnetInput {
  id: string;
  name: string;
  /** `addressPrefix` or `addressPrefixes[]`, merged. */
  addressPrefixes: string[];
  networkSecurityGroupId?: string | null;
  /** Subnets holding Bastion, Azure Firewall, gateways … are exempt from admin rules (§8.3). */
  adminRulesExempt?: boolean;
}

export interface NetworkInterfaceInput {
  id: string;
  name: string;
  location?: string;
  networkSecurityGroupId?: string | null;
  enableIPForwarding: boolean;
  ipConfigurations: IpConfigurationInput[];
}

export interface IpConfigurationInput {
  id?: string;
  name: string;
  privateIPAddress: string;
  /** `IPv4` | `IPv6`; derived from the address when absent. */
  privateIPAddressVersion?: string | null;
  primary: boolean;
  subnetId: string;
  applicationSecurityGroupIds: string[];
}

export interface VirtualMachineInput {
  id: string;
  name: string;
  location: string;
  /** e.g. `running`, `deallocated`; absent means running. */
  powerState?: string | null;
  networkInterfaces: { id: string; primary: boolean }[];
}

export interface ApplicationSecurityGroupInput {
  id: string;
  name: string;
  location?: string;
}

export interface NetworkSecurityGroupInput {
  id: string;
  name: string;
  location?: string;
  /** Custom rules only; the six default rules are synthesised by the engine. */
  securityRules: SecurityRuleInput[];
}

export interface SecurityRuleInput {
  id?: string;
  name: string;
  description?: string | null;
  priority: number;
  /** `Inbound` | `Outbound` (case-insensitive). */
  direction: string;
  /** `Allow` | `Deny`. */
  access: string;
  /** `Tcp` | `Udp` | `Icmp` | `Esp` | `Ah` | `*`. */
  protocol: string;
  sourceAddressPrefix?: string | null;
  sourceAddressPrefixes?: string[];
  sourceApplicationSecurityGroupIds?: string[];
  destinationAddressPrefix?: string | null;
  destinationAddressPrefixes?: string[];
  destinationApplicationSecurityGroupIds?: string[];
  sourcePortRange?: string | null;
  sourcePortRanges?: string[];
  destinationPortRange?: string | null;
  destinationPortRanges?: string[];
}

export interface ServiceTagInput {
  name: string;
  addressPrefixes: string[];
}

export interface NetworkManagerInput {
  id: string;
  name: string;
  /** `networkManagerScopes`. A manager scoped to management groups is treated as higher than one scoped to subscriptions. */
  scope: { managementGroups: string[]; subscriptions: string[] };
  networkGroups: NetworkGroupInput[];
  securityAdminConfigurations: SecurityAdminConfigurationInput[];
  /** The committed goal state per region (`az network manager list-deploy-status`). */
  deployments: DeploymentInput[];
}

export interface NetworkGroupInput {
  id: string;
  name: string;
  /** `VirtualNetwork` | `Subnet`. */
  memberType: string;
  /** ARM ids of the static members (VNets or subnets). */
  staticMemberIds: string[];
  /** Kept for round trips; not evaluated. */
  description?: string | null;
}

export interface SecurityAdminConfigurationInput {
  id: string;
  name: string;
  /** `None` | `All` | `AllowRulesOnly`. */
  applyOnNetworkIntentPolicyBasedServices?: string | null;
  ruleCollections: AdminRuleCollectionInput[];
  /** Kept for round trips; not evaluated. */
  description?: string | null;
}

export interface AdminRuleCollectionInput {
  id: string;
  name: string;
  appliesToGroupIds: string[];
  rules: AdminRuleInput[];
}

export interface AdminRuleInput {
  id: string;
  name: string;
  /** `Custom` | `Default`. */
  kind: string;
  description?: string | null;
  /** `Allow` | `Deny` | `AlwaysAllow`. */
  access: string;
  /** 1–4096, unique within the rule collection (per direction). */
  priority: number;
  direction: string;
  /** `Tcp` | `Udp` | `Icmp` | `Esp` | `Ah` | `Any`. */
  protocol: string;
  sources: AdminAddressItemInput[];
  destinations: AdminAddressItemInput[];
  sourcePortRanges: string[];
  destinationPortRanges: string[];
}

export interface AdminAddressItemInput {
  addressPrefix: string;
  /** `IPPrefix` | `ServiceTag` | `NetworkGroup` (for NetworkGroup, addressPrefix is the group's ARM id). */
  addressPrefixType: string;
}

export interface DeploymentInput {
  region: string;
  /** `SecurityAdmin` | `Connectivity` | `Routing`; only SecurityAdmin matters to the engine. */
  deploymentType: string;
  configurationIds: string[];
}

// ---------------------------------------------------------------------------------------------------
// Queries and answers
// ---------------------------------------------------------------------------------------------------

/** One IP flow verify question, as Azure's REST API asks it (local/remote, not source/destination). */
export interface FlowQueryInput {
  targetResourceId: string;
  targetNicResourceId?: string | null;
  /** `Inbound` | `Outbound` (case-insensitive). */
  direction: string;
  /** `TCP` | `UDP` (case-insensitive). */
  protocol: string;
  localIpAddress: string;
  /** `0`..`65535`; `*` only on the source side (local when outbound, remote when inbound). */
  localPort: string;
  remoteIpAddress: string;
  remotePort: string;
}

export type QueryErrorCode =
  | 'InvalidIpAddress'
  | 'InvalidPort'
  | 'InvalidProtocol'
  | 'InvalidDirection'
  | 'LocalIpNotOnTarget'
  | 'NicNotAttachedToVm'
  | 'TargetNicRequired'
  | 'NotFound'
  | 'VmNotRunning'
  | 'Ipv6NotSupported'
  | 'AddressFamilyMismatch';

export interface QueryError {
  code: QueryErrorCode;
  /** The query field at fault, e.g. `localIpAddress`. */
  field: keyof FlowQueryInput;
  message: string;
}

export type DecisionLayer = 'adminRule' | 'subnetNsg' | 'nicNsg' | 'none';
export type Access = 'Allow' | 'Deny';

/** Per-rule match detail, as NSG diagnostics reports it. */
export interface RuleMatchDetail {
  /** `securityRules/<n>`, `defaultSecurityRules/<n>` or the bare admin rule name. */
  ruleName: string;
  priority: number;
  access: string;
  protocolMatched: boolean;
  sourceMatched: boolean;
  sourcePortMatched: boolean;
  destinationMatched: boolean;
  destinationPortMatched: boolean;
  matched: boolean;
}

export interface TraceLayer {
  layer: Exclude<DecisionLayer, 'none'>;
  /** NSG id for NSG layers; network manager id for the admin layer. */
  id: string;
  /** Subnet or NIC id the NSG is applied to; the VNet id for admin rules. */
  appliedTo: string;
  /** The first matching rule of this layer, or null when none matched (admin layer only). */
  matchedRule: { ruleName: string; access: string; priority: number; ruleId: string | null } | null;
  /** `Allow` / `Deny` ends or passes the layer; `Continue` (admin Allow or no admin match) goes on. */
  result: 'Allow' | 'Deny' | 'AlwaysAllow' | 'Continue';
  /** Present when detail was requested. */
  rules?: RuleMatchDetail[];
}

export interface FlowVerdict {
  access: Access;
  /** Azure's format: `securityRules/<n>`, `defaultSecurityRules/<n>`, bare admin rule name, or null. */
  ruleName: string | null;
  decidedBy: DecisionLayer;
  ruleKind: 'custom' | 'default' | 'admin' | null;
  networkSecurityGroupId: string | null;
  /** ARM id of the deciding rule (custom NSG rules and admin rules). */
  ruleId: string | null;
  adminRuleId: string | null;
  adminConfigurationId: string | null;
  networkManagerId: string | null;
  /** The NIC and IP configuration the flow was evaluated on. */
  networkInterfaceId: string;
  /** Name of the IP configuration the flow was evaluated on (added by the engine). */
  ipConfigurationName?: string;
  /** Every layer evaluated, in order. Empty unless requested. */
  trace: TraceLayer[];
  /** Caveats (unknown service tag, wildcard port, platform-exempt destination, …). */
  notes: string[];
}

export type VerifyResult = { ok: true; verdict: FlowVerdict } | { ok: false; error: QueryError };

export interface VerifyOptions {
  /** Include the per-layer trace. */
  trace?: boolean;
  /** Include per-rule match detail in the trace (implies trace). */
  detail?: boolean;
}

/** A rule as the effective-security-rules view shows it: tags and ASGs expanded to prefixes. */
export interface EffectiveSecurityRule {
  layer: Exclude<DecisionLayer, 'none'>;
  /** NSG id or network manager id. */
  sourceId: string;
  ruleName: string;
  ruleKind: 'custom' | 'default' | 'admin';
  direction: 'Inbound' | 'Outbound';
  priority: number;
  access: string;
  protocol: string;
  sourceAddressPrefixes: string[];
  expandedSourceAddressPrefixes: string[];
  sourcePortRanges: string[];
  destinationAddressPrefixes: string[];
  expandedDestinationAddressPrefixes: string[];
  destinationPortRanges: string[];
}

// ---------------------------------------------------------------------------------------------------
// Validated model (output of parseNetwork). Added by the engine; plain immutable data.
// Ids are kept as given; every lookup compares them case-insensitively (`key` = lower-cased id).
// ---------------------------------------------------------------------------------------------------

/** A validated IP prefix: `first`/`last` are numbers for IPv4, bigints for IPv6. */
export interface Prefix {
  family: 4 | 6;
  first: number | bigint;
  last: number | bigint;
  length: number;
  /** Canonical `address/length`. */
  text: string;
}

/** One alternative of a rule side; the alternatives of a side are OR-ed. */
export type AddressAtom =
  | { kind: 'any' }
  | { kind: 'prefix'; prefix: Prefix }
  | { kind: 'tag'; tag: string }
  | { kind: 'asg'; asgId: string }
  | { kind: 'networkGroup'; networkGroupId: string };

/** Inclusive port range. */
export interface PortRange {
  from: number;
  to: number;
}

export type Direction = 'Inbound' | 'Outbound';
export type RuleProtocol = 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';

export interface SecurityRule {
  id: string | null;
  name: string;
  description: string | null;
  kind: 'custom' | 'default';
  priority: number;
  direction: Direction;
  access: Access;
  /** Admin rules' `Any` is normalised to `*`. */
  protocol: RuleProtocol;
  source: AddressAtom[];
  destination: AddressAtom[];
  sourcePorts: PortRange[];
  destinationPorts: PortRange[];
  /** Display forms, as written (`*` for defaults). */
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  sourcePortRanges: string[];
  destinationPortRanges: string[];
}

export interface NetworkSecurityGroup {
  id: string;
  name: string;
  /** Valid custom rules followed by the six defaults. */
  securityRules: SecurityRule[];
}

export interface VirtualNetworkPeering {
  name: string;
  remoteVirtualNetworkId: string | null;
  remoteAddressPrefixes: Prefix[];
  allowVirtualNetworkAccess: boolean;
  peeringState: string;
}

export interface Subnet {
  id: string;
  name: string;
  virtualNetworkId: string;
  addressPrefixes: Prefix[];
  networkSecurityGroupId: string | null;
  adminRulesExempt: boolean;
}

export interface VirtualNetwork {
  id: string;
  name: string;
  location: string;
  addressPrefixes: Prefix[];
  subnets: Subnet[];
  peerings: VirtualNetworkPeering[];
  extraVirtualNetworkPrefixes: Prefix[];
  adminRulesExempt: boolean;
}

export interface IpConfiguration {
  id: string | null;
  name: string;
  networkInterfaceId: string;
  family: 4 | 6;
  /** Canonical address text. */
  privateIPAddress: string;
  /** IPv4 value (0 for IPv6). */
  v4: number;
  /** IPv6 value (0n for IPv4). */
  v6: bigint;
  primary: boolean;
  subnetId: string;
  applicationSecurityGroupIds: string[];
}

export interface NetworkInterface {
  id: string;
  name: string;
  networkSecurityGroupId: string | null;
  enableIPForwarding: boolean;
  ipConfigurations: IpConfiguration[];
}

export interface VirtualMachine {
  id: string;
  name: string;
  location: string;
  running: boolean;
  networkInterfaces: { id: string; primary: boolean }[];
}

export interface ApplicationSecurityGroup {
  id: string;
  name: string;
}

export interface ServiceTag {
  name: string;
  addressPrefixes: Prefix[];
}

export type AdminAccess = 'Allow' | 'Deny' | 'AlwaysAllow';

export interface AdminRule {
  id: string;
  name: string;
  kind: string;
  description: string | null;
  access: AdminAccess;
  priority: number;
  direction: Direction;
  protocol: RuleProtocol;
  /** Empty input lists are normalised to `[{ kind: 'any' }]`. */
  sources: AddressAtom[];
  destinations: AddressAtom[];
  sourcePorts: PortRange[];
  destinationPorts: PortRange[];
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  sourcePortRanges: string[];
  destinationPortRanges: string[];
  ruleCollectionId: string;
  configurationId: string;
  networkManagerId: string;
}

export interface NetworkGroup {
  id: string;
  name: string;
  memberType: 'VirtualNetwork' | 'Subnet';
  staticMemberIds: string[];
}

export interface AdminRuleCollection {
  id: string;
  name: string;
  appliesToGroupIds: string[];
  rules: AdminRule[];
}

export interface SecurityAdminConfiguration {
  id: string;
  name: string;
  applyOnNetworkIntentPolicyBasedServices: 'None' | 'All' | 'AllowRulesOnly';
  ruleCollections: AdminRuleCollection[];
}

export interface NetworkManager {
  id: string;
  name: string;
  scope: { managementGroups: string[]; subscriptions: string[] };
  networkGroups: NetworkGroup[];
  securityAdminConfigurations: SecurityAdminConfiguration[];
  deployments: { region: string; deploymentType: string; configurationIds: string[] }[];
}

export interface EngineOptions {
  internetExclusions: Prefix[];
  strictIpv4: boolean;
}

/** The validated network: only the valid parts of the input. Treat as immutable. */
export interface Network {
  virtualNetworks: VirtualNetwork[];
  networkSecurityGroups: NetworkSecurityGroup[];
  applicationSecurityGroups: ApplicationSecurityGroup[];
  networkInterfaces: NetworkInterface[];
  virtualMachines: VirtualMachine[];
  serviceTags: ServiceTag[];
  networkManagers: NetworkManager[];
  options: EngineOptions;
}
