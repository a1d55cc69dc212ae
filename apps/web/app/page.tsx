import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '@/components/status';
import { DEFAULT_WORKSPACE } from '@/src/lib/verify-query';
import { loadTopology } from './_components/topology-data';
import { TopologyView } from './_components/topology-view';
import { WorkspaceStats } from './_components/workspace-stats';

export const metadata: Metadata = { title: 'Topology' };

/**
 * The topology is read and laid out on the server while the browser loads the page's scripts, and streamed in when
 * ready (the promise crosses to the client component); the counts above it load on their own and never hold it up.
 */
export default async function TopologyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const param = (await searchParams).workspace;
  const workspace = (Array.isArray(param) ? param[0] : param)?.trim() || DEFAULT_WORKSPACE;
  const topology = loadTopology(workspace);
  return (
    <>
      <div className="page-head">
        <h1>Topology</h1>
        <p className="muted">
          VNets, subnets and VMs of the workspace, with the NSGs and ASGs that apply to them.
        </p>
      </div>
      <WorkspaceStats />
      <Suspense key={workspace} fallback={<Loading label="Loading the topology…" />}>
        <TopologyView topology={topology} workspace={workspace} />
      </Suspense>
    </>
  );
}
