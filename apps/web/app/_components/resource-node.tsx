'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import Link from 'next/link';
import { createContext, memo, useContext } from 'react';
import { resourceHref } from '@/src/lib/hrefs';
import type { TopologyBadge, TopologyNodeData } from '@/src/lib/topology-layout';
import { DEFAULT_WORKSPACE } from '@/src/lib/verify-query';
import { KIND_LABEL, badgeKey } from './topology-search';

export type ResourceFlowNode = Node<TopologyNodeData, 'resource'>;

/** The workspace the canvas shows: the badges' links keep it. */
export const TopologyWorkspaceContext = createContext<string>(DEFAULT_WORKSPACE);

/**
 * An NSG or ASG shown on a node: a link to its page. The click must not also reach the node (which would open the
 * subnet or VM), and `nokey nopan nodrag` keep React Flow's node keys, panning and dragging off it.
 */
function BadgeLink({ badge }: { badge: TopologyBadge }) {
  const workspace = useContext(TopologyWorkspaceContext);
  const text = `${badge.kind.toUpperCase()} ${badge.name}`;
  const href = resourceHref(badge.id, workspace);
  const className = `badge badge-${badge.kind} topo-badge`;
  if (!href)
    return (
      <span className={className} title={text} data-badge={badgeKey(badge)}>
        {text}
      </span>
    );
  return (
    <Link
      href={href}
      className={`${className} nokey nopan nodrag`}
      title={`Open ${text}`}
      data-badge={badgeKey(badge)}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    >
      {text}
    </Link>
  );
}

/** One resource on the canvas; its size is fixed by CSS to the size the layout used. */
function ResourceNodeView({ data, selected }: NodeProps<ResourceFlowNode>) {
  const shown = data.badges.slice(0, 3);
  const more = data.badges.length - shown.length;
  return (
    <div className={`topo-node topo-${data.kind}${selected ? ' is-selected' : ''}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
      {data.kind === 'vnet' ? (
        <>
          <Handle id="peer-out" type="source" position={Position.Bottom} isConnectable={false} />
          <Handle id="peer-in" type="target" position={Position.Top} isConnectable={false} />
        </>
      ) : null}
      <div className="topo-head">
        <span className="topo-kind">{KIND_LABEL[data.kind]}</span>
        <span className="topo-label" title={data.label}>
          {data.label}
        </span>
      </div>
      <div className="topo-detail" title={data.detail}>
        {data.detail}
      </div>
      {shown.length ? (
        <div className="topo-badges">
          {shown.map((b) => (
            <BadgeLink key={b.id} badge={b} />
          ))}
          {more > 0 ? (
            <span
              className="badge badge-default"
              title={data.badges
                .slice(shown.length)
                .map((b) => `${b.kind.toUpperCase()} ${b.name}`)
                .join(', ')}
            >
              +{more}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export const ResourceNode = memo(ResourceNodeView);

export type BlockFlowNode = Node<{ count: number }, 'block'>;

/** The frame around a subnet's grid of VMs (one incoming edge instead of one per VM). */
function LeafBlockView({ data }: NodeProps<BlockFlowNode>) {
  return (
    <div className="topo-block" aria-hidden="true">
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="topo-block-count">{data.count} VMs</span>
    </div>
  );
}

export const LeafBlockNode = memo(LeafBlockView);
