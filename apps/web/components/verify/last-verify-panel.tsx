'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { explainError } from '@/graphql/errors';
import { VerifyFlowBriefQuery } from '@/graphql/operations/verify';
import {
  describeVerdictChange,
  loadLastVerify,
  saveLastVerify,
  type LastVerify,
} from '@/src/lib/last-verify';
import { describeVerifyQuery, toVerifyFlowInput, verifyHref } from '@/src/lib/verify-query';
import { AccessPill } from '@/components/resource-link';
import { withWorkspace } from '@/src/lib/hrefs';

/**
 * Shows the last verify run in this tab and, every time `editCount` goes up (a rule was changed), re-runs it
 * and says whether the verdict changed.
 */
export function LastVerifyPanel({
  editCount,
  workspace,
  onLastVerify,
}: {
  editCount: number;
  workspace: string;
  /** Told the last verify when it is loaded and after every re-run. */
  onLastVerify?: (last: LastVerify | null) => void;
}) {
  const client = useClient();
  const [last, setLast] = useState<LastVerify | null>(null);
  const [change, setChange] = useState<{ changed: boolean; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    setLast(loadLastVerify(window.sessionStorage));
  }, []);

  useEffect(() => {
    onLastVerify?.(last && last.query.workspace === workspace ? last : null);
  }, [last, workspace, onLastVerify]);

  useEffect(() => {
    if (editCount === 0) return;
    const previous = loadLastVerify(window.sessionStorage);
    if (!previous || previous.query.workspace !== workspace) return;
    let alive = true;
    setRunning(true);
    void client
      .query(
        VerifyFlowBriefQuery,
        { input: toVerifyFlowInput(previous.query) },
        { requestPolicy: 'network-only' },
      )
      .toPromise()
      .then((r) => {
        if (!alive) return;
        setRunning(false);
        if (r.error || !r.data) {
          setError(explainError(r.error)?.messages.join(' ') ?? 'The last verify could not be re-run.');
          return;
        }
        setError(null);
        const verdict = {
          access: r.data.verifyFlow.access,
          ruleName: r.data.verifyFlow.ruleName ?? null,
          networkSecurityGroupId: r.data.verifyFlow.networkSecurityGroupId ?? null,
        };
        setChange(describeVerdictChange(previous.verdict, verdict));
        const next = { ...previous, verdict, at: new Date().toISOString() };
        saveLastVerify(window.sessionStorage, next);
        setLast(next);
      });
    return () => {
      alive = false;
    };
  }, [client, editCount, workspace]);

  if (!last || last.query.workspace !== workspace) {
    return (
      <p className="muted small">
        Tip: run a check in <Link href={withWorkspace('/verify', workspace)}>IP flow verify</Link> first;
        after each rule edit here it is re-run and you see whether its verdict changed.
      </p>
    );
  }
  return (
    <div className="last-verify card" aria-live="polite">
      <p className="last-verify-line">
        <span className="eyebrow">Last verify</span>{' '}
        <span className="mono small">{describeVerifyQuery(last.query)}</span>{' '}
        <AccessPill access={last.verdict.access} />{' '}
        {last.verdict.ruleName ? <code>{last.verdict.ruleName}</code> : null}{' '}
        <Link href={verifyHref(last.query)}>open</Link>
      </p>
      {running ? <p className="muted small">Re-running…</p> : null}
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {change && !running ? (
        <p
          className={`notice ${change.changed ? 'notice-warn' : 'notice-ok'} verdict-change`}
          role="status"
          data-testid="verdict-change"
        >
          <strong>{change.text}</strong>
        </p>
      ) : null}
    </div>
  );
}
