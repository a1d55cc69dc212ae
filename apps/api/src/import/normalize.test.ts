import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findSourcePath } from './json-path';
import { normalizeAzureDocument } from './normalize';

const fixtures = path.join(__dirname, '..', '..', 'test-fixtures');
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));
const azDocument = (): unknown[] =>
  ['vnet-list', 'nsg-list', 'asg-list', 'nic-list', 'vm-list', 'network-manager'].map((f) =>
    load(`az/${f}.json`),
  );

describe('normalizeAzureDocument', () => {
  it('warns that an ARM REST list with a nextLink is one page of a longer list', () => {
    const doc = {
      ...(load('arm-rest.json') as Record<string, unknown>),
      nextLink:
        'https://management.azure.com/subscriptions/s/providers/Microsoft.Network/networkSecurityGroups?$skiptoken=x',
    };
    const { input, issues } = normalizeAzureDocument([doc]);
    expect(input.networkSecurityGroups.length).toBeGreaterThan(0); // the page itself is imported
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'IncompleteList', path: '$[0].nextLink' }),
    ]);
    expect(issues[0]!.message).toMatch(/nextLink/);
  });

  it('reads az CLI flattened output (several list files in one array)', () => {
    const { input, issues, skipped } = normalizeAzureDocument(azDocument());
    expect(issues).toEqual([]);
    expect(skipped).toEqual([]);
    expect(input.virtualNetworks).toHaveLength(1);
    const vnet = input.virtualNetworks[0]!;
    expect(vnet.addressPrefixes).toEqual(['10.1.0.0/16']);
    expect(vnet.subnets.map((s) => s.name)).toEqual(['snet-web', 'snet-app', 'AzureBastionSubnet']);
    expect(vnet.subnets[0]!.networkSecurityGroupId).toMatch(/networkSecurityGroups\/nsg-web$/);
    expect(vnet.subnets[2]!.adminRulesExempt).toBe(true);
    const nsgWeb = input.networkSecurityGroups[0]!;
    expect(nsgWeb.securityRules.map((r) => r.name)).toEqual(['allow-https', 'allow-bastion']); // defaults ignored
    expect(nsgWeb.securityRules[1]).toMatchObject({ priority: 200, destinationPortRanges: ['22', '3389'] });
    const appRule = input.networkSecurityGroups[1]!.securityRules[0]!;
    expect(appRule.sourceApplicationSecurityGroupIds).toEqual([expect.stringMatching(/asg-web$/)]);
    // az spells enableIpForwarding / privateIpAddress in older versions
    expect(input.networkInterfaces[1]).toMatchObject({ enableIPForwarding: false });
    expect(input.networkInterfaces[1]!.ipConfigurations[0]).toMatchObject({
      privateIPAddress: '10.1.2.4',
      primary: true,
    });
    expect(input.virtualMachines.map((v) => [v.name, v.powerState, v.networkInterfaces[0]!.primary])).toEqual(
      [
        ['vm-web-1', 'running', true],
        ['vm-app-1', 'deallocated', true],
      ],
    );
    const manager = input.networkManagers[0]!;
    expect(manager.scope.subscriptions).toEqual(['/subscriptions/11111111-1111-1111-1111-111111111111']);
    expect(manager.networkGroups[0]!.staticMemberIds).toEqual([
      expect.stringMatching(/virtualNetworks\/vnet-shop$/),
    ]);
    const configuration = manager.securityAdminConfigurations[0]!;
    expect(configuration.applyOnNetworkIntentPolicyBasedServices).toBe('None');
    expect(configuration.ruleCollections[0]!.rules[0]).toMatchObject({
      access: 'Deny',
      priority: 10,
      protocol: 'Tcp',
      sources: [{ addressPrefix: 'Internet', addressPrefixType: 'ServiceTag' }],
    });
    expect(manager.deployments).toEqual([
      { region: 'westeurope', deploymentType: 'SecurityAdmin', configurationIds: [configuration.id] },
    ]);
  });

  it('reads ARM REST lists, skips and counts unknown types, maps paths into properties', () => {
    const { input, issues, skipped, sourcePaths } = normalizeAzureDocument(load('arm-rest.json'));
    expect(issues).toEqual([]);
    expect(skipped).toEqual([
      { type: 'Microsoft.Network/publicIPAddresses', count: 1 },
      { type: 'Microsoft.Network/routeTables', count: 1 },
      { type: 'Microsoft.Compute/disks', count: 1 },
    ]);
    const vnet = input.virtualNetworks[0]!;
    expect(vnet.addressPrefixes).toEqual(['10.20.0.0/16', 'fd00:20::/48']);
    expect(vnet.subnets[0]!.addressPrefixes).toEqual(['10.20.1.0/24', 'fd00:20:0:1::/64']);
    expect(vnet.virtualNetworkPeerings[0]).toMatchObject({
      peeringState: 'Connected',
      remoteAddressPrefixes: ['10.0.0.0/16'],
      allowVirtualNetworkAccess: true,
    });
    expect(input.networkSecurityGroups[0]!.securityRules[1]).toMatchObject({
      sourceAddressPrefixes: ['198.51.100.0/24', '203.0.113.16/28'],
      destinationPortRanges: ['8443', '9000-9010'],
      description: 'Card processor callbacks',
    });
    expect(input.virtualMachines[0]!.powerState).toBe('running');
    expect(input.virtualMachines[1]!.powerState).toBeUndefined();
    expect(input.networkInterfaces[0]!.ipConfigurations[1]).toMatchObject({
      privateIPAddress: 'fd00:20:0:1::10',
      privateIPAddressVersion: 'IPv6',
      primary: false,
    });
    expect(findSourcePath(sourcePaths, ['networkSecurityGroups', 1, 'securityRules', 1, 'priority'])).toBe(
      '$.value[2].properties.securityRules[1].properties.priority',
    );
    expect(findSourcePath(sourcePaths, ['networkInterfaces', 1, 'ipConfigurations', 0, 'subnetId'])).toBe(
      '$.value[4].properties.ipConfigurations[0].properties.subnet.id',
    );
    expect(findSourcePath(sourcePaths, ['virtualNetworks', 0, 'subnets', 0, 'addressPrefixes', 1])).toBe(
      '$.value[0].properties.subnets[0].properties.addressPrefixes[1]',
    );
    // a derived field falls back to the nearest recorded ancestor
    expect(findSourcePath(sourcePaths, ['networkSecurityGroups', 0, 'securityRules', 0, 'nonsense'])).toBe(
      '$.value[1].properties.securityRules[0]',
    );
  });

  it('reads ARM template exports: parameters, concat, nested and top-level children, resourceId()', () => {
    const { input, issues, skipped } = normalizeAzureDocument(load('arm-template.json'), {
      subscriptionId: '55555555-5555-5555-5555-555555555555',
      resourceGroup: 'rg-lab',
      location: 'uksouth',
    });
    expect(issues).toEqual([]);
    expect(skipped).toEqual([{ type: 'Microsoft.Network/publicIPAddresses', count: 1 }]);
    const base = '/subscriptions/55555555-5555-5555-5555-555555555555/resourceGroups/rg-lab/providers';
    const nsg = input.networkSecurityGroups[0]!;
    expect(nsg.id).toBe(`${base}/Microsoft.Network/networkSecurityGroups/nsg-lab`);
    expect(nsg.securityRules.map((r) => [r.name, r.id])).toEqual([
      ['allow-ssh-jump', `${nsg.id}/securityRules/allow-ssh-jump`],
      ['deny-rdp', `${nsg.id}/securityRules/deny-rdp`],
      ['allow-https', `${nsg.id}/securityRules/allow-https`],
    ]);
    expect(nsg.securityRules[0]!.destinationApplicationSecurityGroupIds).toEqual([
      `${base}/Microsoft.Network/applicationSecurityGroups/asg-jump`,
    ]);
    const vnet = input.virtualNetworks[0]!;
    expect(vnet.addressPrefixes).toEqual(['10.30.0.0/16']);
    expect(vnet.subnets).toHaveLength(1); // nested and top-level copies merge
    expect(vnet.subnets[0]!.networkSecurityGroupId).toBe(nsg.id);
    const nic = input.networkInterfaces[0]!;
    expect(nic.location).toBe('uksouth');
    expect(nic.ipConfigurations[0]).toMatchObject({
      id: `${base}/Microsoft.Network/networkInterfaces/nic-jump/ipConfigurations/ipconfig1`,
      subnetId: `${vnet.id}/subnets/snet-jump`,
    });
    expect(input.virtualMachines[0]!.networkInterfaces).toEqual([{ id: nic.id, primary: true }]);
  });

  it('warns about template expressions it cannot resolve and skips the value', () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      parameters: { nsgId: { type: 'String' } },
      resources: [
        {
          type: 'Microsoft.Network/networkInterfaces',
          name: 'nic-x',
          location: 'westeurope',
          properties: {
            networkSecurityGroup: { id: "[parameters('nsgId')]" },
            ipConfigurations: [
              {
                name: 'ipconfig1',
                properties: { privateIPAddress: '10.0.0.4', subnet: { id: "[uniqueString('x')]" } },
              },
            ],
          },
        },
      ],
    };
    const { input, issues } = normalizeAzureDocument(template);
    expect(input.networkInterfaces[0]!.networkSecurityGroupId).toBeUndefined();
    expect(issues.map((i) => [i.severity, i.code, i.path])).toEqual([
      ['warning', 'UnresolvedTemplateExpression', '$.resources[0].properties.networkSecurityGroup.id'],
      [
        'warning',
        'UnresolvedTemplateExpression',
        '$.resources[0].properties.ipConfigurations[0].properties.subnet.id',
      ],
      ['error', 'MissingField', '$.resources[0].properties.ipConfigurations[0].properties.subnet.id'],
    ]);
  });

  it('reads a by-kind object and the Service Tag Discovery JSON', () => {
    const { input, issues, skipped } = normalizeAzureDocument([
      load('by-kind.json'),
      load('service-tags.json'),
    ]);
    expect(issues).toEqual([]);
    expect(skipped).toEqual([{ type: 'Microsoft.Network/loadBalancers', count: 1 }]);
    expect(input.virtualNetworks[0]!.subnets[0]!.addressPrefixes).toEqual(['10.40.1.0/24']);
    expect(input.networkSecurityGroups[0]!.securityRules[0]!.id).toMatch(
      /nsg-hr-app\/securityRules\/allow-hr-portal$/,
    );
    expect(input.networkInterfaces[0]!.ipConfigurations[0]!.id).toMatch(
      /nic-hr-app-1\/ipConfigurations\/ipconfig1$/,
    );
    expect(input.serviceTags.map((t) => t.name)).toEqual(['HrPartners', 'Sql.NorthEurope', 'AzureMonitor']);
    expect(input.serviceTags[1]!.addressPrefixes).toContain('2603:1020:5:400::/123');
  });

  it('reports shape problems with JSON paths and resource ids, never throwing', () => {
    const doc = {
      value: [
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/networkSecurityGroups/n',
          name: 'n',
          properties: {
            securityRules: [
              { name: 'r1', properties: { priority: 'high', direction: 'Inbound', access: 'Allow' } },
              'oops',
            ],
          },
        },
        {
          type: 'Microsoft.Network/virtualNetworks/subnets',
          id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/x',
          properties: { addressPrefix: '10.0.0.0/24' },
        },
        42,
      ],
    };
    const { issues, skipped } = normalizeAzureDocument(doc);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['InvalidType', '$.value[0].properties.securityRules[1]'],
      ['InvalidType', '$.value[0].properties.securityRules[0].properties.priority'],
      ['MissingField', '$.value[0].properties.securityRules[0].properties.protocol'],
      ['ParentNotInDocument', '$.value[1]'],
    ]);
    expect(issues[1]!.resourceId).toMatch(/networkSecurityGroups\/n$/);
    expect(skipped).toEqual([{ type: '(not an object)', count: 1 }]);
  });

  it('attaches children given alone to their parent as stored in `existing` (copied, stored children kept)', () => {
    const stored = normalizeAzureDocument(azDocument()).input;
    const before = JSON.stringify(stored);
    const manager = (load('az/network-manager.json') as Record<string, unknown>[])[0] as {
      securityAdminConfigurations: { ruleCollections: { rules: Record<string, unknown>[] }[] }[];
      networkGroups: { staticMembers: Record<string, unknown>[] }[];
    };
    const adminRule = manager.securityAdminConfigurations[0]!.ruleCollections[0]!.rules[0]!;
    const member = manager.networkGroups[0]!.staticMembers[0]!;
    const nsgRule = (load('az/nsg-list.json') as { securityRules: Record<string, unknown>[] }[])[0]!
      .securityRules[0]!;
    const ssh = {
      ...nsgRule,
      id: (nsgRule.id as string).replace('nsg-web', 'NSG-WEB').replace('allow-https', 'allow-ssh'),
      name: 'allow-ssh',
      priority: 300,
    };
    const doc = [
      ssh,
      // A grand-grand-child: the admin rule's collection lives in the stored manager.
      {
        ...adminRule,
        id: `${adminRule.id as string}-copy`,
        name: `${adminRule.name as string}-copy`,
        priority: 11,
      },
      {
        ...member,
        id: `${member.id as string}-2`,
        name: `${member.name as string}-2`,
        resourceId: `${member.resourceId as string}-2`,
      },
    ];

    const alone = normalizeAzureDocument(doc);
    expect(alone.issues.map((i) => i.code)).toEqual(Array(3).fill('ParentNotInDocument'));

    const { input, issues } = normalizeAzureDocument(doc, { existing: stored });
    expect(issues).toEqual([]);
    expect(input.networkSecurityGroups.map((n) => n.name)).toEqual(['nsg-web']);
    expect(input.networkSecurityGroups[0]!.securityRules.map((r) => r.name)).toEqual([
      'allow-https',
      'allow-bastion',
      'allow-ssh',
    ]);
    const nm = input.networkManagers[0]!;
    const rules = nm.securityAdminConfigurations![0]!.ruleCollections![0]!.rules!;
    expect(rules.map((r) => r.name)).toEqual(['deny-rdp-internet', 'deny-rdp-internet-copy']);
    expect(nm.networkGroups![0]!.staticMemberIds).toHaveLength(2);
    expect(JSON.stringify(stored)).toBe(before); // the stored model is copied, never changed

    const orphan = normalizeAzureDocument(
      [{ ...ssh, id: (ssh.id as string).replace('NSG-WEB', 'nsg-gone') }],
      {
        existing: stored,
      },
    );
    expect(orphan.issues.map((i) => [i.code, i.path])).toEqual([['ParentNotFound', '$[0]']]);
  });

  it('matches types case-insensitively and merges duplicates by case-insensitive id', () => {
    const id =
      '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/applicationSecurityGroups/asg-a';
    const { input, issues } = normalizeAzureDocument([
      { type: 'microsoft.network/APPLICATIONSECURITYGROUPS', id, name: 'asg-a', location: 'westeurope' },
      {
        type: 'Microsoft.Network/applicationSecurityGroups',
        id: id.toUpperCase(),
        name: 'asg-a',
        location: 'northeurope',
      },
    ]);
    expect(input.applicationSecurityGroups).toHaveLength(1);
    expect(input.applicationSecurityGroups[0]!.location).toBe('northeurope');
    expect(issues.map((i) => i.code)).toEqual(['DuplicateResource']);
  });
});

describe('network managers as ARM REST child resources', () => {
  const nm = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/networkManagers/nm';
  const vnet = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v';
  it('attaches top-level groups, static members, configurations, collections and rules to their parents', () => {
    const { input, issues } = normalizeAzureDocument({
      value: [
        {
          id: nm,
          name: 'nm',
          type: 'Microsoft.Network/networkManagers',
          properties: {
            networkManagerScopes: {
              managementGroups: ['/providers/Microsoft.Management/managementGroups/mg'],
            },
            deployments: [
              {
                region: 'westeurope',
                deploymentType: 'SecurityAdmin',
                configurationIds: [`${nm}/securityAdminConfigurations/c`],
              },
              {
                region: 'northeurope',
                deploymentType: 'SecurityAdmin',
                deploymentStatus: 'Failed',
                configurationIds: [],
              },
            ],
          },
        },
        {
          id: `${nm}/networkGroups/g`,
          name: 'g',
          type: 'Microsoft.Network/networkManagers/networkGroups',
          properties: { memberType: 'VirtualNetwork' },
        },
        {
          id: `${nm}/networkGroups/g/staticMembers/m`,
          name: 'm',
          type: 'Microsoft.Network/networkManagers/networkGroups/staticMembers',
          properties: { resourceId: vnet },
        },
        {
          id: `${nm}/securityAdminConfigurations/c`,
          name: 'c',
          type: 'Microsoft.Network/networkManagers/securityAdminConfigurations',
          properties: {},
        },
        {
          id: `${nm}/securityAdminConfigurations/c/ruleCollections/rc`,
          name: 'rc',
          type: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections',
          properties: { appliesToGroups: [{ networkGroupId: `${nm}/networkGroups/g` }] },
        },
        {
          id: `${nm}/securityAdminConfigurations/c/ruleCollections/rc/rules/r`,
          name: 'r',
          kind: 'Custom',
          type: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
          properties: {
            access: 'AlwaysAllow',
            priority: 5,
            direction: 'Inbound',
            protocol: 'Any',
            sources: [],
            destinations: [],
          },
        },
      ],
    });
    expect(issues.map((i) => [i.severity, i.code, i.path])).toEqual([
      ['warning', 'DeploymentNotDeployed', '$.value[0].properties.deployments[1].deploymentStatus'],
    ]);
    const manager = input.networkManagers[0]!;
    expect(manager.scope).toEqual({
      managementGroups: ['/providers/Microsoft.Management/managementGroups/mg'],
      subscriptions: [],
    });
    expect(manager.networkGroups).toEqual([
      { id: `${nm}/networkGroups/g`, name: 'g', memberType: 'VirtualNetwork', staticMemberIds: [vnet] },
    ]);
    const collection = manager.securityAdminConfigurations[0]!.ruleCollections[0]!;
    expect(collection.appliesToGroupIds).toEqual([`${nm}/networkGroups/g`]);
    expect(collection.rules[0]).toMatchObject({
      name: 'r',
      access: 'AlwaysAllow',
      priority: 5,
      protocol: 'Any',
    });
    expect(manager.deployments).toHaveLength(1);
  });
});

describe('Azure Resource Graph output', () => {
  it('reads `az graph query` rows (lower-case types, properties nested, under data)', () => {
    const base = '/subscriptions/s/resourcegroups/r/providers/microsoft.network';
    const { input, issues, skipped } = normalizeAzureDocument({
      count: 2,
      data: [
        {
          id: `${base}/applicationsecuritygroups/asg-1`,
          name: 'asg-1',
          type: 'microsoft.network/applicationsecuritygroups',
          location: 'westeurope',
          properties: {},
        },
        {
          id: `${base}/publicipaddresses/pip-1`,
          name: 'pip-1',
          type: 'microsoft.network/publicipaddresses',
          properties: {},
        },
      ],
      skip_token: null,
      total_records: 2,
    });
    expect(issues).toEqual([]);
    expect(input.applicationSecurityGroups.map((a) => a.name)).toEqual(['asg-1']);
    expect(skipped).toEqual([{ type: 'microsoft.network/publicipaddresses', count: 1 }]);
  });
});
