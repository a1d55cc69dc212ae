import {
  buildTopologyGraph,
  buildTopologyView,
  layoutTopology,
  leafBlocks,
  leafColumns,
  NODE_SIZES,
  searchTopology,
  type TopologyModel,
} from './topology-layout';

const sub = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network';
const model: TopologyModel = {
  virtualNetworks: [
    {
      id: `${sub}/virtualNetworks/hub`,
      name: 'hub',
      addressPrefixes: ['10.0.0.0/16'],
      subnets: [
        {
          id: `${sub}/virtualNetworks/hub/subnets/web`,
          name: 'web',
          addressPrefixes: ['10.0.1.0/24'],
          networkSecurityGroup: { id: `${sub}/networkSecurityGroups/web-nsg`, name: 'web-nsg' },
        },
        { id: `${sub}/virtualNetworks/hub/subnets/db`, name: 'db', addressPrefixes: ['10.0.2.0/24'] },
      ],
      peerings: [
        {
          name: 'hub-to-spoke',
          remoteVirtualNetworkId: `${sub}/virtualNetworks/spoke`,
          peeringState: 'Connected',
        },
      ],
    },
    {
      id: `${sub}/virtualNetworks/spoke`,
      name: 'spoke',
      addressPrefixes: ['10.1.0.0/16'],
      subnets: [],
      // The reverse peering must not produce a second edge; ids are compared case-insensitively.
      peerings: [
        {
          name: 'spoke-to-hub',
          remoteVirtualNetworkId: `${sub}/virtualNetworks/HUB`,
          peeringState: 'Connected',
        },
      ],
    },
  ],
  networkInterfaces: [
    {
      id: `${sub}/networkInterfaces/web-1-nic`,
      name: 'web-1-nic',
      networkSecurityGroup: { id: `${sub}/networkSecurityGroups/nic-nsg`, name: 'nic-nsg' },
      virtualMachineId:
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-1',
      ipConfigurations: [
        {
          privateIPAddress: '10.0.1.4',
          subnetId: `${sub}/virtualNetworks/hub/subnets/web`,
          applicationSecurityGroups: [{ id: `${sub}/applicationSecurityGroups/web`, name: 'web' }],
        },
      ],
    },
    {
      id: `${sub}/networkInterfaces/orphan`,
      name: 'orphan',
      ipConfigurations: [
        {
          privateIPAddress: '10.0.2.9',
          subnetId: `${sub}/virtualNetworks/hub/subnets/db`,
          applicationSecurityGroups: [],
        },
      ],
    },
  ],
  virtualMachines: [
    {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-1',
      name: 'web-1',
    },
  ],
};

describe('buildTopologyGraph', () => {
  const { nodes, edges } = buildTopologyGraph(model);

  it('makes one node per VNet, subnet, VM and VM-less NIC', () => {
    expect(nodes.map((n) => `${n.data.kind}:${n.data.label}`).sort()).toEqual(
      ['nic:orphan', 'subnet:db', 'subnet:web', 'vm:web-1', 'vnet:hub', 'vnet:spoke'].sort(),
    );
  });

  it('gives nodes the rendered sizes', () => {
    for (const n of nodes)
      expect([n.width, n.height]).toEqual([NODE_SIZES[n.data.kind].width, NODE_SIZES[n.data.kind].height]);
  });

  it('connects containment and one peering edge per VNet pair', () => {
    expect(edges.filter((e) => e.kind === 'peering')).toHaveLength(1);
    expect(edges.filter((e) => e.kind === 'contains')).toHaveLength(4);
  });

  it('puts NSG and ASG badges on subnets and VMs', () => {
    const vm = nodes.find((n) => n.data.kind === 'vm');
    expect(vm?.data.badges.map((b) => `${b.kind}:${b.name}`)).toEqual(['nsg:nic-nsg', 'asg:web']);
    expect(vm?.data.detail).toBe('10.0.1.4');
    expect(nodes.find((n) => n.data.label === 'web')?.data.badges).toHaveLength(1);
  });
});

describe('layoutTopology', () => {
  const { nodes, edges } = buildTopologyGraph(model);
  const placed = layoutTopology(nodes, edges);
  const at = (label: string) => placed.find((n) => n.data.label === label)!;

  it('places parents left of children', () => {
    expect(at('hub').position.x + at('hub').width).toBeLessThan(at('web').position.x);
    expect(at('web').position.x + at('web').width).toBeLessThan(at('web-1').position.x);
  });

  it('frames no block when every subnet has only a few VMs', () => {
    expect(leafBlocks(placed, edges).blocks).toEqual([]);
  });

  it('does not overlap any two nodes', () => {
    for (const a of placed) {
      for (const b of placed) {
        if (a === b) continue;
        const apart =
          a.position.x + a.width <= b.position.x ||
          b.position.x + b.width <= a.position.x ||
          a.position.y + a.height <= b.position.y ||
          b.position.y + b.height <= a.position.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('uses one column for a few leaves and a wide grid for many', () => {
    expect(leafColumns(3)).toBe(1);
    expect(leafColumns(50)).toBe(10);
  });

  it('lays out 500 VMs in one framed grid beside their subnet', () => {
    const big: TopologyModel = {
      virtualNetworks: [{ ...model.virtualNetworks[0]!, peerings: [] }],
      virtualMachines: Array.from({ length: 500 }, (_, i) => ({ id: `vm${i}`, name: `vm${i}` })),
      networkInterfaces: Array.from({ length: 500 }, (_, i) => ({
        id: `nic${i}`,
        name: `nic${i}`,
        virtualMachineId: `vm${i}`,
        ipConfigurations: [
          {
            privateIPAddress: `10.0.1.${i % 250}`,
            subnetId: `${sub}/virtualNetworks/hub/subnets/web`,
            applicationSecurityGroups: [],
          },
        ],
      })),
    };
    const g = buildTopologyGraph(big);
    const laid = layoutTopology(g.nodes, g.edges);
    expect(g.nodes).toHaveLength(503);
    const xs = new Set(laid.filter((n) => n.data.kind === 'vm').map((n) => n.position.x));
    expect(xs.size).toBe(leafColumns(500));
    const { blocks, inBlock } = leafBlocks(laid, g.edges);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ count: 500 });
    expect(inBlock.size).toBe(500);
    const vm = laid.find((n) => n.data.kind === 'vm')!;
    expect(vm.position.x).toBeGreaterThan(blocks[0]!.position.x);
    expect(vm.position.y).toBeGreaterThan(blocks[0]!.position.y);

    // The canvas's view: one edge from the subnet to its block instead of 500 edges to the VMs.
    const view = buildTopologyView(big);
    expect(view.nodes).toHaveLength(503);
    expect(view.blocks).toHaveLength(1);
    const web = `subnet:${`${sub}/virtualNetworks/hub/subnets/web`.toLowerCase()}`;
    expect(view.edges.filter((e) => e.source === web)).toEqual([
      {
        id: `contains:${web}->block:${web}`,
        source: web,
        target: `block:${web}`,
        className: 'edge-contains',
      },
    ]);
    expect(view.edges.some((e) => e.target.startsWith('vm:'))).toBe(false);
    // Plain data: it crosses the server → client boundary unchanged.
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe('buildTopologyView', () => {
  it('draws peerings between VNet handles with their state, and small subnets without a block', () => {
    const view = buildTopologyView(model);
    const peering = view.edges.filter((e) => e.className === 'edge-peering');
    expect(peering).toHaveLength(1);
    expect(peering[0]).toMatchObject({
      sourceHandle: 'peer-out',
      targetHandle: 'peer-in',
      label: 'peering · Connected',
      animated: true,
    });
    expect(view.blocks).toEqual([]);
    expect(view.edges.filter((e) => e.target.startsWith('vm:')).length).toBeGreaterThan(0);
  });
});

describe('searchTopology', () => {
  const { nodes } = buildTopologyGraph(model);
  it('finds by name, IP or id, exact names first', () => {
    expect(searchTopology(nodes, 'web').map((n) => n.data.label)).toEqual(['web', 'web-1']);
    expect(searchTopology(nodes, '10.0.2.9').map((n) => n.data.label)).toEqual(['orphan']);
    expect(searchTopology(nodes, '  ')).toEqual([]);
  });
});
