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
import { use, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { resourceHref } from '@/src/lib/hrefs';
import { signinHref } from '@/src/lib/session';
import { searchTopology, type TopologyGraphNode, type TopologyView } from '@/src/lib/topology-layout';
import { LeafBlockNode, ResourceNode, type BlockFlowNode, type ResourceFlowNode } from './resource-node';
import type { TopologyResult } from './topology-data';

const nodeTypes = { resource: ResourceNode, block: LeafBlockNode };
const BIG_GRAPH = 150;
const BIG_ZOOM = 0.75;
// Stable props: a new object on every render makes React Flow re-apply its options.
const FIT_VIEW_OPTIONS = { padding: 0.1, maxZoom: 1.2 };
const PRO_OPTIONS = { hideAttribution: true };

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
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const readyMark = useRef(false);

  const nodes = view.nodes;
  const edges = view.edges as Edge[];
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
  const initialViewport = useMemo(() => {
    if (!big) return undefined;
    const minX = Math.min(...nodes.map((n) => n.position.x));
    const minY = Math.min(...nodes.map((n) => n.position.y));
    return { x: 16 - minX * BIG_ZOOM, y: 16 - minY * BIG_ZOOM, zoom: BIG_ZOOM };
  }, [big, nodes]);

  // The focused node is highlighted with a style rule, not by changing `nodes`: a new nodes array makes React Flow
  // re-process every node (hundreds of ms on a 500-VM graph).
  const flowNodes: (ResourceFlowNode | BlockFlowNode)[] = useMemo(
    () => [...blockNodes, ...nodes],
    [blockNodes, nodes],
  );
  const selectedStyle = selectedId
    ? `.react-flow__node[data-id="${CSS.escape(selectedId)}"] .topo-node { outline: 3px solid var(--focus); }`
    : '';

  useEffect(() => {
    if (readyMark.current) return;
    readyMark.current = true;
    // For scripts/measure.mjs: when the graph is on screen (the server read and laid it out).
    performance.mark('topology-ready');
    document.body.dataset.topologyReady = String(nodes.length);
  }, [nodes.length]);

  const hits = useMemo(() => searchTopology(nodes, search), [nodes, search]);

  const focusNode = (node: TopologyGraphNode) => {
    setSelectedId(node.id);
    void flow.setCenter(node.position.x + node.width / 2, node.position.y + node.height / 2, {
      zoom: 1.3,
      // On a big graph a long pan would mount every node it passes; jump instead.
      duration: big ? 0 : 400,
    });
    setAnnounce(`Focused ${node.data.kind} ${node.data.label}`);
  };

  const onNodeClick: NodeMouseHandler<ResourceFlowNode | BlockFlowNode> = (_e, node) => {
    if (node.type !== 'resource') return;
    const href = resourceHref(node.data.resourceId, workspace);
    if (href) router.push(href);
  };

  // Keyboard users select a node with Tab + Enter; the "Open … page" link then appears above the canvas.
  const onSelectionChange = useCallback(({ nodes: picked }: { nodes: { id: string; type?: string }[] }) => {
    const first = picked.find((n) => n.type === 'resource');
    if (first) setSelectedId((prev) => (prev === first.id ? prev : first.id));
  }, []);

  const selected = nodes.find((n) => n.id === selectedId) ?? null;
  const selectedHref = selected ? resourceHref(selected.data.resourceId, workspace) : null;

  return (
    <div className="topology">
      <div className="toolbar">
        <div className="field topo-search">
          <label htmlFor={searchId}>Find a resource</label>
          <input
            id={searchId}
            type="search"
            placeholder="Name, IP or ARM id"
            value={search}
            autoComplete="off"
            aria-controls={`${searchId}-results`}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && hits[0]) {
                e.preventDefault();
                focusNode(hits[0]);
              }
            }}
          />
        </div>
        {selected ? (
          <p className="topo-selected">
            Selected <strong>{selected.data.label}</strong>{' '}
            {selectedHref ? (
              <Link href={selectedHref} className="button secondary">
                Open {selected.data.kind === 'vnet' ? 'VNet' : selected.data.kind.toUpperCase()} page
              </Link>
            ) : null}
          </p>
        ) : null}
        <p className="muted small topo-legend">
          {nodes.length} nodes · click a node to open it · drag to pan · scroll to zoom
          {big ? ' · the last zoom button fits the whole graph' : ''}
        </p>
      </div>
      {search.trim() ? (
        <ul id={`${searchId}-results`} className="topo-results" aria-label="Matching resources">
          {hits.length === 0 ? <li className="muted">No match</li> : null}
          {hits.map((n) => (
            <li key={n.id}>
              <button type="button" className="secondary icon" onClick={() => focusNode(n)}>
                {n.data.kind.toUpperCase()} {n.data.label}
              </button>
              <span className="muted small"> {n.data.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      <style>{selectedStyle}</style>
      <div
        className="topo-canvas"
        aria-label="Network topology graph: Tab to a node, Enter opens its page"
        role="region"
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          const id = (e.target as HTMLElement).closest<HTMLElement>('.react-flow__node')?.dataset.id;
          const node = id ? nodes.find((n) => n.id === id) : undefined;
          const href = node ? resourceHref(node.data.resourceId, workspace) : null;
          if (href) router.push(href);
        }}
      >
        <ReactFlow
          nodes={flowNodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          onSelectionChange={onSelectionChange}
          nodesDraggable={false}
          nodesConnectable={false}
          onlyRenderVisibleElements={big}
          fitView={!big}
          defaultViewport={initialViewport}
          fitViewOptions={FIT_VIEW_OPTIONS}
          minZoom={0.02}
          maxZoom={2.5}
          proOptions={PRO_OPTIONS}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
          {nodes.length <= 400 ? <MiniMap pannable zoomable ariaLabel="Topology overview" /> : null}
        </ReactFlow>
      </div>
    </div>
  );
}
