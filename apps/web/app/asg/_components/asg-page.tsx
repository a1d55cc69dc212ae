'use client';

import { useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { ResourceLink } from '@/components/resource-link';
import { ErrorNotice, Loading, NotFound } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { AsgPageQuery } from '@/graphql/operations/security';

export function AsgPage() {
  const id = useSearchParams().get('id') ?? '';
  const workspace = useWorkspace();
  const [{ data, fetching, error }] = useQuery({
    query: AsgPageQuery,
    variables: { workspace, id },
    pause: !id,
  });
  if (!id) return <NotFound what="Application security group" id="" />;
  if (fetching && !data) return <Loading label="Loading the application security group…" />;
  if (error && !data)
    return <ErrorNotice error={error} title="Could not load the application security group." />;
  const asg = data?.resourceByArmId;
  if (!asg || asg.__typename !== 'ApplicationSecurityGroup')
    return <NotFound what="Application security group" id={id} />;
  const members = asg.ipConfigurations.edges.map((e) => e.node);
  return (
    <>
      <div className="page-head">
        <p className="eyebrow">Application security group</p>
        <h1>{asg.name}</h1>
        <p className="muted small">
          {asg.location ?? 'no location'} · resource group {asg.resourceGroup ?? '—'}
        </p>
      </div>
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members ({asg.ipConfigurations.totalCount})</h2>
        {members.length === 0 ? (
          <p className="muted">No IP configuration is in this group; rules that use it match nothing.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Private IP</th>
                  <th scope="col">IP configuration</th>
                  <th scope="col">NIC</th>
                  <th scope="col">VM</th>
                  <th scope="col">Subnet</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id}>
                    <td className="mono">{m.privateIPAddress}</td>
                    <td>{m.name}</td>
                    <td>
                      <ResourceLink id={m.networkInterface.id} name={m.networkInterface.name} />
                    </td>
                    <td>
                      {m.networkInterface.virtualMachine ? (
                        <ResourceLink
                          id={m.networkInterface.virtualMachine.id}
                          name={m.networkInterface.virtualMachine.name}
                        />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {m.subnet ? (
                        <ResourceLink id={m.subnet.id} name={m.subnet.name} />
                      ) : (
                        <span className="muted">—</span>
                      )}
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
