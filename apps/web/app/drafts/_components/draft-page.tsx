'use client';

import Link from 'next/link';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { ApplyDraftMutation, DiscardDraftMutation, DraftQuery } from '@/graphql/operations/drafts';
import { draftWorkspace, splitWorkspace } from '@/src/lib/drafts';
import { formatTime } from '@/src/lib/format';
import { withWorkspace } from '@/src/lib/hrefs';
import { ResourceChanges } from './resource-changes';
import { VerdictChanges } from './verdict-changes';

interface DraftConflict {
  armId: string;
  kind?: string;
  draftChange?: string;
  liveChange?: string;
}

function draftConflicts(error: CombinedError | undefined): DraftConflict[] | null {
  const e = error?.graphQLErrors.find((g) => g.extensions?.reason === 'DraftConflict');
  if (!e) return null;
  const list = e.extensions?.conflicts;
  return Array.isArray(list) ? (list as DraftConflict[]) : [];
}

type Pending = 'apply' | 'discard' | null;

/** One draft: its resource changes beside the verdicts they change; apply or discard it. */
export function DraftPage() {
  const params = useParams<{ name: string }>();
  const search = useSearchParams();
  const router = useRouter();
  const name = decodeURIComponent(params.name ?? '');
  const { base } = splitWorkspace(useWorkspace());
  const compare = draftWorkspace(base, name);
  const [{ data, fetching, error }] = useQuery({
    query: DraftQuery,
    variables: { workspace: base, name },
    requestPolicy: 'cache-and-network',
  });
  const [applyState, applyDraft] = useMutation(ApplyDraftMutation);
  const [discardState, discardDraft] = useMutation(DiscardDraftMutation);
  const asked = search.get('do');
  const [pending, setPending] = useState<Pending>(asked === 'apply' || asked === 'discard' ? asked : null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<DraftConflict[] | null>(null);
  const [actionError, setActionError] = useState<CombinedError | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (pending) confirmRef.current?.focus();
  }, [pending]);

  const apply = async () => {
    setConflicts(null);
    setActionError(null);
    const r = await applyDraft({ input: { workspace: base, name } });
    setPending(null);
    if (r.error) {
      const c = draftConflicts(r.error);
      if (c) setConflicts(c);
      else setActionError(r.error);
      return;
    }
    const p = r.data?.applyDraft;
    const run = p?.checkRun;
    setOutcome(
      `Applied ${p?.applied.length ?? 0} change${p?.applied.length === 1 ? '' : 's'} to ${base}.` +
        (run ? ` Saved checks: ${run.passed} passed, ${run.failed} failed.` : ''),
    );
  };

  const discard = async () => {
    setActionError(null);
    const r = await discardDraft({ input: { workspace: base, name } });
    setPending(null);
    if (r.error) return setActionError(r.error);
    router.push(withWorkspace('/drafts', base));
  };

  if (outcome) {
    return (
      <div>
        <div className="page-head">
          <h1>Draft {name} applied</h1>
        </div>
        <div className="notice notice-ok" role="status" data-testid="draft-applied">
          <p>{outcome}</p>
          <p>The draft is gone; the live model now has its changes.</p>
        </div>
        <p className="row-actions">
          <Link href={withWorkspace('/', base)}>Open the live model</Link>
          <Link href={withWorkspace('/history', base)}>See the history</Link>
          <Link href={withWorkspace('/checks', base)}>Saved checks</Link>
        </p>
      </div>
    );
  }

  if (fetching && !data) return <Loading label="Loading the draft…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the draft." />;
  const draft = data?.draft;
  if (!draft) {
    return (
      <div className="notice notice-warn" role="alert">
        <strong>
          Draft {name} not found in {base}.
        </strong>
        <p>
          It may have been applied or discarded. <Link href={withWorkspace('/drafts', base)}>All drafts</Link>
        </p>
      </div>
    );
  }
  const liveMoved = draft.baseCurrentVersion !== draft.baseVersion;

  return (
    <div>
      <div className="page-head">
        <p className="eyebrow">Draft of {base}</p>
        <h1>{draft.name}</h1>
        <p className="muted small">
          Forked {formatTime(draft.createdAt)}
          {draft.createdBy ? ` by ${draft.createdBy}` : ''} · {draft.changes.length} resource change
          {draft.changes.length === 1 ? '' : 's'}
        </p>
      </div>
      {liveMoved ? (
        <div className="notice notice-warn">
          <p>
            The live model changed since this draft was forked. Applying refuses resources changed on both
            sides.
          </p>
        </div>
      ) : null}
      <div className="toolbar">
        <Link className="button secondary" href={withWorkspace('/resources?kind=nsgs', compare)}>
          Edit in the draft
        </Link>
        <button type="button" onClick={() => setPending('apply')} disabled={applyState.fetching}>
          Apply to {base}
        </button>
        <button type="button" className="danger" onClick={() => setPending('discard')}>
          Discard
        </button>
      </div>
      {pending ? (
        <div
          ref={confirmRef}
          tabIndex={-1}
          role="alertdialog"
          aria-labelledby="draft-confirm-title"
          className="notice notice-warn"
        >
          <strong id="draft-confirm-title">
            {pending === 'apply'
              ? `Apply ${draft.changes.length} change${draft.changes.length === 1 ? '' : 's'} to the live workspace ${base}?`
              : `Discard draft ${draft.name}? Its changes are lost.`}
          </strong>
          <div className="form-actions">
            {pending === 'apply' ? (
              <button type="button" onClick={() => void apply()} disabled={applyState.fetching}>
                {applyState.fetching ? 'Applying…' : 'Confirm apply'}
              </button>
            ) : (
              <button
                type="button"
                className="danger"
                onClick={() => void discard()}
                disabled={discardState.fetching}
              >
                Confirm discard
              </button>
            )}
            <button type="button" className="secondary" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {conflicts ? (
        <div className="notice notice-error" role="alert" data-testid="draft-conflicts">
          <strong>The draft was not applied: the live model changed the same resources.</strong>
          <p>Edit the draft (or discard it and fork a new one), then apply again.</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">In the draft</th>
                <th scope="col">Live since the fork</th>
              </tr>
            </thead>
            <tbody>
              {conflicts.map((c) => (
                <tr key={c.armId}>
                  <td className="mono small break">{c.armId}</td>
                  <td>{c.draftChange?.toLowerCase() ?? '—'}</td>
                  <td>{c.liveChange?.toLowerCase() ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorNotice error={actionError} title="The draft action failed." />
      <div className="diff-columns">
        <section className="card" aria-labelledby="draft-resources">
          <h2 id="draft-resources">Resource changes</h2>
          <ResourceChanges changes={draft.changes} />
        </section>
        <section className="card" aria-labelledby="draft-verdicts">
          <h2 id="draft-verdicts">Verdict changes</h2>
          <VerdictChanges base={base} compare={compare} />
        </section>
      </div>
    </div>
  );
}
