/**
 * Turns the workspace model into a graph and lays it out with dagre: VNets → subnets → VMs (or bare NICs).
 * Peering edges are drawn but left out of the layout so they don't bend the hierarchy into extra ranks.
 *
 * Node sizes here are the sizes the canvas renders (see topology.module.css); dagre must know them or
 * nodes overlap.
 */
import dagre from '@dagrejs/dagre';

export type TopologyNodeKind = 'vnet' | 'subnet' | 'vm' | 'nic';

export interface TopologyBadge {
  kind: 'nsg' | 'asg';
  id: string;
  name: string;
}

export interface TopologyNodeData {
  kind: TopologyNodeKind;
  /** ARM id of the resource (the VM for VM nodes). */
  resourceId: string;
  label: string;
  /** Secondary line: address prefixes, IPs, location. */
  detail: string;
  badges: TopologyBadge[];
  [key: string]: unknown;
}

export interface TopologyGraphNode {
  id: string;
  type: 'resource';
  position: { x: number; y: number };
  width: number;
  height: number;
  data: TopologyNodeData;
}

export interface TopologyGraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'contains' | 'peering';
  label?: string;
}

export const NODE_SIZES: Record<TopologyNodeKind, { width: number; height: number }> = {
  vnet: { width: 220, height: 72 },
  subnet: { width: 200, height: 72 },
  vm: { width: 190, height: 72 },
  nic: { width: 190, height: 72 },
};

/** The workspace as the topology query returns it, reduced to what the graph needs. */
export interface TopologyModel {
  virtualNetworks: {
    id: string;
    name: string;
    addressPrefixes: string[];
    subnets: {
      id: string;
      name: string;
      addressPrefixes: string[];
      networkSecurityGroup?: NamedRef | null;
    }[];
    peerings: { name: string; remoteVirtualNetworkId?: string | null; peeringState: string }[];
  }[];
  networkInterfaces: {
    id: string;
    name: string;
    networkSecurityGroup?: NamedRef | null;
    virtualMachineId?: string | null;
    ipConfigurations: {
      privateIPAddress: string;
      subnetId?: string | null;
      applicationSecurityGroups: NamedRef[];
    }[];
  }[];
  virtualMachines: { id: string; name: string }[];
}

export interface NamedRef {
  id: string;
  name: string;
}

const key = (id: string) => id.toLowerCase();

/** Builds nodes and edges (without positions). Exported for tests. */
export function buildTopologyGraph(model: TopologyModel): {
  nodes: TopologyGraphNode[];
  edges: TopologyGraphEdge[];
} {
  const nodes: TopologyGraphNode[] = [];
  const edges: TopologyGraphEdge[] = [];
  const nodeIds = new Set<string>();
  const edgeIds = new Set<string>();

  const addNode = (
    kind: TopologyNodeKind,
    resourceId: string,
    label: string,
    detail: string,
    badges: TopologyBadge[],
  ) => {
    const id = `${kind}:${key(resourceId)}`;
    if (nodeIds.has(id)) return id;
    nodeIds.add(id);
    nodes.push({
      id,
      type: 'resource',
      position: { x: 0, y: 0 },
      ...NODE_SIZES[kind],
      data: { kind, resourceId, label, detail, badges },
    });
    return id;
  };
  const addEdge = (source: string, target: string, kind: TopologyGraphEdge['kind'], label?: string) => {
    const [a, b] = kind === 'peering' && source > target ? [target, source] : [source, target];
    const id = `${kind}:${a}->${b}`;
    if (edgeIds.has(id) || a === b) return;
    edgeIds.add(id);
    edges.push({ id, source: a, target: b, kind, ...(label ? { label } : {}) });
  };

  const subnetNode = new Map<string, string>();
  for (const vnet of model.virtualNetworks) {
    const vnetNode = addNode('vnet', vnet.id, vnet.name, vnet.addressPrefixes.join(', '), []);
    for (const subnet of vnet.subnets) {
      const badges: TopologyBadge[] = subnet.networkSecurityGroup
        ? [{ kind: 'nsg', ...subnet.networkSecurityGroup }]
        : [];
      const id = addNode('subnet', subnet.id, subnet.name, subnet.addressPrefixes.join(', '), badges);
      subnetNode.set(key(subnet.id), id);
      addEdge(vnetNode, id, 'contains');
    }
  }
  const vnetIds = new Set(model.virtualNetworks.map((v) => `vnet:${key(v.id)}`));
  for (const vnet of model.virtualNetworks) {
    for (const peering of vnet.peerings) {
      if (!peering.remoteVirtualNetworkId) continue;
      const remote = `vnet:${key(peering.remoteVirtualNetworkId)}`;
      if (vnetIds.has(remote)) addEdge(`vnet:${key(vnet.id)}`, remote, 'peering', peering.peeringState);
    }
  }

  const vmName = new Map(model.virtualMachines.map((vm) => [key(vm.id), vm.name]));
  // Collect per VM (or per bare NIC) the IPs, badges and subnets across its NICs.
  const owners = new Map<
    string,
    {
      kind: 'vm' | 'nic';
      resourceId: string;
      label: string;
      ips: string[];
      badges: TopologyBadge[];
      subnets: string[];
    }
  >();
  for (const nic of model.networkInterfaces) {
    const vmId = nic.virtualMachineId && vmName.has(key(nic.virtualMachineId)) ? nic.virtualMachineId : null;
    const ownerKey = vmId ? `vm:${key(vmId)}` : `nic:${key(nic.id)}`;
    let owner = owners.get(ownerKey);
    if (!owner) {
      owner = vmId
        ? {
            kind: 'vm',
            resourceId: vmId,
            label: vmName.get(key(vmId)) ?? vmId,
            ips: [],
            badges: [],
            subnets: [],
          }
        : { kind: 'nic', resourceId: nic.id, label: nic.name, ips: [], badges: [], subnets: [] };
      owners.set(ownerKey, owner);
    }
    if (nic.networkSecurityGroup && !owner.badges.some((b) => b.id === nic.networkSecurityGroup?.id)) {
      owner.badges.push({ kind: 'nsg', ...nic.networkSecurityGroup });
    }
    for (const ipc of nic.ipConfigurations) {
      owner.ips.push(ipc.privateIPAddress);
      if (ipc.subnetId) owner.subnets.push(key(ipc.subnetId));
      for (const asg of ipc.applicationSecurityGroups) {
        if (!owner.badges.some((b) => b.id === asg.id)) owner.badges.push({ kind: 'asg', ...asg });
      }
    }
  }
  for (const vm of model.virtualMachines) {
    const ownerKey = `vm:${key(vm.id)}`;
    if (!owners.has(ownerKey))
      owners.set(ownerKey, {
        kind: 'vm',
        resourceId: vm.id,
        label: vm.name,
        ips: [],
        badges: [],
        subnets: [],
      });
  }
  for (const owner of owners.values()) {
    const id = addNode(
      owner.kind,
      owner.resourceId,
      owner.label,
      owner.ips.join(', ') || 'no IP',
      owner.badges,
    );
    for (const subnet of owner.subnets) {
      const source = subnetNode.get(subnet);
      if (source) addEdge(source, id, 'contains');
    }
  }
  return { nodes, edges };
}

/** Lays out nodes top-to-bottom with dagre; returns new nodes with React Flow (top-left) positions. */
export function layoutTopology(
  nodes: TopologyGraphNode[],
  edges: TopologyGraphEdge[],
  options: { rankdir?: 'TB' | 'LR'; nodesep?: number; ranksep?: number } = {},
): TopologyGraphNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({
    rankdir: options.rankdir ?? 'TB',
    nodesep: options.nodesep ?? 24,
    ranksep: options.ranksep ?? 64,
    marginx: 16,
    marginy: 16,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) g.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of edges) if (edge.kind === 'contains') g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  return nodes.map((node) => {
    const placed = g.node(node.id);
    return { ...node, position: { x: placed.x - node.width / 2, y: placed.y - node.height / 2 } };
  });
}

/** Nodes whose label, detail or resource id contains the text (case-insensitive), labels first. */
export function searchTopology(nodes: TopologyGraphNode[], text: string, limit = 8): TopologyGraphNode[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const hits = nodes.filter(
    (n) =>
      n.data.label.toLowerCase().includes(needle) ||
      n.data.detail.toLowerCase().includes(needle) ||
      n.data.resourceId.toLowerCase().includes(needle),
  );
  const rank = (n: TopologyGraphNode) =>
    n.data.label.toLowerCase() === needle
      ? 0
      : n.data.label.toLowerCase().startsWith(needle)
        ? 1
        : n.data.label.toLowerCase().includes(needle)
          ? 2
          : 3;
  return hits.sort((a, b) => rank(a) - rank(b) || a.data.label.localeCompare(b.data.label)).slice(0, limit);
}
