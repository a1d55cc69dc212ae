'use client';

import { useEffect, useRef } from 'react';
import type { CombinedErrorLike } from '@/graphql/errors';
import { changedFields, showValue } from '@/src/lib/conflict-diff';

/** The CONFLICT / VersionMismatch error of a write (someone else changed the thing since it was read), or null. */
export function versionConflict(error: CombinedErrorLike | null | undefined): { current: unknown } | null {
  const e = error?.graphQLErrors?.find(
    (g) => g.extensions?.code === 'CONFLICT' && g.extensions?.reason === 'VersionMismatch',
  );
  return e ? { current: e.extensions?.current ?? null } : null;
}

/**
 * Someone else saved first. "Reload" takes their version (drops your edit); "Overwrite" re-submits your edit on top
 * of their version. A modal dialog: focus moves into it, Escape cancels.
 */
export function ConflictDialog({
  what,
  current,
  read,
  onReload,
  onOverwrite,
  onCancel,
}: {
  what: string;
  current: unknown;
  /** What this page read before editing: the dialog then lists what they changed since. */
  read?: Record<string, unknown>;
  onReload: () => void;
  onOverwrite: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const changes = read ? changedFields(read, current) : [];
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="conflict-title"
        aria-describedby="conflict-desc"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
      >
        <h2 id="conflict-title">{what} was changed by someone else</h2>
        <p id="conflict-desc">
          It changed after you opened it. Reload to take their version, or overwrite it with yours.
        </p>
        {changes.length ? (
          <>
            <h3 className="small eyebrow">What they changed</h3>
            <ul className="plain-list conflict-changes" data-testid="conflict-changes">
              {changes.map((c) => (
                <li key={c.field}>
                  <strong>{c.field}</strong>: {showValue(c.read)} → {showValue(c.current)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {current ? (
          <details>
            <summary>Their current version</summary>
            <pre className="mono small break">{JSON.stringify(current, null, 2)}</pre>
          </details>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onReload}>
            Reload (take theirs)
          </button>
          <button type="button" className="danger" onClick={onOverwrite}>
            Overwrite with mine
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
