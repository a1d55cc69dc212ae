import { buildTopologyView, type TopologyModel } from '@/src/lib/topology-layout';
import { boundsOf, initialViewport, keyboardOrder, nodeAccessibleName, searchGraph } from './topology-search';

const sub = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network';
const vmId = (name: string) =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
const nsg = (name: string) => ({ id: `${sub}/networkSecurityGroups/${name}`, name });
const asg = (name: string) => ({ id: `${sub}/applicationSecurityGroups/${name}`, name });

function vmOn(name: string, subnet: string, ip: string, asgs: { id: string; name: string }[] = []) {
  return {
    nic: {
      id: `${sub}/networkInterfaces/${name}-nic`,
      name: `${name}-nic`,
      virtualMachineId: vmId(name),
      ipConfigurations: [
        {
          privateIPAddress: ip,
          subnetId: `${sub}/virtualNetworks/${subnet}`,
          applicationSecurityGroups: asgs,
        },
      ],
    },
    vm: { id: vmId(name), name },
  };
}

function model(webVms: number): TopologyModel {
  const vms = [
    ...Array.from({ length: webVms }, (_, i) =>
      vmOn(`web-${i + 1}`, 'spoke/subnets/web', `10.1.1.${i + 4}`, [asg('asg-web')]),
    ),
    vmOn('db-1', 'spoke/subnets/db', '10.1.2.4'),
    vmOn('jump-1', 'hub/subnets/mgmt', '10.0.1.4'),
  ];
  return {
    virtualNetworks: [
      {
        id: `${sub}/virtualNetworks/spoke`,
        name: 'spoke',
        addressPrefixes: ['10.1.0.0/16'],
        subnets: [
          {
            id: `${sub}/virtualNetworks/spoke/subnets/web`,
            name: 'web',
            addressPrefixes: ['10.1.1.0/24'],
            networkSecurityGroup: nsg('nsg-web'),
          },
          {
            id: `${sub}/virtualNetworks/spoke/subnets/db`,
            name: 'db',
            addressPrefixes: ['10.1.2.0/24'],
            networkSecurityGroup: nsg('nsg-db'),
          },
        ],
        peerings: [],
      },
      {
        id: `${sub}/virtualNetworks/hub`,
        name: 'hub',
        addressPrefixes: ['10.0.0.0/16'],
        subnets: [
          { id: `${sub}/virtualNetworks/hub/subnets/mgmt`, name: 'mgmt', addressPrefixes: ['10.0.1.0/24'] },
        ],
        peerings: [
          {
            name: 'hub-spoke',
            remoteVirtualNetworkId: `${sub}/virtualNetworks/spoke`,
            peeringState: 'Connected',
          },
        ],
      },
    ],
    networkInterfaces: vms.map((v) => v.nic),
    virtualMachines: vms.map((v) => v.vm),
  };
}

const label = (n: { data: { kind: string; label: string } }) => `${n.data.kind}:${n.data.label}`;

describe('nodeAccessibleName', () => {
  it('is the kind and the display name, not the ARM id', () => {
    const view = buildTopologyView(model(3));
    const names = view.nodes.map(nodeAccessibleName).sort();
    expect(names).toContain('VM web-1');
    expect(names).toContain('Subnet web');
    expect(names).toContain('VNet hub');
    expect(names.some((n) => n.includes('/'))).toBe(false);
  });
});

describe('keyboardOrder', () => {
  it('walks each VNet, then each subnet followed by its VMs', () => {
    const view = buildTopologyView(model(3));
    const order = keyboardOrder(view).map(label);
    expect(order).toHaveLength(view.nodes.length);
    expect(new Set(order).size).toBe(order.length);
    expect(order[0]).toMatch(/^vnet:/);
    const at = (l: string) => order.indexOf(l);
    // Every subnet comes right after its VNet's earlier subtrees, and its VMs right after it.
    expect(at('subnet:web')).toBeGreaterThan(at('vnet:spoke'));
    expect(at('vm:web-1')).toBe(at('subnet:web') + 1);
    expect(order.slice(at('subnet:web') + 1, at('subnet:web') + 4)).toEqual([
      'vm:web-1',
      'vm:web-2',
      'vm:web-3',
    ]);
    expect(at('vm:db-1')).toBe(at('subnet:db') + 1);
    expect(at('subnet:mgmt')).toBe(at('vnet:hub') + 1);
    expect(at('vm:jump-1')).toBe(at('subnet:mgmt') + 1);
  });

  it('keeps the VMs of a framed block (one edge to the block) under their subnet', () => {
    // 500 VMs, as in the measured big workspace.
    const view = buildTopologyView(model(500));
    expect(view.blocks).toHaveLength(1);
    const order = keyboardOrder(view).map(label);
    expect(order).toHaveLength(view.nodes.length);
    const web = order.indexOf('subnet:web');
    expect(order.slice(web + 1, web + 501).every((l) => l.startsWith('vm:web-'))).toBe(true);
    expect(order.slice(web + 1, web + 4)).toEqual(['vm:web-1', 'vm:web-2', 'vm:web-3']);
  });
});

describe('searchGraph', () => {
  const view = buildTopologyView(model(3));

  it('finds an NSG by name, with the node whose badge shows it', () => {
    const hits = searchGraph(view.nodes, 'nsg-db');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ type: 'badge', badge: { kind: 'nsg', name: 'nsg-db' } });
    expect(hits[0]!.type === 'badge' && hits[0]!.carriers.map(label)).toEqual(['subnet:db']);
  });

  it('finds an ASG once, with every VM that carries it', () => {
    const hits = searchGraph(view.nodes, 'ASG-WEB');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.type === 'badge' && hits[0]!.carriers.map(label).sort()).toEqual([
      'vm:web-1',
      'vm:web-2',
      'vm:web-3',
    ]);
  });

  it('lists nodes before NSGs/ASGs of the same rank, exact names first', () => {
    const hits = searchGraph(view.nodes, 'web');
    expect(hits[0]).toMatchObject({ type: 'node', node: { data: { label: 'web' } } });
    const kinds = hits.map((h) => (h.type === 'node' ? label(h.node) : `${h.badge.kind}:${h.badge.name}`));
    expect(kinds).toContain('nsg:nsg-web');
    expect(kinds).toContain('asg:asg-web');
    expect(kinds.indexOf('vm:web-1')).toBeLessThan(kinds.indexOf('nsg:nsg-web'));
  });

  it('still finds VMs by IP, and nothing for an unknown text', () => {
    expect(searchGraph(view.nodes, '10.1.2.4').map((h) => h.type === 'node' && label(h.node))).toEqual([
      'vm:db-1',
    ]);
    expect(searchGraph(view.nodes, 'nothing-like-this')).toEqual([]);
    expect(searchGraph(view.nodes, '  ')).toEqual([]);
  });
});

describe('initialViewport', () => {
  const opts = { minZoom: 0.85, maxZoom: 1.2, padding: 0.1, margin: 16 };

  it('fits and centres a graph that is readable when fitted', () => {
    const vp = initialViewport({ x: 0, y: 0, width: 500, height: 600 }, 1000, 600, opts);
    expect(vp.zoom).toBeCloseTo(600 / 660);
    expect(vp.x).toBeCloseTo(500 - 250 * vp.zoom);
    expect(vp.y).toBeCloseTo(300 - 300 * vp.zoom);
    // Never more than maxZoom for a small graph.
    expect(initialViewport({ x: 0, y: 0, width: 100, height: 100 }, 1000, 600, opts).zoom).toBe(1.2);
  });

  it('opens a tall graph at the readable zoom on its top, centred across', () => {
    const bounds = { x: 100, y: 50, width: 700, height: 1500 };
    const vp = initialViewport(bounds, 1240, 650, opts);
    expect(vp.zoom).toBe(0.85);
    expect(vp.y).toBeCloseTo(16 - 50 * 0.85);
    expect(vp.x).toBeCloseTo(620 - 450 * 0.85);
  });

  it('starts at the top-left when the graph is wider than the canvas too', () => {
    const vp = initialViewport({ x: 0, y: 0, width: 3000, height: 3000 }, 700, 500, opts);
    expect(vp).toEqual({ x: 16, y: 16, zoom: 0.85 });
  });

  it('bounds cover every box', () => {
    expect(
      boundsOf([
        { position: { x: 10, y: 5 }, width: 10, height: 10 },
        { position: { x: -5, y: 30 }, width: 20, height: 5 },
      ]),
    ).toEqual({ x: -5, y: 5, width: 25, height: 30 });
  });
});
