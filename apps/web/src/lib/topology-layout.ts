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

const LEAF_GAP = 16;

/** Columns for a subnet's block of VMs: one column for a handful, then a roughly 2:1 wide grid. */
export function leafColumns(count: number): number {
  return count <= 4 ? 1 : Math.ceil(Math.sqrt(count * 2));
}

/**
 * Lays out left to right: dagre places the VNets and subnets (a small graph, so it stays fast), and each subnet's
 * VMs/NICs go in a grid right of their subnet (dagre alone takes seconds on 500 leaves). Leaves with several
 * subnets sit with the first one; leaves with none go in a grid below everything. Returns new nodes with React
 * Flow (top-left) positions.
 */
export function layoutTopology(
  nodes: TopologyGraphNode[],
  edges: TopologyGraphEdge[],
  options: { nodesep?: number; ranksep?: number } = {},
): TopologyGraphNode[] {
  const nodesep = options.nodesep ?? 24;
  const ranksep = options.ranksep ?? 64;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const isLeaf = (n: TopologyGraphNode) => n.data.kind === 'vm' || n.data.kind === 'nic';

  // Leaves grouped under their first subnet, in label order.
  const groups = new Map<string, TopologyGraphNode[]>();
  const placedLeaf = new Set<string>();
  for (const e of edges) {
    if (e.kind !== 'contains') continue;
    const target = byId.get(e.target);
    const source = byId.get(e.source);
    if (!target || !source || !isLeaf(target) || placedLeaf.has(target.id)) continue;
    placedLeaf.add(target.id);
    const list = groups.get(source.id) ?? [];
    list.push(target);
    groups.set(source.id, list);
  }
  const byLabel = (a: TopologyGraphNode, b: TopologyGraphNode) =>
    a.data.label.localeCompare(b.data.label, undefined, { numeric: true });
  for (const list of groups.values()) list.sort(byLabel);
  const leafW = Math.max(NODE_SIZES.vm.width, NODE_SIZES.nic.width);
  const leafH = Math.max(NODE_SIZES.vm.height, NODE_SIZES.nic.height);
  const blockOf = (count: number) => {
    const cols = leafColumns(count);
    const rows = Math.ceil(count / cols);
    return {
      cols,
      width: cols * (leafW + LEAF_GAP) - LEAF_GAP,
      height: rows * (leafH + LEAF_GAP) - LEAF_GAP,
    };
  };

  // dagre sees VNets and subnets; a subnet's box includes its block of leaves.
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep, ranksep, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    if (isLeaf(n)) continue;
    const leaves = groups.get(n.id);
    if (leaves?.length) {
      const block = blockOf(leaves.length);
      g.setNode(n.id, { width: n.width + ranksep + block.width, height: Math.max(n.height, block.height) });
    } else {
      g.setNode(n.id, { width: n.width, height: n.height });
    }
  }
  for (const e of edges)
    if (e.kind === 'contains' && g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);

  const positions = new Map<string, { x: number; y: number }>();
  let bottom = 0;
  for (const n of nodes) {
    if (isLeaf(n)) continue;
    const box = g.node(n.id);
    const left = box.x - box.width / 2;
    const top = box.y - box.height / 2;
    bottom = Math.max(bottom, top + box.height);
    positions.set(n.id, { x: left, y: box.y - n.height / 2 });
    const leaves = groups.get(n.id);
    if (!leaves?.length) continue;
    const block = blockOf(leaves.length);
    const blockLeft = left + n.width + ranksep;
    const blockTop = box.y - block.height / 2;
    leaves.forEach((leaf, i) => {
      const col = i % block.cols;
      const row = Math.floor(i / block.cols);
      positions.set(leaf.id, {
        x: blockLeft + col * (leafW + LEAF_GAP),
        y: blockTop + row * (leafH + LEAF_GAP),
      });
    });
  }
  // Leaves attached to no subnet: a grid below the graph.
  const orphans = nodes.filter((n) => isLeaf(n) && !positions.has(n.id));
  if (orphans.length) {
    const block = blockOf(orphans.length);
    const top = bottom + ranksep;
    orphans.forEach((leaf, i) => {
      positions.set(leaf.id, {
        x: 16 + (i % block.cols) * (leafW + LEAF_GAP),
        y: top + Math.floor(i / block.cols) * (leafH + LEAF_GAP),
      });
    });
  }
  return nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? { x: 0, y: 0 } }));
}

export interface LeafBlock {
  id: string;
  /** The subnet (or VNet) node the block belongs to. */
  parentId: string;
  position: { x: number; y: number };
  width: number;
  height: number;
  count: number;
}

const BLOCK_PAD = 10;
/** Room above the grid for the block's caption. */
const BLOCK_LABEL = 26;

/**
 * Frames for the grids of leaves (subnets with more than a handful of VMs), so the canvas can draw one box and
 * one edge per subnet instead of a fan of hundreds of edges. Leaves in a block are listed in `inBlock`.
 */
export function leafBlocks(
  placed: TopologyGraphNode[],
  edges: TopologyGraphEdge[],
): { blocks: LeafBlock[]; inBlock: Set<string> } {
  const byId = new Map(placed.map((n) => [n.id, n]));
  const groups = new Map<string, TopologyGraphNode[]>();
  const seen = new Set<string>();
  for (const e of edges) {
    if (e.kind !== 'contains') continue;
    const target = byId.get(e.target);
    if (!target || (target.data.kind !== 'vm' && target.data.kind !== 'nic') || seen.has(target.id)) continue;
    seen.add(target.id);
    groups.set(e.source, [...(groups.get(e.source) ?? []), target]);
  }
  const blocks: LeafBlock[] = [];
  const inBlock = new Set<string>();
  for (const [parentId, leaves] of groups) {
    if (leafColumns(leaves.length) === 1) continue;
    const minX = Math.min(...leaves.map((n) => n.position.x));
    const minY = Math.min(...leaves.map((n) => n.position.y));
    const maxX = Math.max(...leaves.map((n) => n.position.x + n.width));
    const maxY = Math.max(...leaves.map((n) => n.position.y + n.height));
    blocks.push({
      id: `block:${parentId}`,
      parentId,
      position: { x: minX - BLOCK_PAD, y: minY - BLOCK_LABEL },
      width: maxX - minX + 2 * BLOCK_PAD,
      height: maxY - minY + BLOCK_PAD + BLOCK_LABEL,
      count: leaves.length,
    });
    for (const leaf of leaves) inBlock.add(leaf.id);
  }
  return { blocks, inBlock };
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

/** An edge as the canvas draws it (React Flow's edge fields, plain data). */
export interface TopologyViewEdge {
  id: string;
  source: string;
  target: string;
  className: 'edge-contains' | 'edge-peering';
  sourceHandle?: string;
  targetHandle?: string;
  label?: string;
  animated?: boolean;
}

/** Everything the canvas needs, laid out: plain, serializable data (built on the server, cached per model version). */
export interface TopologyView {
  nodes: TopologyGraphNode[];
  blocks: LeafBlock[];
  edges: TopologyViewEdge[];
}

/**
 * Model → graph → layout → the canvas's nodes, leaf blocks and edges (one edge per block instead of a fan of
 * hundreds). Pure: the same model gives the same view.
 */
export function buildTopologyView(
  model: TopologyModel,
  options: { nodesep?: number; ranksep?: number } = { nodesep: 40, ranksep: 80 },
): TopologyView {
  const graph = buildTopologyGraph(model);
  const nodes = layoutTopology(graph.nodes, graph.edges, options);
  const { blocks, inBlock } = leafBlocks(nodes, graph.edges);
  const edges: TopologyViewEdge[] = graph.edges
    .filter((e) => !(e.kind === 'contains' && inBlock.has(e.target)))
    .map((e) =>
      e.kind === 'peering'
        ? {
            id: e.id,
            source: e.source,
            target: e.target,
            sourceHandle: 'peer-out',
            targetHandle: 'peer-in',
            label: `peering${e.label ? ` · ${e.label}` : ''}`,
            className: 'edge-peering',
            animated: true,
          }
        : { id: e.id, source: e.source, target: e.target, className: 'edge-contains' },
    );
  for (const b of blocks)
    edges.push({
      id: `contains:${b.parentId}->${b.id}`,
      source: b.parentId,
      target: b.id,
      className: 'edge-contains',
    });
  return { nodes, blocks, edges };
}
