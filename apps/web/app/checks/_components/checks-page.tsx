'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ConflictDialog, versionConflict } from '@/components/conflict-dialog';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { explainError } from '@/graphql/errors';
import {
  CreateSavedCheckMutation,
  DeleteSavedCheckMutation,
  RunSavedChecksMutation,
  SavedChecksQuery,
  UpdateSavedCheckMutation,
} from '@/graphql/operations/checks';
import type { SavedChecksQuery as SavedChecksResult } from '@/src/gql/graphql';
import { splitWorkspace } from '@/src/lib/drafts';
import { flowExampleHref } from '@/src/lib/flow-example';
import { formatTime } from '@/src/lib/format';
import { CheckForm, EMPTY_CHECK, type CheckFormValues } from './check-form';

type Check = SavedChecksResult['savedChecks'][number];
type Run = SavedChecksResult['checkRuns']['edges'][number]['node'];
type Result = Run['results'][number];

const TRIGGER_TEXT: Record<Run['trigger'], string> = {
  MANUAL: 'manual',
  IMPORT: 'after import',
  MUTATION: 'after a change',
  DRAFT: 'draft',
  CLI: 'CLI',
};

function toForm(c: Check): CheckFormValues {
  return {
    name: c.name,
    description: c.description ?? '',
    source: c.source,
    destination: c.destination,
    protocol: c.protocol,
    destinationPorts: c.destinationPorts,
    sourcePorts: c.sourcePorts,
    expected: c.expected,
  };
}

function ResultLine({ result, workspace }: { result: Result; workspace: string }) {
  return (
    <li className="diff-entry" data-check={result.name} data-passed={result.passed}>
      <span className={result.passed ? 'result-pass' : 'result-fail'}>{result.passed ? 'Pass' : 'Fail'}</span>{' '}
      <strong>{result.name}</strong>{' '}
      <span className="muted small">
        expected {result.expected === 'ALLOW' ? 'Allow' : 'Deny'}
        {result.passed ? ` · ${result.flowsChecked ?? result.evaluatedFlows} flows checked` : ''}
      </span>
      {result.message ? <p className="small">{result.message}</p> : null}
      {result.passed && result.decidingRuleName ? (
        <p className="small" data-testid="deciding-rule">
          {result.actual === 'DENY' ? 'Denied' : 'Allowed'} by rule <strong>{result.decidingRuleName}</strong>
          {result.decidingFlow ? (
            <>
              {' '}
              (<Link href={flowExampleHref(result.decidingFlow, workspace)}>an example flow</Link>)
            </>
          ) : null}
          .
        </p>
      ) : null}
      {!result.passed && result.counterexample ? (
        <p className="small">
          Got {result.actual === 'ALLOW' ? 'Allow' : 'Deny'}
          {result.decidingRuleName ? (
            <>
              {' '}
              by rule <strong>{result.decidingRuleName}</strong>
            </>
          ) : null}
          .{' '}
          <Link href={flowExampleHref(result.counterexample, workspace)}>
            Open the counterexample in IP flow verify
          </Link>
        </p>
      ) : null}
    </li>
  );
}

/** Saved checks: flows that must (not) work, their latest result, run now, and the history of runs. */
export function ChecksPage() {
  const uid = useId();
  // Saved checks belong to the live workspace (a draft's runs are listed with it).
  const { base: workspace } = splitWorkspace(useWorkspace());
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SavedChecksQuery,
    variables: { workspace },
  });
  const [createState, createCheck] = useMutation(CreateSavedCheckMutation);
  const [updateState, updateCheck] = useMutation(UpdateSavedCheckMutation);
  const [, deleteCheck] = useMutation(DeleteSavedCheckMutation);
  const [runState, runChecks] = useMutation(RunSavedChecksMutation);
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<CombinedError | null>(null);
  const [actionError, setActionError] = useState<CombinedError | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  // A stale version (someone else changed the check since this page read it): the update's form values, or null
  // for a delete.
  const [conflict, setConflict] = useState<{
    check: Check;
    values: CheckFormValues | null;
    current: unknown;
  } | null>(null);
  const [status, setStatus] = useState('');
  const [openRun, setOpenRun] = useState<string | null>(null);

  const reload = () => refetch({ requestPolicy: 'network-only' });
  const done = (message: string) => {
    setEditing(null);
    setFieldErrors({});
    setFormError(null);
    setActionError(null);
    setStatus(message);
    reload();
  };
  const failed = (err: CombinedError) => {
    const explained = explainError(err);
    setFieldErrors(explained?.fieldErrors ?? {});
    setFormError(Object.keys(explained?.fieldErrors ?? {}).length ? null : err);
  };

  const create = async (v: CheckFormValues) => {
    const r = await createCheck({
      input: {
        workspace,
        name: v.name.trim(),
        ...checkFields(v),
      },
    });
    if (r.error) return failed(r.error);
    done(`Check ${v.name} created.`);
  };

  const update = async (check: Check, v: CheckFormValues, expectedVersion: number) => {
    const r = await updateCheck({
      input: {
        workspace,
        name: check.name,
        expectedVersion,
        ...(v.name.trim() !== check.name ? { newName: v.name.trim() } : {}),
        ...checkFields(v),
      },
    });
    if (r.error) {
      const c = versionConflict(r.error);
      if (c) return setConflict({ check, values: v, current: c.current });
      return failed(r.error);
    }
    done(`Check ${v.name} saved.`);
  };

  // Always sends the version this page read, like update: a stale one comes back as a conflict to resolve.
  const remove = async (check: Check, expectedVersion: number) => {
    const r = await deleteCheck({ input: { workspace, name: check.name, expectedVersion } });
    setConfirmDelete(null);
    if (r.error) {
      const c = versionConflict(r.error);
      if (c) return setConflict({ check, values: null, current: c.current });
      return setActionError(r.error);
    }
    done(`Check ${check.name} deleted.`);
  };

  const run = async () => {
    const r = await runChecks({ input: { workspace } });
    if (r.error) return setActionError(r.error);
    const p = r.data?.runSavedChecks;
    if (p) setOpenRun(p.id);
    done(p ? `Checks ran: ${p.passed} passed, ${p.failed} failed.` : 'Checks ran.');
  };

  if (fetching && !data) return <Loading label="Loading saved checks…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the saved checks." />;
  const checks = data?.savedChecks ?? [];
  const runs = data?.checkRuns.edges.map((e) => e.node) ?? [];
  const latest = runs.find((r) => r.trigger !== 'DRAFT');
  const latestById = new Map((latest?.results ?? []).map((r) => [r.checkId, r]));

  return (
    <div>
      <div className="page-head">
        <h1>Saved checks</h1>
        <p className="muted">
          Flows this workspace must always (Allow) or never (Deny) have. They run after every change to the
          model (edits and imports), against drafts, and when you ask.
        </p>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      <div className="toolbar">
        <button
          type="button"
          onClick={() => {
            setFieldErrors({});
            setFormError(null);
            setEditing('new');
          }}
        >
          New check
        </button>
        <button type="button" className="secondary" onClick={() => void run()} disabled={runState.fetching}>
          {runState.fetching ? 'Running…' : 'Run now'}
        </button>
      </div>
      <ErrorNotice error={actionError} title="The action failed." />
      {editing === 'new' ? (
        <section className="card editor-box" aria-labelledby={`${uid}-new`}>
          <h2 id={`${uid}-new`}>New check</h2>
          <CheckForm
            initial={EMPTY_CHECK}
            isNew
            busy={createState.fetching}
            fieldErrors={fieldErrors}
            onSave={(v) => void create(v)}
            onCancel={() => setEditing(null)}
          />
          <ErrorNotice error={formError} title="Could not create the check." />
        </section>
      ) : null}

      <section className="card" aria-labelledby={`${uid}-list`}>
        <h2 id={`${uid}-list`}>Checks</h2>
        {checks.length === 0 ? (
          <Empty>No saved checks yet. Add one, e.g. “web → db TCP 1433 must be Allow”.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Flow</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Latest run</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {checks.map((c) => {
                  const result = latestById.get(c.id);
                  return (
                    <tr key={c.id} data-check={c.name}>
                      <td>
                        <strong>{c.name}</strong>
                        {c.description ? <div className="muted small">{c.description}</div> : null}
                        {editing === c.id ? (
                          <div className="editor-box">
                            <CheckForm
                              initial={toForm(c)}
                              isNew={false}
                              busy={updateState.fetching}
                              fieldErrors={fieldErrors}
                              onSave={(v) => void update(c, v, c.version)}
                              onCancel={() => setEditing(null)}
                            />
                            <ErrorNotice error={formError} title="Could not save the check." />
                          </div>
                        ) : null}
                      </td>
                      <td className="small">
                        {c.source} → {c.destination} · {c.protocol === 'ANY' ? 'Any' : c.protocol}{' '}
                        {c.destinationPorts}
                        {c.sourcePorts !== '*' ? ` (from ports ${c.sourcePorts})` : ''}
                      </td>
                      <td>
                        <span className={c.expected === 'ALLOW' ? 'pill pill-allow' : 'pill pill-deny'}>
                          {c.expected === 'ALLOW' ? 'Allow' : 'Deny'}
                        </span>
                      </td>
                      <td data-testid={`latest-${c.name}`}>
                        {result ? (
                          <span className={result.passed ? 'result-pass' : 'result-fail'}>
                            {result.passed ? 'Pass' : 'Fail'}
                          </span>
                        ) : (
                          <span className="muted small">not run yet</span>
                        )}
                      </td>
                      <td>
                        <span className="row-actions">
                          <button
                            type="button"
                            className="secondary icon"
                            aria-label={`Edit ${c.name}`}
                            onClick={() => {
                              setFieldErrors({});
                              setFormError(null);
                              setEditing(c.id);
                            }}
                          >
                            Edit
                          </button>
                          {confirmDelete === c.id ? (
                            <>
                              <button
                                type="button"
                                className="danger icon"
                                aria-label={`Confirm delete ${c.name}`}
                                onClick={() => void remove(c, c.version)}
                              >
                                Confirm delete
                              </button>
                              <button
                                type="button"
                                className="secondary icon"
                                onClick={() => setConfirmDelete(null)}
                              >
                                Cancel
                              </button>
                            </>
                          ) : (
                            <button
                              type="button"
                              className="danger icon"
                              aria-label={`Delete ${c.name}`}
                              onClick={() => setConfirmDelete(c.id)}
                            >
                              Delete
                            </button>
                          )}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby={`${uid}-runs`}>
        <h2 id={`${uid}-runs`}>Runs</h2>
        {runs.length === 0 ? <Empty>No runs yet.</Empty> : null}
        <ol className="plain-list" aria-label="Runs, newest first">
          {runs.map((r) => {
            const open = openRun === r.id;
            return (
              <li key={r.id} className="history-entry" data-run={r.id}>
                <button
                  type="button"
                  className="secondary icon"
                  aria-expanded={open}
                  onClick={() => setOpenRun(open ? null : r.id)}
                >
                  {formatTime(r.at)} · {TRIGGER_TEXT[r.trigger]}
                  {r.workspaceName !== workspace ? ` (${r.workspaceName})` : ''} · {r.passed} passed,{' '}
                  {r.failed} failed
                </button>
                {open ? (
                  <ul className="plain-list" aria-label="Results">
                    {r.results.map((res) => (
                      <ResultLine key={res.checkId} result={res} workspace={r.workspaceName} />
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>

      {conflict ? (
        <ConflictDialog
          what={`Check ${conflict.check.name}`}
          current={conflict.current}
          read={conflict.check}
          onCancel={() => setConflict(null)}
          onReload={() => {
            setConflict(null);
            setEditing(null);
            reload();
          }}
          onOverwrite={() => {
            const cur = conflict.current as { version?: unknown } | null;
            const version = typeof cur?.version === 'number' ? cur.version : conflict.check.version + 1;
            const { check, values } = conflict;
            setConflict(null);
            void (values ? update(check, values, version) : remove(check, version));
          }}
        />
      ) : null}
    </div>
  );
}

/** The form's values as the create and update inputs take them (trimmed; empty source ports mean any). */
function checkFields(v: CheckFormValues) {
  return {
    description: v.description.trim() || null,
    source: v.source.trim(),
    destination: v.destination.trim(),
    protocol: v.protocol,
    destinationPorts: v.destinationPorts.trim(),
    sourcePorts: v.sourcePorts.trim() || '*',
    expected: v.expected,
  };
}
