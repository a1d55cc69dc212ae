'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { FlowDiffQuery } from '@/graphql/operations/drafts';
import type { FlowDiffQuery as FlowDiffResult } from '@/src/gql/graphql';
import { flowExampleHref } from '@/src/lib/flow-example';

type Entry = FlowDiffResult['flowDiff']['edges'][number]['node'];
type Rule = NonNullable<Entry['range']>['rulesBefore'][number];

const PAGE_SIZE = 50;
const CHANGE_TEXT = {
  NEWLY_ALLOWED: 'newly allowed',
  NEWLY_DENIED: 'newly denied',
  NOT_COMPARABLE: 'not comparable',
} as const;

function ruleText(r: Rule): string {
  const name = r.ruleName ?? (r.layer === 'NONE' ? 'no rule' : r.layer);
  return `${r.access === 'ALLOW' ? 'Allow' : 'Deny'} · ${name}${r.side ? ` (${r.side.toLowerCase()})` : ''}`;
}

function RuleList({ rules, label }: { rules: Rule[]; label: string }) {
  return (
    <div>
      <p className="eyebrow">{label}</p>
      {rules.length === 0 ? (
        <p className="small muted">—</p>
      ) : (
        <ul className="small plain-list">
          {rules.map((r, i) => (
            <li key={`${r.ruleName}-${r.layer}-${i}`}>{ruleText(r)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function groupKey(e: Entry): string {
  return e.range ? `${e.range.source} → ${e.range.destination}` : 'Given flows';
}

/** Flows whose verdict the draft changes: the summary, then ranges grouped by source → destination. */
export function VerdictChanges({ base, compare }: { base: string; compare: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({
    query: FlowDiffQuery,
    variables: { input: { base, compare, first: PAGE_SIZE, after } },
    requestPolicy: 'cache-and-network',
  });
  if (fetching && !data) return <Loading label="Comparing verdicts…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not compare the verdicts." />;
  const diff = data?.flowDiff;
  if (!diff) return null;
  const entries = diff.edges.map((e) => e.node);
  const groups = new Map<string, Entry[]>();
  for (const e of entries) groups.set(groupKey(e), [...(groups.get(groupKey(e)) ?? []), e]);

  return (
    <div data-testid="verdict-changes">
      <ul className="plain-list" aria-label="Summary" aria-live="polite">
        <li>
          <strong className="change-added">{diff.newlyAllowed} newly allowed</strong> ·{' '}
          <strong className="change-removed">{diff.newlyDenied} newly denied</strong>
          {diff.notComparable ? ` · ${diff.notComparable} not comparable` : ''}
        </li>
        {diff.summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {!diff.rangeDiffAvailable ? (
        <p className="notice notice-warn small">This server compares only given flows, not ranges.</p>
      ) : null}
      {diff.truncated ? (
        <p className="notice notice-warn small">
          The comparison stopped at its limit; narrow it to fewer NICs.
        </p>
      ) : null}
      {entries.length === 0 ? <Empty>No flow changes verdict.</Empty> : null}
      {[...groups.entries()].map(([key, list]) => (
        <section key={key} aria-label={key}>
          <h3>{key}</h3>
          {list.map((e, i) => (
            <article key={`${key}-${i}`} className="diff-entry" data-change={e.change}>
              <p>
                <span className={e.change === 'NEWLY_ALLOWED' ? 'pill pill-allow' : 'pill pill-deny'}>
                  {CHANGE_TEXT[e.change]}
                </span>{' '}
                {e.description}
              </p>
              {e.range ? (
                <dl className="small diff-range">
                  <dt>Protocol</dt>
                  <dd>{e.range.protocol}</dd>
                  <dt>Source</dt>
                  <dd className="mono break">
                    {e.range.sourceAddresses.join(', ')} : {e.range.sourcePorts.join(', ')}
                  </dd>
                  <dt>Destination</dt>
                  <dd className="mono break">
                    {e.range.destinationAddresses.join(', ')} : {e.range.destinationPorts.join(', ')}
                  </dd>
                </dl>
              ) : null}
              <div className="grid-2">
                <RuleList label="Decided before by" rules={e.range?.rulesBefore ?? []} />
                <RuleList label="Decided after by" rules={e.range?.rulesAfter ?? []} />
              </div>
              {!e.range ? (
                <p className="small">
                  Before: {e.before.access ?? e.before.error} ({e.before.ruleName ?? '—'}) · After:{' '}
                  {e.after.access ?? e.after.error} ({e.after.ruleName ?? '—'})
                </p>
              ) : null}
              <p className="small">
                Example flow:{' '}
                <Link href={flowExampleHref(e.example, compare)}>open in IP flow verify (draft)</Link>
                {' · '}
                <Link href={flowExampleHref(e.example, base)}>open in IP flow verify (live)</Link>
              </p>
            </article>
          ))}
        </section>
      ))}
      {diff.pageInfo.hasNextPage || cursors.length > 1 ? (
        <div className="form-actions">
          <button
            type="button"
            className="secondary"
            disabled={cursors.length <= 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!diff.pageInfo.hasNextPage}
            onClick={() => setCursors([...cursors, diff.pageInfo.endCursor ?? null])}
          >
            Next
          </button>
        </div>
      ) : null}
    </div>
  );
}
