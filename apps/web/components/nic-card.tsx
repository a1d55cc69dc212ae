'use client';

import type { NicFieldsFragment } from '@/src/gql/graphql';
import { Badge, ResourceLink } from './resource-link';

/** A NIC with its IP configurations, subnets, the NSGs that apply (subnet and NIC) and its ASGs. */
export function NicCard({ nic, headingLevel = 2 }: { nic: NicFieldsFragment; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const ipcs = nic.ipConfigurations.edges.map((e) => e.node);
  return (
    <section className="card" aria-label={`Network interface ${nic.name}`}>
      <H>
        <ResourceLink id={nic.id} name={nic.name} />{' '}
        {nic.primary ? <Badge kind="default">primary</Badge> : null}
      </H>
      <dl className="props">
        <dt>NIC NSG</dt>
        <dd>
          {nic.networkSecurityGroup ? (
            <ResourceLink id={nic.networkSecurityGroup.id} name={nic.networkSecurityGroup.name} />
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        <dt>IP forwarding</dt>
        <dd>{nic.enableIPForwarding ? 'enabled' : 'disabled'}</dd>
      </dl>
      <div className="table-wrap" style={{ marginTop: '0.75rem' }}>
        <table>
          <caption className="visually-hidden">IP configurations of {nic.name}</caption>
          <thead>
            <tr>
              <th scope="col">IP configuration</th>
              <th scope="col">Private IP</th>
              <th scope="col">Subnet</th>
              <th scope="col">Subnet NSG</th>
              <th scope="col">ASGs</th>
            </tr>
          </thead>
          <tbody>
            {ipcs.map((ipc) => (
              <tr key={ipc.id}>
                <td>
                  {ipc.name} {ipc.primary ? <Badge kind="default">primary</Badge> : null}
                </td>
                <td className="mono">{ipc.privateIPAddress}</td>
                <td>
                  {ipc.subnet ? (
                    <>
                      <ResourceLink id={ipc.subnet.id} name={ipc.subnet.name} />{' '}
                      <span className="muted small">
                        in{' '}
                        <ResourceLink
                          id={ipc.subnet.virtualNetwork.id}
                          name={ipc.subnet.virtualNetwork.name}
                        />
                      </span>
                      <div className="mono small muted">{ipc.subnet.addressPrefixes.join(', ')}</div>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {ipc.subnet?.networkSecurityGroup ? (
                    <ResourceLink
                      id={ipc.subnet.networkSecurityGroup.id}
                      name={ipc.subnet.networkSecurityGroup.name}
                    />
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td>
                  <span className="chips">
                    {ipc.applicationSecurityGroups.length ? (
                      ipc.applicationSecurityGroups.map((a) => (
                        <ResourceLink key={a.id} id={a.id} name={a.name} className="badge badge-asg" />
                      ))
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
