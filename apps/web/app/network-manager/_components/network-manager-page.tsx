'use client';

import { useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { AccessPill, Badge, ResourceLink } from '@/components/resource-link';
import { ErrorNotice, Loading, NotFound } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import {
  NetworkManagerPageQuery,
  NetworkManagerShadowedRulesQuery,
} from '@/graphql/operations/network-manager';
import { armName } from '@/src/lib/hrefs';
import {
  ShadowedBadge,
  ShadowedRulesSection,
  ruleAnchor,
  shadowedById,
} from '@/app/nsg/_components/shadowed-rules';

const addressText = (items: readonly { addressPrefix: string; addressPrefixType: string }[]) =>
  items.length
    ? items
        .map((i) =>
          i.addressPrefixType === 'NETWORK_GROUP'
            ? `group ${armName(i.addressPrefix)}`
            : i.addressPrefixType === 'SERVICE_TAG'
              ? `tag ${i.addressPrefix}`
              : i.addressPrefix,
        )
        .join(', ')
    : '*';

export function NetworkManagerPage() {
  const id = useSearchParams().get('id') ?? '';
  const workspace = useWorkspace();
  const [{ data, fetching, error }] = useQuery({
    query: NetworkManagerPageQuery,
    variables: { workspace, id },
    pause: !id,
  });
  // Its own query, so the page shows without waiting for the analysis.
  const [shadowed] = useQuery({
    query: NetworkManagerShadowedRulesQuery,
    variables: { workspace, id },
    pause: !id,
  });
  if (!id) return <NotFound what="Network manager" id="" />;
  if (fetching && !data) return <Loading label="Loading the network manager…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the network manager." />;
  const nm = data?.resourceByArmId;
  if (!nm || nm.__typename !== 'NetworkManager') return <NotFound what="Network manager" id={id} />;
  const groups = nm.networkGroups.edges.map((e) => e.node);
  const configs = nm.securityAdminConfigurations.edges.map((e) => e.node);
  const shadowedNm = shadowed.data?.resourceByArmId;
  const shadowedRules =
    shadowedNm?.__typename === 'NetworkManager' ? shadowedNm.shadowedAdminRules : undefined;
  const shadowedByRule = shadowedById(shadowedRules);

  return (
    <>
      <div className="page-head">
        <p className="eyebrow">Azure Virtual Network Manager</p>
        <h1>{nm.name}</h1>
        <p className="muted small">resource group {nm.resourceGroup ?? '—'}</p>
      </div>
      <section className="card">
        <dl className="props">
          <dt>Scope: management groups</dt>
          <dd className="mono small">{nm.scopeManagementGroups.join(', ') || '—'}</dd>
          <dt>Scope: subscriptions</dt>
          <dd className="mono small">{nm.scopeSubscriptions.join(', ') || '—'}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="deployments-title">
        <h2 id="deployments-title">Deployments per region</h2>
        {nm.deployments.length === 0 ? (
          <p className="muted">Nothing is deployed: no admin rule is in force anywhere.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Region</th>
                  <th scope="col">Type</th>
                  <th scope="col">Configurations</th>
                </tr>
              </thead>
              <tbody>
                {nm.deployments.map((d) => (
                  <tr key={`${d.region}-${d.deploymentType}`}>
                    <td>{d.region}</td>
                    <td>{d.deploymentType}</td>
                    <td>
                      {d.configurations.map((c) => c.name).join(', ') ||
                        d.configurationIds.map(armName).join(', ') ||
                        '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="groups-title">
        <h2 id="groups-title">Network groups</h2>
        {groups.length === 0 ? <p className="muted">No network groups.</p> : null}
        {groups.map((g) => (
          <div key={g.id} className="subcard">
            <h3>
              {g.name}{' '}
              <Badge kind="default">{g.memberType === 'SUBNET' ? 'subnets' : 'virtual networks'}</Badge>
            </h3>
            {g.staticMembers.totalCount === 0 ? (
              <p className="muted small">No static members.</p>
            ) : (
              <ul className="chips plain">
                {g.staticMembers.edges.map(({ node: m }) => (
                  <li key={m.resourceId}>
                    {m.resource ? (
                      <ResourceLink id={m.resource.id} name={m.resource.name} />
                    ) : (
                      <span className="mono small">{m.resourceId} (not modelled)</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </section>

      <section aria-labelledby="configs-title">
        <h2 id="configs-title">Security admin configurations</h2>
        {configs.length === 0 ? <p className="muted">No security admin configurations.</p> : null}
        {configs.map((c) => (
          <div key={c.id} className="card">
            <h3>
              {c.name}{' '}
              {c.deployedRegions.length ? (
                <Badge kind="asg">deployed: {c.deployedRegions.join(', ')}</Badge>
              ) : (
                <Badge kind="default">not deployed</Badge>
              )}
            </h3>
            <p className="muted small">
              Network intent policy services: {c.applyOnNetworkIntentPolicyBasedServices ?? 'None'}
            </p>
            {c.ruleCollections.edges.map(({ node: rc }) => (
              <div key={rc.id} className="subcard">
                <h4>
                  Rule collection {rc.name}{' '}
                  <span className="muted small">
                    applies to {rc.appliesToGroups.map((g) => g.name).join(', ') || 'no group'}
                  </span>
                </h4>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Priority</th>
                        <th scope="col">Rule</th>
                        <th scope="col">Direction</th>
                        <th scope="col">Protocol</th>
                        <th scope="col">Sources</th>
                        <th scope="col">Source ports</th>
                        <th scope="col">Destinations</th>
                        <th scope="col">Destination ports</th>
                        <th scope="col">Access</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...rc.rules.edges]
                        .map((e) => e.node)
                        .sort((a, b) => a.direction.localeCompare(b.direction) || a.priority - b.priority)
                        .map((r) => (
                          <tr key={r.id} id={ruleAnchor(r.name)} data-rule={r.name}>
                            <td className="num">{r.priority}</td>
                            <td>
                              <strong>{r.name}</strong>
                              {shadowedByRule.has(r.id.toLowerCase()) ? (
                                <ShadowedBadge
                                  rule={shadowedByRule.get(r.id.toLowerCase())!}
                                  ownNsgId={null}
                                />
                              ) : null}
                              {r.description ? <div className="muted small">{r.description}</div> : null}
                            </td>
                            <td>{r.direction === 'INBOUND' ? 'Inbound' : 'Outbound'}</td>
                            <td>{r.protocol === 'ANY' ? 'Any' : r.protocol}</td>
                            <td className="mono small">{addressText(r.sources)}</td>
                            <td className="mono small">{r.sourcePortRanges.join(', ') || '*'}</td>
                            <td className="mono small">{addressText(r.destinations)}</td>
                            <td className="mono small">{r.destinationPortRanges.join(', ') || '*'}</td>
                            <td>
                              <AccessPill access={r.access} />
                            </td>
                          </tr>
                        ))}
                      {rc.rules.edges.length === 0 ? (
                        <tr>
                          <td colSpan={9} className="muted">
                            No admin rules.
                          </td>
                        </tr>
                      ) : null}
                    </tbody>
                  </table>
                </div>
              </div>
            ))}
          </div>
        ))}
      </section>

      <ShadowedRulesSection
        rules={shadowedRules}
        fetching={shadowed.fetching}
        error={shadowed.error}
        ownNsgId={null}
        what="admin rule"
      />
    </>
  );
}
