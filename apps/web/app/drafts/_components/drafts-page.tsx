'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { CreateDraftMutation, DraftsQuery } from '@/graphql/operations/drafts';
import { isValidDraftName, splitWorkspace } from '@/src/lib/drafts';
import { formatTime } from '@/src/lib/format';
import { withWorkspace } from '@/src/lib/hrefs';

/** The drafts of the workspace: fork a new one, open one, or review one's diff. */
export function DraftsPage() {
  const uid = useId();
  const router = useRouter();
  // `?new` (the header's "New draft…"): the name field takes the focus.
  const startNew = useSearchParams().has('new');
  const { base } = splitWorkspace(useWorkspace());
  const [{ data, fetching, error }] = useQuery({ query: DraftsQuery, variables: { workspace: base } });
  const [createState, createDraft] = useMutation(CreateDraftMutation);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState('');

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!isValidDraftName(n)) {
      setNameError('1-64 letters, digits, ".", "-" or "_".');
      return;
    }
    setNameError('');
    const r = await createDraft({ input: { workspace: base, name: n } });
    if (r.error || !r.data) return;
    // The new draft's own page, in the draft (its banner shows): its changes, diff, apply and discard.
    const created = r.data.createDraft.draft;
    router.push(withWorkspace(`/drafts/${encodeURIComponent(created.name)}`, created.workspaceName));
  };

  const drafts = data?.drafts ?? [];
  return (
    <div>
      <div className="page-head">
        <h1>Drafts of {base}</h1>
        <p className="muted">
          A draft is a copy of the model to try changes on. Verify against it, compare it with the live model,
          then apply it or throw it away.
        </p>
      </div>
      <section className="card" aria-labelledby={`${uid}-new`}>
        <h2 id={`${uid}-new`}>New draft</h2>
        <form className="toolbar" aria-label="New draft" onSubmit={(e) => void create(e)}>
          <div className="field">
            <label htmlFor={`${uid}-name`}>Draft name</label>
            <input
              id={`${uid}-name`}
              value={name}
              autoFocus={startNew}
              required
              maxLength={64}
              placeholder="open-ssh-for-ops"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${uid}-name-err` : undefined}
              onChange={(e) => setName(e.target.value)}
            />
            {nameError ? (
              <p id={`${uid}-name-err`} className="field-error">
                {nameError}
              </p>
            ) : null}
          </div>
          <button type="submit" disabled={createState.fetching || !name.trim()}>
            {createState.fetching ? 'Creating…' : 'Create draft'}
          </button>
        </form>
        <ErrorNotice error={createState.error} title="Could not create the draft." />
      </section>
      <section className="card" aria-labelledby={`${uid}-list`}>
        <h2 id={`${uid}-list`}>Drafts</h2>
        {fetching && !data ? <Loading label="Loading drafts…" /> : null}
        {error && !data ? <ErrorNotice error={error} title="Could not load the drafts." /> : null}
        {data && drafts.length === 0 ? <Empty>No drafts yet.</Empty> : null}
        {drafts.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Draft</th>
                  <th scope="col">Created</th>
                  <th scope="col">By</th>
                  <th scope="col">Live model since</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {drafts.map((d) => (
                  <tr key={d.name} data-draft={d.name}>
                    <td>
                      <Link href={withWorkspace(`/drafts/${encodeURIComponent(d.name)}`, base)}>
                        {d.name}
                      </Link>
                    </td>
                    <td>{formatTime(d.createdAt)}</td>
                    <td>{d.createdBy ?? '—'}</td>
                    <td>
                      {d.baseCurrentVersion === d.baseVersion
                        ? 'unchanged'
                        : `changed (${d.baseCurrentVersion - d.baseVersion} version${d.baseCurrentVersion - d.baseVersion === 1 ? '' : 's'})`}
                    </td>
                    <td className="row-actions">
                      <Link href={withWorkspace('/', d.workspaceName)}>Open</Link>
                      <Link href={withWorkspace(`/drafts/${encodeURIComponent(d.name)}`, base)}>
                        View diff
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
