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
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { resourceHref } from '@/src/lib/hrefs';
import {
  buildTopologyGraph,
  layoutTopology,
  searchTopology,
  type TopologyGraphNode,
  type TopologyModel,
} from '@/src/lib/topology-layout';
import { ResourceNode, type ResourceFlowNode } from './resource-node';
import { useTopology } from './use-topology';

const nodeTypes = { resource: ResourceNode };

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
  const flow = useReactFlow<ResourceFlowNode>();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const readyMark = useRef(false);

  const { nodes, edges } = useMemo(() => {
    const graph = buildTopologyGraph(model);
    const placed = layoutTopology(graph.nodes, graph.edges, { rankdir: 'LR', nodesep: 16, ranksep: 80 });
    const flowEdges: Edge[] = graph.edges.map((e) =>
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
    return { nodes: placed, edges: flowEdges };
  }, [model]);

  const flowNodes: ResourceFlowNode[] = useMemo(
    () => nodes.map((n) => ({ ...n, selected: n.id === selectedId })),
    [nodes, selectedId],
  );

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

  const onNodeClick: NodeMouseHandler<ResourceFlowNode> = (_e, node) => {
    const href = resourceHref(node.data.resourceId, workspace);
    if (href) router.push(href);
  };

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
      <div className="topo-canvas" aria-label="Network topology graph" role="region">
        <ReactFlow
          nodes={flowNodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          nodesDraggable={false}
          nodesConnectable={false}
          onlyRenderVisibleElements={nodes.length > 150}
          fitView
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
