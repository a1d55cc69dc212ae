'use client';

import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { EffectiveRulesQuery } from '@/graphql/operations/compute';
import { splitRuleName, summarizePrefixes } from '@/src/lib/effective-rule';
import { traceLayerLabel } from '@/src/lib/trace-order';
import { AccessPill, ResourceLink } from './resource-link';
import { ErrorNotice, Loading } from './status';
import { TableScroll } from './table-scroll';

/** The rules in force on a NIC in evaluation order (admin, subnet NSG, NIC NSG), tags and ASGs expanded. */
export function EffectiveRules({
  workspace,
  nicId,
  nicName,
}: {
  workspace: string;
  nicId: string;
  nicName: string;
}) {
  const uid = useId();
  const [direction, setDirection] = useState<'INBOUND' | 'OUTBOUND'>('INBOUND');
  const [{ data, fetching, error }] = useQuery({
    query: EffectiveRulesQuery,
    variables: { workspace, nic: nicId },
  });
  const rules = (data?.effectiveSecurityRules ?? []).filter((r) => r.direction === direction);
  return (
    <section className="card" aria-labelledby={`${uid}-title`}>
      <div className="section-head">
        <h2 id={`${uid}-title`}>Effective security rules · {nicName}</h2>
        <div className="segmented" role="radiogroup" aria-label="Direction">
          {(['INBOUND', 'OUTBOUND'] as const).map((d) => (
            <label key={d}>
              <input
                type="radio"
                name={`${uid}-dir`}
                checked={direction === d}
                onChange={() => setDirection(d)}
              />
              <span>{d === 'INBOUND' ? 'Inbound' : 'Outbound'}</span>
            </label>
          ))}
        </div>
      </div>
      {fetching && !data ? <Loading label="Loading effective rules…" /> : null}
      {error ? <ErrorNotice error={error} title="Could not load the effective rules." /> : null}
      {data ? (
        <TableScroll label={`Effective ${direction.toLowerCase()} security rules of ${nicName}`}>
          <table className="effective-rules-table">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col">Priority</th>
                <th scope="col">Rule</th>
                <th scope="col">Protocol</th>
                <th scope="col">Source</th>
                <th scope="col">Source ports</th>
                <th scope="col">Destination</th>
                <th scope="col">Destination ports</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => {
                const rule = splitRuleName(r.ruleName);
                return (
                  <tr key={`${r.layer}-${r.ruleName}-${i}`}>
                    <td className="effective-layer">
                      {traceLayerLabel(r.layer)}
                      <div className="small">
                        <ResourceLink id={r.sourceId} />
                      </div>
                    </td>
                    <td className="num">{r.priority}</td>
                    <td className="effective-rule-name" title={r.ruleName}>
                      <code>{rule.name}</code>
                      {rule.isDefault ? (
                        <>
                          {' '}
                          <span className="badge badge-default">default rule</span>
                        </>
                      ) : null}
                    </td>
                    <td>{r.protocol}</td>
                    <td className="mono small" title={r.expandedSourceAddressPrefixes.join(', ')}>
                      {summarizePrefixes(r.sourceAddressPrefixes, r.expandedSourceAddressPrefixes)}
                    </td>
                    <td className="mono small">{r.sourcePortRanges.join(', ') || '*'}</td>
                    <td className="mono small" title={r.expandedDestinationAddressPrefixes.join(', ')}>
                      {summarizePrefixes(r.destinationAddressPrefixes, r.expandedDestinationAddressPrefixes)}
                    </td>
                    <td className="mono small">{r.destinationPortRanges.join(', ') || '*'}</td>
                    <td>
                      <AccessPill access={r.access} />
                    </td>
                  </tr>
                );
              })}
              {rules.length === 0 ? (
                <tr>
                  <td colSpan={9} className="muted">
                    No {direction.toLowerCase()} rules apply to this NIC.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
