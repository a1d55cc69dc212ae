'use client';

import { print } from 'graphql';
import Link from 'next/link';
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { ErrorNotice } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { GRAPHQL_PATH } from '@/graphql/client';
import { errorIssues, type ApiIssue, type CombinedErrorLike } from '@/graphql/errors';
import { ImportAzureResourcesMutation } from '@/graphql/operations/import';
import type { ImportAzureResourcesMutation as ImportResult } from '@/src/gql/graphql';
import { withWorkspace } from '@/src/lib/hrefs';
import { buildImportBody, formatBytes, groupIssues, jsonPath } from '@/src/lib/import-report';

type Stage =
  | { kind: 'idle' }
  | { kind: 'reading'; loaded: number; total: number }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing' }
  | { kind: 'done'; result: ImportResult['importAzureResources'] }
  | { kind: 'failed'; error: CombinedErrorLike };

const MUTATION_TEXT = print(ImportAzureResourcesMutation);

const STAT_LABELS: [string, string][] = [
  ['virtualNetworks', 'VNets'],
  ['subnets', 'Subnets'],
  ['networkSecurityGroups', 'NSGs'],
  ['securityRules', 'Security rules'],
  ['applicationSecurityGroups', 'ASGs'],
  ['networkInterfaces', 'NICs'],
  ['virtualMachines', 'VMs'],
  ['networkManagers', 'Network managers'],
  ['adminRules', 'Admin rules'],
];

function readFile(file: File, onProgress: (loaded: number, total: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file.'));
    reader.readAsText(file);
  });
}

/** POSTs with XHR so the upload can report progress (fetch cannot). */
function upload(
  body: string,
  onProgress: (loaded: number, total: number) => void,
  onSent: () => void,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', GRAPHQL_PATH);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept', 'application/graphql-response+json, application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.length);
    xhr.upload.onload = onSent;
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new Error('The upload failed: the server could not be reached.'));
    xhr.send(body);
  });
}

export function ImportForm() {
  const current = useWorkspace();
  const uid = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [workspace, setWorkspace] = useState(current);
  const [replace, setReplace] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [fileError, setFileError] = useState<string | null>(null);

  const busy = stage.kind === 'reading' || stage.kind === 'uploading' || stage.kind === 'processing';

  const pick = (f: File | null | undefined) => {
    setFileError(null);
    setStage({ kind: 'idle' });
    setFile(f ?? null);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files[0]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFileError('Choose an az or ARM JSON export first.');
      fileInput.current?.focus();
      return;
    }
    try {
      setStage({ kind: 'reading', loaded: 0, total: file.size });
      const text = await readFile(file, (loaded, total) => setStage({ kind: 'reading', loaded, total }));
      try {
        JSON.parse(text);
      } catch (err) {
        setStage({ kind: 'idle' });
        setFileError(`${file.name} is not valid JSON: ${(err as Error).message}`);
        return;
      }
      const body = buildImportBody(MUTATION_TEXT, text, workspace.trim() || 'default', replace);
      setStage({ kind: 'uploading', loaded: 0, total: body.length });
      const res = await upload(
        body,
        (loaded, total) => setStage({ kind: 'uploading', loaded, total }),
        () => setStage({ kind: 'processing' }),
      );
      setStage({ kind: 'processing' });
      let json: {
        data?: ImportResult | null;
        errors?: { message: string; extensions?: Record<string, unknown> }[];
      };
      try {
        json = JSON.parse(res.text);
      } catch {
        setStage({
          kind: 'failed',
          error: { message: `The server answered ${res.status} without JSON.`, graphQLErrors: [] },
        });
        return;
      }
      if (json.errors?.length || !json.data) {
        setStage({
          kind: 'failed',
          error: { message: json.errors?.[0]?.message ?? 'Import failed.', graphQLErrors: json.errors ?? [] },
        });
        return;
      }
      setStage({ kind: 'done', result: json.data.importAzureResources });
    } catch (err) {
      setStage({ kind: 'failed', error: { networkError: err as Error, graphQLErrors: [] } });
    }
  };

  const progress =
    stage.kind === 'reading'
      ? { label: 'Reading the file', value: stage.loaded, max: stage.total || 1 }
      : stage.kind === 'uploading'
        ? { label: 'Uploading', value: stage.loaded, max: stage.total || 1 }
        : stage.kind === 'processing'
          ? { label: 'Importing on the server', value: null, max: 1 }
          : null;

  return (
    <>
      <form className="card" onSubmit={submit} aria-label="Import Azure resources" noValidate>
        <div
          className={`dropzone${dragging ? ' is-dragging' : ''}${fileError ? ' has-error' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor={`${uid}-file`} className="dropzone-label">
            <strong>Drop an az / ARM JSON export here</strong> or choose a file
          </label>
          <input
            ref={fileInput}
            id={`${uid}-file`}
            type="file"
            accept=".json,application/json"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={`${uid}-file-hint${fileError ? ` ${uid}-file-err` : ''}`}
            onChange={(e) => pick(e.target.files?.[0])}
          />
          <p id={`${uid}-file-hint`} className="field-hint">
            ARM templates, <code>az ... list</code> output, ARM REST responses or Resource Graph rows.
          </p>
          {file ? (
            <p className="small">
              Selected <strong>{file.name}</strong> ({formatBytes(file.size)})
            </p>
          ) : null}
          {fileError ? (
            <p id={`${uid}-file-err`} className="field-error" role="alert">
              {fileError}
            </p>
          ) : null}
        </div>
        <div className="form-grid" style={{ marginTop: '1rem' }}>
          <div className="field">
            <label htmlFor={`${uid}-ws`}>Workspace</label>
            <input
              id={`${uid}-ws`}
              type="text"
              value={workspace}
              onChange={(e) => setWorkspace(e.target.value)}
            />
            <p className="field-hint">Created if it does not exist.</p>
          </div>
          <div className="field checkbox-field">
            <label>
              <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />{' '}
              Replace the workspace&apos;s model
            </label>
            <p className="field-hint">Otherwise resources are merged into it.</p>
          </div>
        </div>
        <div className="actions form-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>

      <div aria-live="polite">
        {progress ? (
          <div className="card import-progress">
            <label htmlFor={`${uid}-progress`}>{progress.label}…</label>
            {progress.value === null ? (
              <progress id={`${uid}-progress`} />
            ) : (
              <progress id={`${uid}-progress`} value={progress.value} max={progress.max} />
            )}
            {progress.value !== null ? (
              <span className="muted small">
                {formatBytes(progress.value)} of {formatBytes(progress.max)}
              </span>
            ) : null}
          </div>
        ) : null}
        {stage.kind === 'failed' ? <ImportFailure error={stage.error} /> : null}
        {stage.kind === 'done' ? <ImportReport result={stage.result} /> : null}
      </div>
    </>
  );
}

function IssueTable({ issues, caption }: { issues: ApiIssue[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Code</th>
            <th scope="col">JSON path</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, n) => (
            <tr key={n}>
              <td>{i.severity === 'WARNING' ? 'Warning' : 'Error'}</td>
              <td>
                <code>{i.code ?? '—'}</code>
              </td>
              <td className="mono small break">{i.path !== undefined ? jsonPath(i.path) : '—'}</td>
              <td>
                {i.message}
                {i.resourceId ? <div className="mono small muted break">{i.resourceId}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A rejected import: the headline plus every problem with its JSON path into the document. */
function ImportFailure({ error }: { error: CombinedErrorLike }) {
  const issues = errorIssues(error);
  if (issues.length === 0) return <ErrorNotice error={error} title="The import failed." />;
  const groups = groupIssues(
    issues.map((i) => ({
      code: i.code ?? 'Error',
      path: typeof i.path === 'string' ? i.path : (i.path ?? []).map(String),
      message: i.message,
      severity: i.severity === 'WARNING' ? 'WARNING' : 'ERROR',
    })),
  );
  return (
    <section className="card" aria-labelledby="import-failed" data-testid="import-report">
      <h2 id="import-failed">Import rejected: nothing was written</h2>
      <p className="notice notice-error" role="alert">
        <strong>
          {issues.length} problem{issues.length > 1 ? 's' : ''} in the document.
        </strong>{' '}
        Fix them and import again.
      </p>
      <ul>
        {groups.map((g) => (
          <li key={`${g.severity}-${g.code}`}>
            <code>{g.code}</code> × {g.count} <span className="muted small">e.g. {g.example}</span>
          </li>
        ))}
      </ul>
      <IssueTable issues={issues} caption="Every problem" />
    </section>
  );
}

function ImportReport({ result }: { result: ImportResult['importAzureResources'] }) {
  const stats = result.workspace.stats as unknown as Record<string, number>;
  const ws = result.workspace.name;
  const counts = result.counts.filter((c) => c.created + c.updated + c.unchanged > 0);
  const skippedTotal = result.skipped.reduce((n, s) => n + s.count, 0);
  return (
    <section className="card" aria-labelledby="report-title" data-testid="import-report">
      <h2 id="report-title">Import report</h2>
      <p className="notice notice-ok">
        <strong>
          Imported {result.importedCount} resources into {ws}.
        </strong>{' '}
        {skippedTotal
          ? `${skippedTotal} resource${skippedTotal > 1 ? 's' : ''} of unmodelled types skipped. `
          : ''}
        {result.warnings.length
          ? `${result.warnings.length} warning${result.warnings.length > 1 ? 's' : ''}.`
          : ''}
      </p>
      {counts.length ? (
        <div className="table-wrap">
          <table>
            <caption>Resources by kind</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
                <th scope="col">Unchanged</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((c) => (
                <tr key={c.kind}>
                  <td>{c.kind}</td>
                  <td className="num">{c.created}</td>
                  <td className="num">{c.updated}</td>
                  <td className="num">{c.unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h3>Skipped types</h3>
      {result.skipped.length ? (
        <ul>
          {result.skipped.map((s) => (
            <li key={s.type}>
              <code>{s.type}</code> × {s.count} <span className="muted small">(not modelled)</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None: every resource type in the file is modelled.</p>
      )}
      <h3>Workspace {ws} now holds</h3>
      <ul className="stats">
        {STAT_LABELS.map(([k, label]) => (
          <li key={k}>
            <strong>{stats[k] ?? 0}</strong>
            {label}
          </li>
        ))}
      </ul>
      <p className="actions">
        <Link className="button secondary" href={withWorkspace('/', ws)}>
          Open topology
        </Link>
        <Link className="button secondary" href={withWorkspace('/resources', ws)}>
          Browse resources
        </Link>
      </p>
      {result.warnings.length ? (
        <IssueTable issues={result.warnings} caption="Warnings" />
      ) : (
        <p className="muted">No warnings.</p>
      )}
    </section>
  );
}
