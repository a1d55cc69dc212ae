'use client';

import { useEffect, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { TopologyNetworksQuery, TopologyNicsQuery, TopologyVmsQuery } from '@/graphql/operations/topology';
import { fetchAllPages } from '@/src/lib/fetch-all';
import type { TopologyModel } from '@/src/lib/topology-layout';

export type TopologyState =
  | { status: 'loading' }
  | { status: 'error'; error: CombinedError }
  | { status: 'missing' }
  | { status: 'ready'; model: TopologyModel };

class QueryFailed extends Error {
  constructor(readonly error: CombinedError) {
    super(error.message);
  }
}
class WorkspaceMissing extends Error {}

/** Loads the whole workspace model (every page of VNets, NICs and VMs) for the topology graph. */
export function useTopology(workspace: string, reloadKey = 0): TopologyState {
  const client = useClient();
  const [state, setState] = useState<TopologyState>({ status: 'loading' });

  useEffect(() => {
    let alive = true;
    setState({ status: 'loading' });
    performance.mark('topology-fetch-start');
    const opts = { requestPolicy: 'network-only' as const };
    const vnets = fetchAllPages(async (after) => {
      const r = await client.query(TopologyNetworksQuery, { workspace, after }, opts).toPromise();
      if (r.error) throw new QueryFailed(r.error);
      const conn = r.data?.workspace?.virtualNetworks;
      if (!conn) throw new WorkspaceMissing();
      return { items: conn.edges.map((e) => e.node), ...conn.pageInfo };
    });
    const nics = fetchAllPages(async (after) => {
      const r = await client.query(TopologyNicsQuery, { workspace, after }, opts).toPromise();
      if (r.error) throw new QueryFailed(r.error);
      const conn = r.data?.workspace?.networkInterfaces;
      if (!conn) throw new WorkspaceMissing();
      return { items: conn.edges.map((e) => e.node), ...conn.pageInfo };
    });
    const vms = fetchAllPages(async (after) => {
      const r = await client.query(TopologyVmsQuery, { workspace, after }, opts).toPromise();
      if (r.error) throw new QueryFailed(r.error);
      const conn = r.data?.workspace?.virtualMachines;
      if (!conn) throw new WorkspaceMissing();
      return { items: conn.edges.map((e) => e.node), ...conn.pageInfo };
    });
    Promise.all([vnets, nics, vms]).then(
      ([vnetList, nicList, vmList]) => {
        if (!alive) return;
        performance.mark('topology-fetched');
        const model: TopologyModel = {
          virtualNetworks: vnetList.map((v) => ({
            id: v.id,
            name: v.name,
            addressPrefixes: v.addressPrefixes,
            subnets: v.subnets.edges.map((e) => e.node),
            peerings: v.virtualNetworkPeerings.edges.map((e) => e.node),
          })),
          networkInterfaces: nicList.map((n) => ({
            id: n.id,
            name: n.name,
            networkSecurityGroup: n.networkSecurityGroup,
            virtualMachineId: n.virtualMachine?.id ?? null,
            ipConfigurations: n.ipConfigurations.edges.map(({ node }) => ({
              privateIPAddress: node.privateIPAddress,
              subnetId: node.subnet?.id ?? null,
              applicationSecurityGroups: node.applicationSecurityGroups,
            })),
          })),
          virtualMachines: vmList,
        };
        setState({ status: 'ready', model });
      },
      (err: unknown) => {
        if (!alive) return;
        if (err instanceof QueryFailed) setState({ status: 'error', error: err.error });
        else if (err instanceof WorkspaceMissing) setState({ status: 'missing' });
        else throw err;
      },
    );
    return () => {
      alive = false;
    };
  }, [client, workspace, reloadKey]);

  return state;
}
