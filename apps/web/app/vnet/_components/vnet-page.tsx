'use client';

import { useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { Badge, ResourceLink } from '@/components/resource-link';
import { ErrorNotice, Loading, NotFound } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { VnetPageQuery } from '@/graphql/operations/compute';

export function VnetPage() {
  const id = useSearchParams().get('id') ?? '';
  const workspace = useWorkspace();
  const [{ data, fetching, error }] = useQuery({
    query: VnetPageQuery,
    variables: { workspace, id },
    pause: !id,
  });
  if (!id) return <NotFound what="Virtual network" id="" />;
  if (fetching && !data) return <Loading label="Loading the virtual network…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the virtual network." />;
  const vnet = data?.resourceByArmId;
  if (!vnet || vnet.__typename !== 'VirtualNetwork') return <NotFound what="Virtual network" id={id} />;
  const subnets = vnet.subnets.edges.map((e) => e.node);
  const peerings = vnet.virtualNetworkPeerings.edges.map((e) => e.node);
  return (
    <>
      <div className="page-head">
        <p className="eyebrow">Virtual network</p>
        <h1>{vnet.name}</h1>
        <p className="muted small">
          {vnet.location} · resource group {vnet.resourceGroup ?? '—'}
          {vnet.adminRulesExempt ? ' · exempt from security admin rules' : ''}
        </p>
      </div>
      <section className="card">
        <dl className="props">
          <dt>Address space</dt>
          <dd className="mono">{vnet.addressPrefixes.join(', ')}</dd>
          <dt>Extra VirtualNetwork-tag prefixes</dt>
          <dd className="mono">{vnet.extraVirtualNetworkPrefixes.join(', ') || '—'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="subnets-title">
        <h2 id="subnets-title">Subnets</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefixes</th>
                <th scope="col">NSG</th>
                <th scope="col">IP configurations</th>
              </tr>
            </thead>
            <tbody>
              {subnets.map((s) => (
                <tr key={s.id}>
                  <td>
                    <ResourceLink id={s.id} name={s.name} />{' '}
                    {s.adminRulesExempt ? <Badge kind="default">admin-exempt</Badge> : null}
                  </td>
                  <td className="mono">{s.addressPrefixes.join(', ')}</td>
                  <td>
                    {s.networkSecurityGroup ? (
                      <ResourceLink id={s.networkSecurityGroup.id} name={s.networkSecurityGroup.name} />
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td className="num">{s.ipConfigurations.totalCount}</td>
                </tr>
              ))}
              {subnets.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    No subnets.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="peerings-title">
        <h2 id="peerings-title">Peerings</h2>
        {peerings.length === 0 ? (
          <p className="muted">No peerings.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Remote VNet</th>
                  <th scope="col">Remote address space</th>
                  <th scope="col">State</th>
                  <th scope="col">VNet access</th>
                </tr>
              </thead>
              <tbody>
                {peerings.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>
                      {p.remoteVirtualNetwork ? (
                        <ResourceLink id={p.remoteVirtualNetwork.id} name={p.remoteVirtualNetwork.name} />
                      ) : (
                        <span className="mono small">{p.remoteVirtualNetworkId ?? '—'}</span>
                      )}
                    </td>
                    <td className="mono">{p.remoteAddressPrefixes.join(', ')}</td>
                    <td>{p.peeringState}</td>
                    <td>{p.allowVirtualNetworkAccess ? 'allowed' : 'blocked'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
