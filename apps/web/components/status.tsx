'use client';

import type { ReactNode } from 'react';
import { explainError, type CombinedErrorLike } from '@/graphql/errors';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** An error from a query or mutation, explained: API down gets its own wording. */
export function ErrorNotice({
  error,
  title,
}: {
  error: CombinedErrorLike | null | undefined;
  title?: string;
}) {
  const explained = explainError(error);
  if (!explained) return null;
  const fieldMessages = Object.entries(explained.fieldErrors).map(
    ([field, message]) => `${field}: ${message}`,
  );
  if (explained.apiDown) {
    return (
      <div className="notice notice-error" role="alert">
        <strong>{title ?? 'The request failed.'}</strong>
        <p>{explained.messages[0] ?? 'The flowverify API is not reachable.'} Start the API, then retry.</p>
      </div>
    );
  }
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title ?? 'The request failed.'}</strong>
      {[...explained.messages, ...fieldMessages].map((m) => (
        <p key={m}>{m}</p>
      ))}
      {explained.code && !explained.apiDown ? (
        <p className="muted small">
          {explained.code}
          {explained.reason ? ` · ${explained.reason}` : ''}
        </p>
      ) : null}
    </div>
  );
}

/** Something that is not found (a stale link, or the wrong workspace). */
export function NotFound({ what, id }: { what: string; id: string }) {
  return (
    <div className="notice notice-warn" role="alert">
      <h1 className="notice-heading">{what} not found in this workspace.</h1>
      <p className="mono small break">{id || '(no id given)'}</p>
    </div>
  );
}
