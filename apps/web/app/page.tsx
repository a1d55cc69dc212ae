import type { Metadata } from 'next';
import { TopologyView } from './_components/topology-view';
import { WorkspaceStats } from './_components/workspace-stats';

export const metadata: Metadata = { title: 'Topology' };

export default function TopologyPage() {
  return (
    <>
      <div className="page-head">
        <h1>Topology</h1>
        <p className="muted">
          VNets, subnets and VMs of the workspace, with the NSGs and ASGs that apply to them.
        </p>
      </div>
      <WorkspaceStats />
      <TopologyView />
    </>
  );
}
