'use client';

import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { formatTime, localInputToIso } from '@/src/lib/format';
import { resourceHref } from '@/src/lib/hrefs';
import { diffJson, showJsonValue } from '@/src/lib/json-diff';
import { HistoryEntriesQuery } from './history-query';

const PAGE_SIZE = 20;

interface Filters {
  /** The workspace view's resource filter: an ARM id (the resource and its parts) or the start of one. */
  armIdPrefix: string;
  actorName: string;
  from: string;
  to: string;
}

/** The resource's name: the end of its ARM id, else the name in the mutation's input (creates). */
function entryLabel(entry: { resourceArmId?: string | null; details?: unknown }): string {
  if (entry.resourceArmId) return entry.resourceArmId.split('/').slice(-1)[0] ?? '';
  const input = (entry.details as { input?: Record<string, unknown> } | null)?.input;
  const named = input?.name ?? (input?.rule as { name?: unknown } | undefined)?.name;
  return typeof named === 'string' ? named : '';
}

/** One entry's before/after as a field-level table. */
function EntryDiff({ before, after }: { before: unknown; after: unknown }) {
  const changes = diffJson(before, after);
  if (changes.length === 0) return <p className="muted small">No field changed.</p>;
  return (
    <table className="json-diff" aria-label="Changed fields">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <td>{c.path}</td>
            <td className={c.kind !== 'added' ? 'diff-removed' : undefined}>{showJsonValue(c.before)}</td>
            <td className={c.kind !== 'removed' ? 'diff-added' : undefined}>{showJsonValue(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The audit history of a workspace, or of one resource and its parts (`armId`, filtered by the API's `armIdPrefix`),
 * newest first, paged; filter by person and time, and (workspace view) by resource: an ARM id gives that resource
 * and its parts, the start of one (`/subscriptions/…/resourceGroups/rg-web`) everything under it.
 */
export function HistoryList({ workspace, armId }: { workspace: string; armId?: string }) {
  const uid = useId();
  const [draft, setDraft] = useState<Filters>({ armIdPrefix: '', actorName: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({
    query: HistoryEntriesQuery,
    variables: {
      workspace,
      armIdPrefix: armId ?? (filters.armIdPrefix.trim() || null),
      actorName: filters.actorName.trim() || null,
      from: localInputToIso(filters.from) ?? null,
      to: localInputToIso(filters.to) ?? null,
      first: PAGE_SIZE,
      after,
    },
    requestPolicy: 'cache-and-network',
  });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setCursors([null]);
  };

  const conn = data?.auditEntries;
  const entries = conn?.edges.map((e) => e.node) ?? [];
  const pageNo = cursors.length;
  return (
    <div className="history">
      <form className="toolbar" aria-label="Filter history" onSubmit={apply}>
        {armId ? null : (
          <div className="field">
            <label htmlFor={`${uid}-resource`}>Resource</label>
            <input
              id={`${uid}-resource`}
              className="mono"
              value={draft.armIdPrefix}
              placeholder="/subscriptions/…/networkSecurityGroups/nsg-web"
              onChange={(e) => setDraft({ ...draft, armIdPrefix: e.target.value })}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${uid}-actor`}>Person</label>
          <input
            id={`${uid}-actor`}
            value={draft.actorName}
            placeholder="user name"
            onChange={(e) => setDraft({ ...draft, actorName: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-from`}>From</label>
          <input
            id={`${uid}-from`}
            type="datetime-local"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-to`}>To</label>
          <input
            id={`${uid}-to`}
            type="datetime-local"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <button type="submit" className="secondary">
          Filter
        </button>
      </form>
      {fetching && !data ? <Loading label="Loading history…" /> : null}
      {error && !data ? <ErrorNotice error={error} title="Could not load the history." /> : null}
      {conn && entries.length === 0 ? <Empty>No recorded changes match.</Empty> : null}
      {conn && (entries.length > 0 || pageNo > 1 || conn.pageInfo.hasNextPage) ? (
        <>
          <p className="muted small" aria-live="polite">
            {conn.totalCount} change{conn.totalCount === 1 ? '' : 's'}
            {armId ? ' to this resource and its parts' : ''} · page {pageNo}
          </p>
          <ol className="history-entries" aria-label="Changes, newest first">
            {entries.map((entry) => {
              const href = entry.resourceArmId ? resourceHref(entry.resourceArmId, entry.workspace) : null;
              return (
                <li key={entry.id} className="history-entry" data-action={entry.action}>
                  <details>
                    <summary>
                      <strong>{entry.actorName}</strong> <span className="mono small">{entry.action}</span>{' '}
                      {entry.resourceType} <span className="mono small break">{entryLabel(entry)}</span>{' '}
                      <span className="muted small">· {formatTime(entry.at)}</span>
                    </summary>
                    {href && !armId ? (
                      <p className="small">
                        <Link href={href}>Open the resource</Link>
                      </p>
                    ) : null}
                    {entry.resourceArmId ? (
                      <p className="mono small break muted">{entry.resourceArmId}</p>
                    ) : null}
                    <EntryDiff before={entry.before} after={entry.after} />
                  </details>
                </li>
              );
            })}
          </ol>
          <div className="form-actions">
            <button
              type="button"
              className="secondary"
              disabled={pageNo <= 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor}
              onClick={() => setCursors([...cursors, conn.pageInfo.endCursor ?? null])}
            >
              Older
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
