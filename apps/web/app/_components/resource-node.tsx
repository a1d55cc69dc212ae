'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TopologyNodeData } from '@/src/lib/topology-layout';

export type ResourceFlowNode = Node<TopologyNodeData, 'resource'>;

const KIND_LABEL: Record<TopologyNodeData['kind'], string> = {
  vnet: 'VNet',
  subnet: 'Subnet',
  vm: 'VM',
  nic: 'NIC',
};

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
            <span key={b.id} className={`badge badge-${b.kind}`} title={`${b.kind.toUpperCase()} ${b.name}`}>
              {b.kind.toUpperCase()} {b.name}
            </span>
          ))}
          {more > 0 ? <span className="badge badge-default">+{more}</span> : null}
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
