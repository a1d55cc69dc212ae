'use client';

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type NodeMouseHandler,
} from '@xyflow/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { use, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { resourceHref } from '@/src/lib/hrefs';
import { signinHref } from '@/src/lib/session';
import type { TopologyBadge, TopologyGraphNode, TopologyView } from '@/src/lib/topology-layout';
import {
  LeafBlockNode,
  ResourceNode,
  TopologyWorkspaceContext,
  type BlockFlowNode,
  type ResourceFlowNode,
} from './resource-node';
import type { TopologyResult } from './topology-data';
import {
  KIND_LABEL,
  badgeKey,
  boundsOf,
  initialViewport as readableViewport,
  keyboardOrder,
  nodeAccessibleName,
  searchGraph,
  type TopologyHit,
} from './topology-search';
import './topology.css';

const nodeTypes = { resource: ResourceNode, block: LeafBlockNode };
const BIG_GRAPH = 150;
const BIG_ZOOM = 0.75;
// Stable props: a new object on every render makes React Flow re-apply its options.
const FIT_VIEW_OPTIONS = { padding: 0.1, maxZoom: 1.2 };
const PRO_OPTIONS = { hideAttribution: true };
/** The smallest zoom the graph opens at: node names stay readable (about 12 px) instead of shrinking to fit. */
const READABLE_ZOOM = 0.9;
/** React Flow's default node description speaks of moving and deleting nodes, which this canvas does not do. */
const ARIA_LABELS = {
  'node.a11yDescription.default': 'Press Enter to open its page.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter to open its page.',
};

/** What the search (or a click) picked: one node, or an NSG/ASG with the nodes whose badges show it. */
type Selection =
  { type: 'node'; nodeId: string } | { type: 'badge'; badge: TopologyBadge; nodeIds: string[] };

/**
 * The topology page's canvas. `topology` is the server's promise (see topology-data.ts): read, laid out and
 * streamed while this component's scripts load; `use` suspends until it arrives.
 */
export function TopologyView({
  topology,
  workspace,
}: {
  topology: Promise<TopologyResult>;
  workspace: string;
}) {
  const result = use(topology);

  useEffect(() => {
    // A revoked or expired session: the same path as the GraphQL client's (sign in again, then come back).
    if (result.status === 'unauthenticated')
      window.location.assign(signinHref(`${window.location.pathname}${window.location.search}`, 'expired'));
  }, [result.status]);

  if (result.status === 'unauthenticated') return <Loading label="Your session ended; signing in again…" />;
  if (result.status === 'error')
    return <ErrorNotice error={result.error} title="Could not load the topology." />;
  if (result.status === 'missing')
    return (
      <Empty>
        Workspace <strong>{workspace}</strong> does not exist yet.{' '}
        <Link href={`/import?workspace=${encodeURIComponent(workspace)}`}>Import an Azure export</Link> to
        create it.
      </Empty>
    );
  if (result.empty)
    return (
      <Empty>
        This workspace is empty.{' '}
        <Link href={`/import?workspace=${encodeURIComponent(workspace)}`}>Import</Link> an az/ARM export to
        see its topology.
      </Empty>
    );
  return (
    <ReactFlowProvider>
      <TopologyCanvas view={result.view} workspace={workspace} />
    </ReactFlowProvider>
  );
}

function TopologyCanvas({ view, workspace }: { view: TopologyView; workspace: string }) {
  const router = useRouter();
  const flow = useReactFlow<ResourceFlowNode | BlockFlowNode>();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const [selection, setSelection] = useState<Selection | null>(null);
  const [announce, setAnnounce] = useState('');
  const readyMark = useRef(false);
  const canvasRef = useRef<HTMLDivElement>(null);

  // Tab walks the nodes like the tree is read (VNet, its subnets, each subnet's VMs); each node is named by its
  // kind and name ("VM vm-web-01"). Computed once per view: a new nodes array re-processes every node.
  const nodes: (TopologyGraphNode & ResourceFlowNode)[] = useMemo(
    () => keyboardOrder(view).map((n) => ({ ...n, ariaLabel: nodeAccessibleName(n) })),
    [view],
  );
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  // Edges are not tab stops (nodesFocusable order above is what keyboard users walk). "Contains" edges repeat what
  // the node order already says and are hidden from screen readers; peerings get a readable name.
  const edges: Edge[] = useMemo(
    () =>
      view.edges.map((e) => {
        const source = byId.get(e.source);
        const target = byId.get(e.target);
        return e.className === 'edge-peering' && source && target
          ? {
              ...e,
              ariaLabel: `Peering between ${nodeAccessibleName(source)} and ${nodeAccessibleName(target)}${
                e.label?.includes('·') ? `, ${e.label.split('·')[1]!.trim()}` : ''
              }`,
              ariaRole: 'img' as const,
            }
          : { ...e, domAttributes: { 'aria-hidden': true } };
      }),
    [view.edges, byId],
  );
  const blockNodes: BlockFlowNode[] = useMemo(
    () =>
      view.blocks.map((b) => ({
        id: b.id,
        type: 'block',
        position: b.position,
        width: b.width,
        height: b.height,
        zIndex: -1,
        selectable: false,
        focusable: false,
        data: { count: b.count },
      })),
    [view.blocks],
  );

  // Big graphs open at a readable zoom on their top-left (the VNets) instead of fitting everything: only the
  // visible nodes are rendered then, which keeps a 500-VM workspace interactive in well under a second of render.
  const big = nodes.length > BIG_GRAPH;
  const bigViewport = useMemo(() => {
    if (!big) return undefined;
    const minX = Math.min(...nodes.map((n) => n.position.x));
    const minY = Math.min(...nodes.map((n) => n.position.y));
    return { x: 16 - minX * BIG_ZOOM, y: 16 - minY * BIG_ZOOM, zoom: BIG_ZOOM };
  }, [big, nodes]);
  // Smaller graphs fit the canvas unless that would shrink the text below READABLE_ZOOM; then they open at that
  // zoom on their top. The canvas size is read before the first paint, so there is no jump from a first view.
  const [smallViewport, setSmallViewport] = useState<{ x: number; y: number; zoom: number } | 'fit' | null>(
    null,
  );
  useLayoutEffect(() => {
    if (big) return;
    const el = canvasRef.current;
    const width = el?.clientWidth ?? 0;
    const height = el?.clientHeight ?? 0;
    setSmallViewport(
      width > 0 && height > 0
        ? readableViewport(boundsOf([...nodes, ...view.blocks]), width, height, {
            minZoom: READABLE_ZOOM,
            maxZoom: FIT_VIEW_OPTIONS.maxZoom,
            padding: FIT_VIEW_OPTIONS.padding,
          })
        : 'fit',
    );
  }, [big, nodes, view.blocks]);

  // The focused node is highlighted with a style rule, not by changing `nodes`: a new nodes array makes React Flow
  // re-process every node (hundreds of ms on a 500-VM graph).
  const flowNodes: (ResourceFlowNode | BlockFlowNode)[] = useMemo(
    () => [...blockNodes, ...nodes],
    [blockNodes, nodes],
  );
  const selectedNodeIds = !selection
    ? []
    : selection.type === 'node'
      ? [selection.nodeId]
      : selection.nodeIds;
  const selectedStyle = [
    ...selectedNodeIds.map(
      (id) =>
        `.react-flow__node[data-id="${CSS.escape(id)}"] .topo-node { outline: 3px solid var(--focus); }`,
    ),
    selection?.type === 'badge'
      ? `.topo-badge[data-badge="${CSS.escape(badgeKey(selection.badge))}"] { outline: 2px solid var(--focus); outline-offset: 1px; }`
      : '',
  ].join('\n');

  useEffect(() => {
    if (readyMark.current) return;
    readyMark.current = true;
    // For scripts/measure.mjs: when the graph is on screen (the server read and laid it out).
    performance.mark('topology-ready');
    document.body.dataset.topologyReady = String(nodes.length);
  }, [nodes.length]);

  const hits = useMemo(() => searchGraph(nodes, search), [nodes, search]);

  const showNodes = (targets: TopologyGraphNode[]) => {
    const box = boundsOf(targets);
    const el = canvasRef.current;
    const fit =
      targets.length > 1 && el?.clientWidth && el.clientHeight
        ? Math.min(el.clientWidth / (box.width * 1.3), el.clientHeight / (box.height * 1.3))
        : 1.3;
    void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, {
      zoom: Math.max(READABLE_ZOOM, Math.min(1.3, fit)),
      // On a big graph a long pan would mount every node it passes; jump instead.
      duration: big ? 0 : 400,
    });
  };

  const pick = (hit: TopologyHit) => {
    if (hit.type === 'node') {
      setSelection({ type: 'node', nodeId: hit.node.id });
      showNodes([hit.node]);
      setAnnounce(`Focused ${hit.node.data.kind} ${hit.node.data.label}`);
      return;
    }
    setSelection({ type: 'badge', badge: hit.badge, nodeIds: hit.carriers.map((n) => n.id) });
    showNodes(hit.carriers);
    setAnnounce(`Focused ${hit.badge.kind.toUpperCase()} ${hit.badge.name}, ${carriersText(hit.carriers)}`);
  };

  const onSearchChange = (value: string) => {
    setSearch(value);
    // Nothing found: the previous pick no longer answers the search, so it goes.
    if (value.trim() && searchGraph(nodes, value, 1).length === 0) {
      setSelection(null);
      setAnnounce('No match');
    }
  };

  const onNodeClick: NodeMouseHandler<ResourceFlowNode | BlockFlowNode> = (_e, node) => {
    if (node.type !== 'resource') return;
    const href = resourceHref(node.data.resourceId, workspace);
    if (href) router.push(href);
  };

  const onSelectionChange = useCallback(({ nodes: picked }: { nodes: { id: string; type?: string }[] }) => {
    const first = picked.find((n) => n.type === 'resource');
    if (first)
      setSelection((prev) =>
        prev?.type === 'node' && prev.nodeId === first.id ? prev : { type: 'node', nodeId: first.id },
      );
  }, []);

  const selectedNode = selection?.type === 'node' ? (byId.get(selection.nodeId) ?? null) : null;
  const selectedHref = selectedNode
    ? resourceHref(selectedNode.data.resourceId, workspace)
    : selection?.type === 'badge'
      ? resourceHref(selection.badge.id, workspace)
      : null;

  return (
    <div className="topology">
      <div className="toolbar">
        <div className="field topo-search">
          <label htmlFor={searchId}>Find a resource</label>
          <input
            id={searchId}
            type="search"
            placeholder="Name, IP or ARM id; NSGs and ASGs too"
            value={search}
            autoComplete="off"
            aria-controls={`${searchId}-results`}
            onChange={(e) => onSearchChange(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && hits[0]) {
                e.preventDefault();
                pick(hits[0]);
              }
            }}
          />
        </div>
        {selectedNode ? (
          <p className="topo-selected">
            Selected <strong>{selectedNode.data.label}</strong>{' '}
            {selectedHref ? (
              <Link href={selectedHref} className="button secondary">
                Open {KIND_LABEL[selectedNode.data.kind]} page
              </Link>
            ) : null}
          </p>
        ) : selection?.type === 'badge' ? (
          <p className="topo-selected">
            Selected{' '}
            <strong>
              {selection.badge.kind.toUpperCase()} {selection.badge.name}
            </strong>{' '}
            <span className="muted small">
              {carriersText(selection.nodeIds.flatMap((id) => byId.get(id) ?? []))}
            </span>{' '}
            {selectedHref ? (
              <Link href={selectedHref} className="button secondary">
                Open {selection.badge.kind.toUpperCase()} page
              </Link>
            ) : null}
          </p>
        ) : null}
        <p className="muted small topo-legend">
          {nodes.length} nodes · click a node, NSG or ASG to open it · drag to pan · scroll to zoom
          {big ? ' · the last zoom button fits the whole graph' : ''}
        </p>
      </div>
      {search.trim() ? (
        <ul id={`${searchId}-results`} className="topo-results" aria-label="Matching resources">
          {hits.length === 0 ? <li className="muted">No match</li> : null}
          {hits.map((hit) =>
            hit.type === 'node' ? (
              <li key={hit.node.id}>
                <button type="button" className="secondary icon" onClick={() => pick(hit)}>
                  {KIND_LABEL[hit.node.data.kind]} {hit.node.data.label}
                </button>
                <span className="muted small"> {hit.node.data.detail}</span>
              </li>
            ) : (
              <li key={`badge:${badgeKey(hit.badge)}`}>
                <button type="button" className="secondary icon" onClick={() => pick(hit)}>
                  {hit.badge.kind.toUpperCase()} {hit.badge.name}
                </button>
                <span className="muted small"> {carriersText(hit.carriers)}</span>
              </li>
            ),
          )}
        </ul>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      <style>{selectedStyle}</style>
      <div
        ref={canvasRef}
        className="topo-canvas"
        aria-label="Network topology graph: Tab to a node, Enter opens its page"
        role="region"
        onKeyDown={(e) => {
          // Only on a node itself: Enter on a badge link inside it follows that link instead.
          if (e.key !== 'Enter') return;
          const target = e.target as HTMLElement;
          if (!target.classList.contains('react-flow__node')) return;
          const node = target.dataset.id ? byId.get(target.dataset.id) : undefined;
          const href = node ? resourceHref(node.data.resourceId, workspace) : null;
          if (href) router.push(href);
        }}
      >
        {big || smallViewport ? (
          <TopologyWorkspaceContext.Provider value={workspace}>
            <ReactFlow
              nodes={flowNodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodeClick={onNodeClick}
              onSelectionChange={onSelectionChange}
              nodesDraggable={false}
              nodesConnectable={false}
              nodesFocusable
              edgesFocusable={false}
              onlyRenderVisibleElements={big}
              fitView={smallViewport === 'fit'}
              defaultViewport={
                big ? bigViewport : smallViewport === 'fit' ? undefined : (smallViewport ?? undefined)
              }
              fitViewOptions={FIT_VIEW_OPTIONS}
              minZoom={0.02}
              maxZoom={2.5}
              proOptions={PRO_OPTIONS}
              ariaLabelConfig={ARIA_LABELS}
            >
              <Background gap={24} />
              <Controls showInteractive={false} />
              {nodes.length <= 400 ? <MiniMap pannable zoomable ariaLabel="Topology overview" /> : null}
            </ReactFlow>
          </TopologyWorkspaceContext.Provider>
        ) : null}
      </div>
    </div>
  );
}

/** "on Subnet snet-db", or "on 3 nodes: VM vm-web-01, VM vm-web-02, …" for an NSG/ASG shown on several. */
function carriersText(carriers: TopologyGraphNode[]): string {
  if (carriers.length === 1) return `on ${nodeAccessibleName(carriers[0]!)}`;
  const names = carriers.slice(0, 3).map(nodeAccessibleName).join(', ');
  return `on ${carriers.length} nodes: ${names}${carriers.length > 3 ? ', …' : ''}`;
}
