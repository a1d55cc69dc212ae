/** Test fixtures: a small dual-stack network in ARM vocabulary, and helpers to vary it. */
import type { AdminRuleInput, FlowQueryInput, NetworkInput, SecurityRuleInput } from '../model';

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
export const RG = `${SUB}/resourceGroups/rg`;
export const NET = `${RG}/providers/Microsoft.Network`;
export const VNET1 = `${NET}/virtualNetworks/vnet1`;
export const VNET2 = `${NET}/virtualNetworks/vnet2`;
export const SUBNET_WEB = `${VNET1}/subnets/web`;
export const SUBNET_APP = `${VNET1}/subnets/app`;
export const SUBNET_REMOTE = `${VNET2}/subnets/default`;
export const NSG_SUBNET = `${NET}/networkSecurityGroups/nsg-subnet`;
export const NSG_NIC = `${NET}/networkSecurityGroups/nsg-nic`;
export const NIC1 = `${NET}/networkInterfaces/nic1`;
export const NIC2 = `${NET}/networkInterfaces/nic2`;
export const NIC_APP = `${NET}/networkInterfaces/nic-app`;
export const VM1 = `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`;
export const VM_APP = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-app`;
export const ASG_WEB = `${NET}/applicationSecurityGroups/asg-web`;
export const ASG_APP = `${NET}/applicationSecurityGroups/asg-app`;
export const NM = `${NET}/networkManagers/nm1`;
export const NG_VNET1 = `${NM}/networkGroups/ng-vnet1`;
export const CFG = `${NM}/securityAdminConfigurations/cfg1`;
export const RC = `${CFG}/ruleCollections/rc1`;

export interface FixtureOptions {
  subnetRules?: SecurityRuleInput[] | null;
  nicRules?: SecurityRuleInput[] | null;
  adminRules?: AdminRuleInput[];
  /** Where the admin configuration is deployed; default the VNet's region. */
  adminRegion?: string;
  adminScopeSubscriptions?: string[];
}

export function rule(
  partial: Partial<SecurityRuleInput> & { name: string; priority: number },
): SecurityRuleInput {
  return {
    direction: 'Inbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    ...partial,
  };
}

export function adminRule(
  partial: Partial<AdminRuleInput> & { name: string; priority: number },
): AdminRuleInput {
  return {
    id: `${RC}/rules/${partial.name}`,
    kind: 'Custom',
    access: 'Deny',
    direction: 'Inbound',
    protocol: 'Any',
    sources: [],
    destinations: [],
    sourcePortRanges: [],
    destinationPortRanges: [],
    ...partial,
  };
}

export function network(o: FixtureOptions = {}): NetworkInput {
  const input: NetworkInput = {
    virtualNetworks: [
      {
        id: VNET1,
        name: 'vnet1',
        location: 'westeurope',
        addressPrefixes: ['10.0.0.0/16', 'fd00:1::/48'],
        subnets: [
          {
            id: SUBNET_WEB,
            name: 'web',
            addressPrefixes: ['10.0.1.0/24', 'fd00:1:0:1::/64'],
            networkSecurityGroupId: o.subnetRules === null ? null : NSG_SUBNET,
          },
          { id: SUBNET_APP, name: 'app', addressPrefixes: ['10.0.2.0/24'], networkSecurityGroupId: null },
        ],
        virtualNetworkPeerings: [
          {
            name: 'to-vnet2',
            remoteVirtualNetworkId: VNET2,
            remoteAddressPrefixes: ['10.1.0.0/16'],
            allowVirtualNetworkAccess: true,
            peeringState: 'Connected',
          },
        ],
      },
      {
        id: VNET2,
        name: 'vnet2',
        location: 'westeurope',
        addressPrefixes: ['10.1.0.0/16'],
        subnets: [{ id: SUBNET_REMOTE, name: 'default', addressPrefixes: ['10.1.0.0/24'] }],
        virtualNetworkPeerings: [],
      },
    ],
    networkSecurityGroups: [
      { id: NSG_SUBNET, name: 'nsg-subnet', securityRules: o.subnetRules ?? [] },
      { id: NSG_NIC, name: 'nsg-nic', securityRules: o.nicRules ?? [] },
    ],
    applicationSecurityGroups: [
      { id: ASG_WEB, name: 'asg-web' },
      { id: ASG_APP, name: 'asg-app' },
    ],
    networkInterfaces: [
      {
        id: NIC1,
        name: 'nic1',
        networkSecurityGroupId: o.nicRules === null ? null : NSG_NIC,
        enableIPForwarding: false,
        ipConfigurations: [
          {
            name: 'ipconfig1',
            privateIPAddress: '10.0.1.4',
            primary: true,
            subnetId: SUBNET_WEB,
            applicationSecurityGroupIds: [ASG_WEB],
          },
          {
            name: 'ipconfig-v6',
            privateIPAddress: 'fd00:1:0:1::4',
            privateIPAddressVersion: 'IPv6',
            primary: false,
            subnetId: SUBNET_WEB,
            applicationSecurityGroupIds: [ASG_WEB],
          },
          {
            name: 'ipconfig2',
            privateIPAddress: '10.0.1.5',
            primary: false,
            subnetId: SUBNET_WEB,
            applicationSecurityGroupIds: [],
          },
        ],
      },
      {
        id: NIC_APP,
        name: 'nic-app',
        networkSecurityGroupId: null,
        enableIPForwarding: false,
        ipConfigurations: [
          {
            name: 'ipconfig1',
            privateIPAddress: '10.0.2.4',
            primary: true,
            subnetId: SUBNET_APP,
            applicationSecurityGroupIds: [ASG_APP],
          },
        ],
      },
    ],
    virtualMachines: [
      { id: VM1, name: 'vm1', location: 'westeurope', networkInterfaces: [{ id: NIC1, primary: true }] },
      {
        id: VM_APP,
        name: 'vm-app',
        location: 'westeurope',
        networkInterfaces: [{ id: NIC_APP, primary: true }],
      },
    ],
    serviceTags: [{ name: 'Storage.WestEurope', addressPrefixes: ['20.60.0.0/16', '2603:1020::/48'] }],
  };
  if (o.adminRules) {
    input.networkManagers = [
      {
        id: NM,
        name: 'nm1',
        scope: { managementGroups: [], subscriptions: o.adminScopeSubscriptions ?? [SUB] },
        networkGroups: [
          { id: NG_VNET1, name: 'ng-vnet1', memberType: 'VirtualNetwork', staticMemberIds: [VNET1] },
        ],
        securityAdminConfigurations: [
          {
            id: CFG,
            name: 'cfg1',
            ruleCollections: [{ id: RC, name: 'rc1', appliesToGroupIds: [NG_VNET1], rules: o.adminRules }],
          },
        ],
        deployments: [
          { region: o.adminRegion ?? 'westeurope', deploymentType: 'SecurityAdmin', configurationIds: [CFG] },
        ],
      },
    ];
  }
  return input;
}

export function query(partial: Partial<FlowQueryInput> = {}): FlowQueryInput {
  return {
    targetResourceId: VM1,
    direction: 'Inbound',
    protocol: 'TCP',
    localIpAddress: '10.0.1.4',
    localPort: '80',
    remoteIpAddress: '10.0.2.4',
    remotePort: '60000',
    ...partial,
  };
}
