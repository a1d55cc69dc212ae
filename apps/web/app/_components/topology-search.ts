/**
 * Pure helpers of the topology canvas: the graph search (resources and the NSGs/ASGs shown as badges), the keyboard
 * order of the nodes, their accessible names and the initial viewport. No React, so they are unit-tested directly.
 */
import {
  searchTopology,
  type TopologyBadge,
  type TopologyGraphNode,
  type TopologyNodeKind,
  type TopologyView,
} from '@/src/lib/topology-layout';

export const KIND_LABEL: Record<TopologyNodeKind, string> = {
  vnet: 'VNet',
  subnet: 'Subnet',
  vm: 'VM',
  nic: 'NIC',
};

/** What screen readers announce for a node: its kind and display name ("VM vm-web-01"), never the ARM id. */
export function nodeAccessibleName(node: TopologyGraphNode): string {
  return `${KIND_LABEL[node.data.kind]} ${node.data.label}`;
}

/** A search hit: a node of the graph, or an NSG/ASG with the nodes whose badges show it. */
export type TopologyHit =
  | { type: 'node'; node: TopologyGraphNode }
  | { type: 'badge'; badge: TopologyBadge; carriers: TopologyGraphNode[] };

const lower = (s: string) => s.toLowerCase();

/** Key of a badge's resource, the same for every node that shows it. */
export const badgeKey = (badge: { id: string }) => lower(badge.id);

/**
 * Nodes (by label, detail or ARM id: see searchTopology) and NSGs/ASGs (by name or ARM id) matching the text.
 * Exact and prefix name matches come first; on a tie, nodes come before NSGs/ASGs.
 */
export function searchGraph(nodes: TopologyGraphNode[], text: string, limit = 8): TopologyHit[] {
  const needle = lower(text.trim());
  if (!needle) return [];
  const badges = new Map<string, { badge: TopologyBadge; carriers: TopologyGraphNode[] }>();
  for (const node of nodes) {
    for (const badge of node.data.badges) {
      if (!lower(badge.name).includes(needle) && !lower(badge.id).includes(needle)) continue;
      const entry = badges.get(badgeKey(badge));
      if (entry) entry.carriers.push(node);
      else badges.set(badgeKey(badge), { badge, carriers: [node] });
    }
  }
  const rankName = (name: string) =>
    lower(name) === needle ? 0 : lower(name).startsWith(needle) ? 1 : lower(name).includes(needle) ? 2 : 3;
  const hits: { hit: TopologyHit; rank: number; name: string; order: number }[] = [
    ...searchTopology(nodes, text, limit).map((node) => ({
      hit: { type: 'node', node } as const,
      rank: rankName(node.data.label),
      name: node.data.label,
      order: 0,
    })),
    ...[...badges.values()].map(({ badge, carriers }) => ({
      hit: { type: 'badge', badge, carriers } as const,
      rank: rankName(badge.name),
      name: badge.name,
      order: 1,
    })),
  ];
  // A stable sort: nodes keep searchTopology's order among themselves.
  return hits
    .sort((a, b) => a.rank - b.rank || a.order - b.order || (a.order ? a.name.localeCompare(b.name) : 0))
    .slice(0, limit)
    .map((h) => h.hit);
}

/**
 * The nodes in keyboard (and DOM) order: each VNet, then each of its subnets followed by the subnet's VMs/NICs,
 * like reading the tree (siblings top to bottom, then left to right, as drawn); then whatever is left (e.g. leaves in no subnet) in their given order. A subnet with many
 * VMs has one edge to its block instead of one per VM: the block's members are the leaves laid out inside it.
 */
export function keyboardOrder(view: TopologyView): TopologyGraphNode[] {
  const { nodes, blocks, edges } = view;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const isLeaf = (n: TopologyGraphNode) => n.data.kind === 'vm' || n.data.kind === 'nic';
  const children = new Map<string, TopologyGraphNode[]>();
  const add = (parent: string, child: TopologyGraphNode) =>
    children.set(parent, [...(children.get(parent) ?? []), child]);
  for (const e of edges) {
    const child = byId.get(e.target);
    if (e.className === 'edge-contains' && child && byId.has(e.source)) add(e.source, child);
  }
  for (const b of blocks) {
    for (const n of nodes) {
      const inside =
        isLeaf(n) &&
        n.position.x >= b.position.x &&
        n.position.y >= b.position.y &&
        n.position.x + n.width <= b.position.x + b.width &&
        n.position.y + n.height <= b.position.y + b.height;
      if (inside) add(b.parentId, n);
    }
  }
  // Top to bottom, then left to right: the order the eye reads the laid-out graph in.
  const onScreen = (a: TopologyGraphNode, b: TopologyGraphNode) =>
    a.position.y - b.position.y || a.position.x - b.position.x;
  const out: TopologyGraphNode[] = [];
  const seen = new Set<string>();
  const visit = (node: TopologyGraphNode) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    out.push(node);
    for (const child of [...(children.get(node.id) ?? [])].sort(onScreen)) visit(child);
  };
  for (const n of nodes.filter((n) => n.data.kind === 'vnet').sort(onScreen)) visit(n);
  for (const n of nodes) visit(n);
  return out;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest rectangle around the given boxes. */
export function boundsOf(
  boxes: { position: { x: number; y: number }; width: number; height: number }[],
): Rect {
  const minX = Math.min(...boxes.map((b) => b.position.x));
  const minY = Math.min(...boxes.map((b) => b.position.y));
  const maxX = Math.max(...boxes.map((b) => b.position.x + b.width));
  const maxY = Math.max(...boxes.map((b) => b.position.y + b.height));
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The first view of a graph in a canvas of `width` × `height` px: the whole graph when it fits at a readable zoom
 * (centred, at most `maxZoom`), otherwise `minZoom` — the smallest zoom whose node text is still readable — showing
 * the top of the graph (the VNets and their first subnets), centred across when it fits across. The minimap and
 * the "fit view" button still show everything.
 */
export function initialViewport(
  bounds: Rect,
  width: number,
  height: number,
  {
    minZoom,
    maxZoom,
    padding = 0.1,
    margin = 16,
  }: { minZoom: number; maxZoom: number; padding?: number; margin?: number },
): { x: number; y: number; zoom: number } {
  const fit = Math.min(width / (bounds.width * (1 + padding)), height / (bounds.height * (1 + padding)));
  const zoom = Math.max(minZoom, Math.min(maxZoom, fit));
  const centreX = width / 2 - (bounds.x + bounds.width / 2) * zoom;
  const centreY = height / 2 - (bounds.y + bounds.height / 2) * zoom;
  const fitsAcross = bounds.width * zoom <= width - 2 * margin;
  const fitsDown = bounds.height * zoom <= height - 2 * margin;
  return {
    x: fitsAcross ? centreX : margin - bounds.x * zoom,
    y: fitsDown ? centreY : margin - bounds.y * zoom,
    zoom,
  };
}
