#!/usr/bin/env node
// Writes demo-network.json: the demo hub-and-spoke network in ARM REST shape ({ "value": [...] }).
// Edit this script rather than the JSON, then run `node prisma/seed/build-demo-network.mjs`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SUB = '00000000-0000-0000-0000-000000000000';
const RG = 'rg-demo';
const LOCATION = 'westeurope';
const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers`;
const id = (type, ...names) => {
  const [ns, ...types] = type.split('/');
  return `${base}/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
};
const vnetId = (name) => id('Microsoft.Network/virtualNetworks', name);
const subnetId = (vnet, name) => id('Microsoft.Network/virtualNetworks/subnets', vnet, name);
const nsgId = (name) => id('Microsoft.Network/networkSecurityGroups', name);
const asgId = (name) => id('Microsoft.Network/applicationSecurityGroups', name);
const nicId = (name) => id('Microsoft.Network/networkInterfaces', name);

// ─── VNets ──────────────────────────────────────────────────────────────────────────────────────────────
const vnets = [
  {
    name: 'vnet-hub',
    prefixes: ['10.0.0.0/16', 'fd00:db8:0::/48'],
    subnets: [
      ['GatewaySubnet', ['10.0.0.0/27']],
      ['AzureBastionSubnet', ['10.0.1.0/26'], 'nsg-bastion'],
      ['AzureFirewallSubnet', ['10.0.2.0/26']],
      ['snet-mgmt', ['10.0.3.0/24', 'fd00:db8:0:3::/64'], 'nsg-mgmt'],
      ['snet-nva-external', ['10.0.4.0/24']],
      ['snet-nva-internal', ['10.0.5.0/24']],
    ],
  },
  {
    name: 'vnet-spoke-app',
    prefixes: ['10.1.0.0/16'],
    subnets: [
      ['snet-web', ['10.1.1.0/24'], 'nsg-web'],
      ['snet-app', ['10.1.2.0/24'], 'nsg-app'],
      ['snet-db', ['10.1.3.0/24'], 'nsg-db'],
    ],
  },
  {
    name: 'vnet-spoke-analytics',
    prefixes: ['10.2.0.0/16'],
    subnets: [['snet-analytics', ['10.2.1.0/24'], 'nsg-analytics']],
  },
];
const peerings = [
  ['vnet-hub', 'vnet-spoke-app'],
  ['vnet-hub', 'vnet-spoke-analytics'],
];
const prefixesOf = (name) => vnets.find((v) => v.name === name).prefixes;
const peeringsOf = (name) =>
  peerings
    .flatMap(([a, b]) => (a === name ? [b] : b === name ? [a] : []))
    .map((remote) => ({
      name: `peer-${name.replace('vnet-', '')}-to-${remote.replace('vnet-', '')}`,
      id: `${vnetId(name)}/virtualNetworkPeerings/peer-${name.replace('vnet-', '')}-to-${remote.replace('vnet-', '')}`,
      type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
      properties: {
        provisioningState: 'Succeeded',
        peeringState: 'Connected',
        peeringSyncLevel: 'FullyInSync',
        remoteVirtualNetwork: { id: vnetId(remote) },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: name === 'vnet-hub',
        useRemoteGateways: false,
        remoteAddressSpace: { addressPrefixes: prefixesOf(remote) },
      },
    }));

const vnetResources = vnets.map((v) => ({
  name: v.name,
  id: vnetId(v.name),
  type: 'Microsoft.Network/virtualNetworks',
  location: LOCATION,
  tags: { environment: 'demo', topology: v.name === 'vnet-hub' ? 'hub' : 'spoke' },
  properties: {
    provisioningState: 'Succeeded',
    addressSpace: { addressPrefixes: v.prefixes },
    subnets: v.subnets.map(([name, prefixes, nsg]) => ({
      name,
      id: subnetId(v.name, name),
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        provisioningState: 'Succeeded',
        ...(prefixes.length === 1 ? { addressPrefix: prefixes[0] } : { addressPrefixes: prefixes }),
        ...(nsg ? { networkSecurityGroup: { id: nsgId(nsg) } } : {}),
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
      },
    })),
    virtualNetworkPeerings: peeringsOf(v.name),
    enableDdosProtection: false,
  },
}));

// ─── NSGs ───────────────────────────────────────────────────────────────────────────────────────────────
const rule = (nsg, name, p) => ({
  name,
  id: `${nsgId(nsg)}/securityRules/${name}`,
  type: 'Microsoft.Network/networkSecurityGroups/securityRules',
  properties: {
    provisioningState: 'Succeeded',
    protocol: 'Tcp',
    sourcePortRange: '*',
    sourcePortRanges: [],
    destinationPortRanges: [],
    sourceAddressPrefixes: [],
    destinationAddressPrefixes: [],
    direction: 'Inbound',
    access: 'Allow',
    ...p,
  },
});
const ports = (...list) =>
  list.length === 1 ? { destinationPortRange: list[0] } : { destinationPortRanges: list };
const nsgs = {
  'nsg-web': [
    [
      'allow-http-https-internet',
      {
        description: 'Public web traffic',
        priority: 100,
        sourceAddressPrefix: 'Internet',
        destinationApplicationSecurityGroups: [{ id: asgId('asg-web') }],
        ...ports('80', '443'),
      },
    ],
    [
      'allow-bastion-ssh-rdp',
      {
        priority: 200,
        sourceAddressPrefix: '10.0.1.0/26',
        destinationAddressPrefix: '*',
        ...ports('22', '3389'),
      },
    ],
    [
      'allow-monitoring-agent',
      { priority: 300, sourceAddressPrefix: '10.0.3.5', destinationAddressPrefix: '*', ...ports('9100') },
    ],
  ],
  'nsg-app': [
    [
      'allow-app-from-web',
      {
        description: 'Web tier calls the app tier API',
        priority: 100,
        sourceApplicationSecurityGroups: [{ id: asgId('asg-web') }],
        destinationApplicationSecurityGroups: [{ id: asgId('asg-app') }],
        ...ports('8080'),
      },
    ],
    [
      'allow-bastion-ssh',
      { priority: 200, sourceAddressPrefix: '10.0.1.0/26', destinationAddressPrefix: '*', ...ports('22') },
    ],
    [
      'deny-vnet-inbound',
      {
        description: 'Micro-segmentation: nothing else from the VNet',
        priority: 4000,
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: 'VirtualNetwork',
        destinationAddressPrefix: '*',
        ...ports('*'),
      },
    ],
  ],
  'nsg-db': [
    [
      'allow-sql-from-app',
      {
        description: 'App tier to SQL Server',
        priority: 100,
        sourceApplicationSecurityGroups: [{ id: asgId('asg-app') }],
        destinationApplicationSecurityGroups: [{ id: asgId('asg-db') }],
        ...ports('1433'),
      },
    ],
    [
      'allow-bastion-ssh',
      { priority: 200, sourceAddressPrefix: '10.0.1.0/26', destinationAddressPrefix: '*', ...ports('22') },
    ],
    [
      'allow-sql-from-analytics',
      {
        priority: 300,
        sourceAddressPrefix: '10.2.1.0/24',
        destinationApplicationSecurityGroups: [{ id: asgId('asg-db') }],
        ...ports('1433'),
      },
    ],
    [
      'deny-vnet-inbound',
      {
        priority: 4000,
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: 'VirtualNetwork',
        destinationAddressPrefix: '*',
        ...ports('*'),
      },
    ],
    [
      'allow-azure-sql-outbound',
      {
        priority: 3000,
        direction: 'Outbound',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: 'Sql.WestEurope',
        ...ports('1433'),
      },
    ],
    [
      'deny-internet-outbound',
      {
        description: 'Databases never talk to the internet',
        priority: 4000,
        direction: 'Outbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: 'Internet',
        ...ports('*'),
      },
    ],
  ],
  'nsg-analytics': [
    [
      'allow-partner-sftp',
      {
        description: 'Partner drops files for the ETL job',
        priority: 100,
        sourceAddressPrefixes: ['198.51.100.0/24', '203.0.113.0/28'],
        destinationAddressPrefix: '10.2.1.10',
        ...ports('22', '5000-5010'),
      },
    ],
    [
      'allow-bastion-ssh',
      { priority: 200, sourceAddressPrefix: '10.0.1.0/26', destinationAddressPrefix: '*', ...ports('22') },
    ],
  ],
  'nsg-mgmt': [
    [
      'allow-bastion-ssh-rdp',
      {
        priority: 100,
        sourceAddressPrefix: '10.0.1.0/26',
        destinationAddressPrefix: '*',
        ...ports('22', '3389'),
      },
    ],
    [
      'allow-mgmt-https-vnet',
      {
        priority: 110,
        sourceAddressPrefix: 'VirtualNetwork',
        destinationAddressPrefix: '*',
        ...ports('443'),
      },
    ],
    [
      'deny-all-inbound-v6',
      {
        priority: 4000,
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '::/0',
        destinationAddressPrefix: 'fd00:db8:0:3::/64',
        ...ports('*'),
      },
    ],
  ],
  'nsg-bastion': [
    [
      'allow-https-internet',
      { priority: 100, sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', ...ports('443') },
    ],
    [
      'allow-gateway-manager',
      {
        priority: 110,
        sourceAddressPrefix: 'GatewayManager',
        destinationAddressPrefix: '*',
        ...ports('443'),
      },
    ],
    [
      'allow-lb-probe',
      {
        priority: 120,
        sourceAddressPrefix: 'AzureLoadBalancer',
        destinationAddressPrefix: '*',
        ...ports('443'),
      },
    ],
    [
      'allow-ssh-rdp-outbound',
      {
        priority: 100,
        direction: 'Outbound',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: 'VirtualNetwork',
        ...ports('22', '3389'),
      },
    ],
    [
      'allow-azure-cloud-outbound',
      {
        priority: 110,
        direction: 'Outbound',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: 'AzureCloud',
        ...ports('443'),
      },
    ],
  ],
  'nsg-nva-nic': [
    [
      'allow-ipsec-internet',
      {
        description: 'IKE and NAT-T to the appliance',
        priority: 100,
        protocol: 'Udp',
        sourceAddressPrefix: 'Internet',
        destinationAddressPrefix: '10.0.4.4',
        ...ports('500', '4500'),
      },
    ],
    [
      'allow-mgmt-https',
      { priority: 110, sourceAddressPrefix: '10.0.3.0/24', destinationAddressPrefix: '*', ...ports('443') },
    ],
  ],
  'nsg-jump-nic': [
    [
      'allow-rdp-from-bastion',
      { priority: 100, sourceAddressPrefix: '10.0.1.0/26', destinationAddressPrefix: '*', ...ports('3389') },
    ],
    [
      'deny-ssh-everywhere',
      {
        priority: 200,
        access: 'Deny',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '*',
        ...ports('22'),
      },
    ],
  ],
};
const nsgResources = Object.entries(nsgs).map(([name, rules]) => ({
  name,
  id: nsgId(name),
  type: 'Microsoft.Network/networkSecurityGroups',
  location: LOCATION,
  properties: {
    provisioningState: 'Succeeded',
    securityRules: rules.map(([ruleName, p]) =>
      rule(name, ruleName, { destinationAddressPrefix: undefined, ...p }),
    ),
  },
}));

const asgResources = ['asg-web', 'asg-app', 'asg-db'].map((name) => ({
  name,
  id: asgId(name),
  type: 'Microsoft.Network/applicationSecurityGroups',
  location: LOCATION,
  properties: { provisioningState: 'Succeeded' },
}));

// ─── VMs and NICs ───────────────────────────────────────────────────────────────────────────────────────
// [vm, power state, size, NICs: [nic, vnet, subnet, ip, { asgs, nsg, forwarding, ipv6 }]]
const vms = [
  [
    'vm-nva-01',
    'running',
    'Standard_D4s_v5',
    [
      [
        'nic-nva-01-external',
        'vnet-hub',
        'snet-nva-external',
        '10.0.4.4',
        { nsg: 'nsg-nva-nic', forwarding: true },
      ],
      ['nic-nva-01-internal', 'vnet-hub', 'snet-nva-internal', '10.0.5.4', { forwarding: true }],
    ],
  ],
  [
    'vm-jump-01',
    'running',
    'Standard_B2ms',
    [['nic-jump-01', 'vnet-hub', 'snet-mgmt', '10.0.3.4', { nsg: 'nsg-jump-nic', ipv6: 'fd00:db8:0:3::4' }]],
  ],
  ['vm-monitor-01', 'running', 'Standard_B2s', [['nic-monitor-01', 'vnet-hub', 'snet-mgmt', '10.0.3.5', {}]]],
  [
    'vm-web-01',
    'running',
    'Standard_B2s',
    [['nic-web-01', 'vnet-spoke-app', 'snet-web', '10.1.1.4', { asgs: ['asg-web'] }]],
  ],
  [
    'vm-web-02',
    'running',
    'Standard_B2s',
    [['nic-web-02', 'vnet-spoke-app', 'snet-web', '10.1.1.5', { asgs: ['asg-web'] }]],
  ],
  [
    'vm-web-03',
    'deallocated',
    'Standard_B2s',
    [['nic-web-03', 'vnet-spoke-app', 'snet-web', '10.1.1.6', { asgs: ['asg-web'] }]],
  ],
  [
    'vm-app-01',
    'running',
    'Standard_D2s_v5',
    [['nic-app-01', 'vnet-spoke-app', 'snet-app', '10.1.2.4', { asgs: ['asg-app'] }]],
  ],
  [
    'vm-app-02',
    'running',
    'Standard_D2s_v5',
    [['nic-app-02', 'vnet-spoke-app', 'snet-app', '10.1.2.5', { asgs: ['asg-app'] }]],
  ],
  [
    'vm-app-03',
    'running',
    'Standard_D2s_v5',
    [['nic-app-03', 'vnet-spoke-app', 'snet-app', '10.1.2.6', { asgs: ['asg-app'] }]],
  ],
  [
    'vm-db-01',
    'running',
    'Standard_E4s_v5',
    [['nic-db-01', 'vnet-spoke-app', 'snet-db', '10.1.3.4', { asgs: ['asg-db'] }]],
  ],
  [
    'vm-db-02',
    'running',
    'Standard_E4s_v5',
    [['nic-db-02', 'vnet-spoke-app', 'snet-db', '10.1.3.5', { asgs: ['asg-db'] }]],
  ],
  [
    'vm-etl-01',
    'running',
    'Standard_D2s_v5',
    [['nic-etl-01', 'vnet-spoke-analytics', 'snet-analytics', '10.2.1.10', {}]],
  ],
];
const nicResources = [];
const vmResources = [];
for (const [vm, power, size, nics] of vms) {
  nics.forEach(([nic, vnet, subnet, ip, opts]) => {
    const config = (name, address, version, primary) => ({
      name,
      id: `${nicId(nic)}/ipConfigurations/${name}`,
      type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
      properties: {
        provisioningState: 'Succeeded',
        privateIPAddress: address,
        privateIPAllocationMethod: 'Static',
        privateIPAddressVersion: version,
        primary,
        subnet: { id: subnetId(vnet, subnet) },
        ...(opts.asgs ? { applicationSecurityGroups: opts.asgs.map((a) => ({ id: asgId(a) })) } : {}),
      },
    });
    nicResources.push({
      name: nic,
      id: nicId(nic),
      type: 'Microsoft.Network/networkInterfaces',
      location: LOCATION,
      properties: {
        provisioningState: 'Succeeded',
        ipConfigurations: [
          config('ipconfig1', ip, 'IPv4', true),
          ...(opts.ipv6 ? [config('ipconfig-v6', opts.ipv6, 'IPv6', false)] : []),
        ],
        enableAcceleratedNetworking: size.startsWith('Standard_D') || size.startsWith('Standard_E'),
        enableIPForwarding: Boolean(opts.forwarding),
        ...(opts.nsg ? { networkSecurityGroup: { id: nsgId(opts.nsg) } } : {}),
        virtualMachine: { id: id('Microsoft.Compute/virtualMachines', vm) },
        nicType: 'Standard',
      },
    });
  });
  vmResources.push({
    name: vm,
    id: id('Microsoft.Compute/virtualMachines', vm),
    type: 'Microsoft.Compute/virtualMachines',
    location: LOCATION,
    properties: {
      hardwareProfile: { vmSize: size },
      storageProfile: {
        osDisk: { osType: vm.includes('jump') ? 'Windows' : 'Linux', createOption: 'FromImage' },
      },
      networkProfile: {
        networkInterfaces: nics.map(([nic], i) => ({ id: nicId(nic), properties: { primary: i === 0 } })),
      },
      provisioningState: 'Succeeded',
      instanceView: {
        statuses: [
          { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' },
          { code: `PowerState/${power}`, level: 'Info', displayStatus: `VM ${power}` },
        ],
      },
    },
  });
}

// ─── Network manager ────────────────────────────────────────────────────────────────────────────────────
const nm = id('Microsoft.Network/networkManagers', 'nm-demo');
const sac = `${nm}/securityAdminConfigurations/sac-org-baseline`;
const rc = `${sac}/ruleCollections/rc-spoke-guardrails`;
const adminRule = (name, p) => ({
  name,
  id: `${rc}/rules/${name}`,
  type: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
  kind: 'Custom',
  properties: {
    provisioningState: 'Succeeded',
    direction: 'Inbound',
    sourcePortRanges: [],
    destinations: [],
    ...p,
  },
});
const networkManager = {
  name: 'nm-demo',
  id: nm,
  type: 'Microsoft.Network/networkManagers',
  location: LOCATION,
  properties: {
    description: 'Organisation-wide guardrails for the spokes',
    networkManagerScopes: { managementGroups: [], subscriptions: [`/subscriptions/${SUB}`] },
    networkManagerScopeAccesses: ['SecurityAdmin'],
    provisioningState: 'Succeeded',
    networkGroups: [
      {
        name: 'ng-spokes',
        id: `${nm}/networkGroups/ng-spokes`,
        type: 'Microsoft.Network/networkManagers/networkGroups',
        properties: {
          description: 'All spoke VNets',
          memberType: 'VirtualNetwork',
          staticMembers: ['vnet-spoke-app', 'vnet-spoke-analytics'].map((v) => ({
            name: `sm-${v}`,
            id: `${nm}/networkGroups/ng-spokes/staticMembers/sm-${v}`,
            type: 'Microsoft.Network/networkManagers/networkGroups/staticMembers',
            properties: { resourceId: vnetId(v) },
          })),
        },
      },
    ],
    securityAdminConfigurations: [
      {
        name: 'sac-org-baseline',
        id: sac,
        type: 'Microsoft.Network/networkManagers/securityAdminConfigurations',
        properties: {
          description: 'Baseline enforced on every spoke',
          applyOnNetworkIntentPolicyBasedServices: ['None'],
          ruleCollections: [
            {
              name: 'rc-spoke-guardrails',
              id: rc,
              type: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections',
              properties: {
                appliesToGroups: [{ networkGroupId: `${nm}/networkGroups/ng-spokes` }],
                rules: [
                  adminRule('deny-rdp-from-internet', {
                    description: 'RDP is never exposed to the internet',
                    access: 'Deny',
                    priority: 10,
                    protocol: 'Tcp',
                    sources: [{ addressPrefix: 'Internet', addressPrefixType: 'ServiceTag' }],
                    destinationPortRanges: ['3389'],
                  }),
                  adminRule('always-allow-hub-mgmt', {
                    description: 'Operations keep SSH/RDP from the hub management subnet',
                    access: 'AlwaysAllow',
                    priority: 20,
                    protocol: 'Tcp',
                    sources: [{ addressPrefix: '10.0.3.0/24', addressPrefixType: 'IPPrefix' }],
                    destinationPortRanges: ['22', '3389'],
                  }),
                  adminRule('deny-telnet-smb-any', {
                    access: 'Deny',
                    priority: 30,
                    protocol: 'Tcp',
                    sources: [{ addressPrefix: '*', addressPrefixType: 'IPPrefix' }],
                    destinationPortRanges: ['23', '445'],
                  }),
                ],
              },
            },
          ],
        },
      },
    ],
    deployments: [
      {
        region: LOCATION,
        deploymentType: 'SecurityAdmin',
        deploymentStatus: 'Deployed',
        commitTime: '2026-11-20T08:00:00Z',
        configurationIds: [sac],
      },
    ],
  },
};

// ─── User service tags (Service Tag Discovery shape) ────────────────────────────────────────────────────
const serviceTags = {
  type: 'Microsoft.Network/serviceTags',
  name: 'Public',
  cloud: 'Public',
  changeNumber: 1,
  values: [
    ['GatewayManager', ['13.64.151.161/32', '20.36.120.104/29', '51.105.66.128/29']],
    ['AzureCloud', ['13.64.0.0/11', '20.33.0.0/16', '40.64.0.0/10', '51.104.0.0/15']],
    ['Sql.WestEurope', ['13.69.105.0/24', '40.68.37.158/32', '104.40.168.105/32']],
  ].map(([name, prefixes]) => ({ name, id: name, properties: { addressPrefixes: prefixes } })),
};

const document = {
  value: [
    ...vnetResources,
    ...nsgResources,
    ...asgResources,
    ...nicResources,
    ...vmResources,
    networkManager,
    serviceTags,
  ],
};
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo-network.json');
writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
process.stdout.write(`wrote ${out} (${document.value.length} resources)\n`);
