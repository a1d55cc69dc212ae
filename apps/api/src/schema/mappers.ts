/**
 * Parent types of the object resolvers (codegen `mappers`): the rows services return.
 */
import type * as db from '../db';
import type { EngineFlowVerdict, FlowQueryInput, Verifier } from '../engine';

export type Workspace = db.Workspace;
export type VirtualNetwork = db.VirtualNetwork;
export type Subnet = db.Subnet;
export type VirtualNetworkPeering = db.VirtualNetworkPeering;
export type NetworkInterface = db.NetworkInterface;
export type IpConfiguration = db.IpConfiguration;
export type VirtualMachine = db.VirtualMachine;
export type ServiceTag = db.ServiceTag;
export type NetworkSecurityGroup = db.NetworkSecurityGroup;
/** Custom rules are rows; the six defaults are synthesised rows with `isDefault: true`. */
export type SecurityRule = db.SecurityRule & { isDefault?: boolean };
export type ApplicationSecurityGroup = db.ApplicationSecurityGroup;
export type NetworkManager = db.NetworkManager;
export type NetworkGroup = db.NetworkGroup;
export type SecurityAdminConfiguration = db.SecurityAdminConfiguration;
export type AdminRuleCollection = db.AdminRuleCollection;
export type AdminRule = db.AdminRule;
export type Deployment = db.NetworkManagerDeployment;
export interface NetworkGroupMember {
  workspaceId: string;
  resourceId: string;
}

/** A verdict plus what is needed to compute its trace lazily (only when the field is selected). */
export interface FlowVerdict {
  verdict: EngineFlowVerdict;
  query: FlowQueryInput;
  verifier: Verifier;
}

export interface IpOwner {
  workspaceId: string;
  ipAddress: string;
  ipConfiguration: db.IpConfiguration | null;
  subnets: db.Subnet[];
  virtualNetworks: db.VirtualNetwork[];
}
