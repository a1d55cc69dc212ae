'use client';

import { useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { ResourceLink } from '@/components/resource-link';
import { ErrorNotice, Loading, NotFound } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { SubnetPageQuery } from '@/graphql/operations/compute';

export function SubnetPage() {
  const id = useSearchParams().get('id') ?? '';
  const workspace = useWorkspace();
  const [{ data, fetching, error }] = useQuery({
    query: SubnetPageQuery,
    variables: { workspace, id },
    pause: !id,
  });
  if (!id) return <NotFound what="Subnet" id="" />;
  if (fetching && !data) return <Loading label="Loading the subnet…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the subnet." />;
  const subnet = data?.resourceByArmId;
  if (!subnet || subnet.__typename !== 'Subnet') return <NotFound what="Subnet" id={id} />;
  const ipcs = subnet.ipConfigurations.edges.map((e) => e.node);
  return (
    <>
      <div className="page-head">
        <p className="eyebrow">Subnet</p>
        <h1>{subnet.name}</h1>
        <p className="muted small">
          in <ResourceLink id={subnet.virtualNetwork.id} name={subnet.virtualNetwork.name} />
          {subnet.adminRulesExempt ? ' · exempt from security admin rules' : ''}
        </p>
      </div>
      <section className="card">
        <dl className="props">
          <dt>Address prefixes</dt>
          <dd className="mono">{subnet.addressPrefixes.join(', ')}</dd>
          <dt>Subnet NSG</dt>
          <dd>
            {subnet.networkSecurityGroup ? (
              <ResourceLink id={subnet.networkSecurityGroup.id} name={subnet.networkSecurityGroup.name} />
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="ipc-title">
        <h2 id="ipc-title">Connected devices ({subnet.ipConfigurations.totalCount})</h2>
        {ipcs.length === 0 ? (
          <p className="muted">Nothing is connected to this subnet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Private IP</th>
                  <th scope="col">NIC</th>
                  <th scope="col">VM</th>
                  <th scope="col">NIC NSG</th>
                  <th scope="col">ASGs</th>
                </tr>
              </thead>
              <tbody>
                {ipcs.map((ipc) => (
                  <tr key={ipc.id}>
                    <td className="mono">{ipc.privateIPAddress}</td>
                    <td>
                      <ResourceLink id={ipc.networkInterface.id} name={ipc.networkInterface.name} />
                    </td>
                    <td>
                      {ipc.networkInterface.virtualMachine ? (
                        <ResourceLink
                          id={ipc.networkInterface.virtualMachine.id}
                          name={ipc.networkInterface.virtualMachine.name}
                        />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {ipc.networkInterface.networkSecurityGroup ? (
                        <ResourceLink
                          id={ipc.networkInterface.networkSecurityGroup.id}
                          name={ipc.networkInterface.networkSecurityGroup.name}
                        />
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td>
                      <span className="chips">
                        {ipc.applicationSecurityGroups.map((a) => (
                          <ResourceLink key={a.id} id={a.id} name={a.name} className="badge badge-asg" />
                        ))}
                      </span>
                    </td>
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
