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
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { resourceHref } from '@/src/lib/hrefs';
import {
  buildTopologyGraph,
  layoutTopology,
  leafBlocks,
  searchTopology,
  type TopologyGraphNode,
  type TopologyModel,
} from '@/src/lib/topology-layout';
import { LeafBlockNode, ResourceNode, type BlockFlowNode, type ResourceFlowNode } from './resource-node';
import { useTopology } from './use-topology';

const nodeTypes = { resource: ResourceNode, block: LeafBlockNode };
const BIG_GRAPH = 150;
const BIG_ZOOM = 0.75;

export function TopologyView() {
  const workspace = useWorkspace();
  const state = useTopology(workspace);

  if (state.status === 'loading') return <Loading label="Loading the topology…" />;
  if (state.status === 'error')
    return <ErrorNotice error={state.error} title="Could not load the topology." />;
  if (state.status === 'missing')
    return (
      <Empty>
        Workspace <strong>{workspace}</strong> does not exist yet.{' '}
        <Link href={`/import?workspace=${encodeURIComponent(workspace)}`}>Import an Azure export</Link> to
        create it.
      </Empty>
    );
  if (state.model.virtualNetworks.length === 0 && state.model.virtualMachines.length === 0)
    return (
      <Empty>
        This workspace is empty.{' '}
        <Link href={`/import?workspace=${encodeURIComponent(workspace)}`}>Import</Link> an az/ARM export to
        see its topology.
      </Empty>
    );
  return (
    <ReactFlowProvider>
      <TopologyCanvas model={state.model} workspace={workspace} />
    </ReactFlowProvider>
  );
}

function TopologyCanvas({ model, workspace }: { model: TopologyModel; workspace: string }) {
  const router = useRouter();
  const flow = useReactFlow<ResourceFlowNode | BlockFlowNode>();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const readyMark = useRef(false);

  const { nodes, blockNodes, edges } = useMemo(() => {
    const graph = buildTopologyGraph(model);
    const placed = layoutTopology(graph.nodes, graph.edges, { nodesep: 40, ranksep: 80 });
    performance.mark('topology-laid-out');
    const { blocks, inBlock } = leafBlocks(placed, graph.edges);
    const blockEdges: Edge[] = blocks.map((b) => ({
      id: `contains:${b.parentId}->${b.id}`,
      source: b.parentId,
      target: b.id,
      className: 'edge-contains',
    }));
    const flowEdges: Edge[] = graph.edges
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
    const blockNodes: BlockFlowNode[] = blocks.map((b) => ({
      id: b.id,
      type: 'block',
      position: b.position,
      width: b.width,
      height: b.height,
      zIndex: -1,
      selectable: false,
      focusable: false,
      data: { count: b.count },
    }));
    return { nodes: placed, blockNodes, edges: [...flowEdges, ...blockEdges] };
  }, [model]);

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
    // For scripts/measure.mjs: when the graph is on screen.
    performance.mark('topology-ready');
    document.body.dataset.topologyReady = String(nodes.length);
  }, [nodes.length]);

  const hits = useMemo(() => searchTopology(nodes, search), [nodes, search]);

  const focusNode = (node: TopologyGraphNode) => {
    setSelectedId(node.id);
    void flow.setCenter(node.position.x + node.width / 2, node.position.y + node.height / 2, {
      zoom: 1.3,
      duration: 400,
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
          fitViewOptions={{ padding: 0.1, maxZoom: 1.2 }}
          minZoom={0.02}
          maxZoom={2.5}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
          {nodes.length <= 400 ? <MiniMap pannable zoomable ariaLabel="Topology overview" /> : null}
        </ReactFlow>
      </div>
    </div>
  );
}
