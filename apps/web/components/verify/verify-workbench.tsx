'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { ErrorNotice, Loading } from '@/components/status';
import { explainError } from '@/graphql/errors';
import { VerifyFlowQuery } from '@/graphql/operations/verify';
import type { VerifyFlowQuery as VerifyFlowData } from '@/src/gql/graphql';
import { saveLastVerify } from '@/src/lib/last-verify';
import { isVerifyQueryComplete, toVerifyFlowInput, type VerifyQuery } from '@/src/lib/verify-query';
import { VerdictView } from './verdict-view';
import { VerifyForm } from './verify-form';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'error'; error: CombinedError }
  | { kind: 'done'; verdict: VerifyFlowData['verifyFlow']; query: VerifyQuery; elapsedMs: number };

const REQUIRED_MESSAGES: Partial<Record<keyof VerifyQuery, string>> = {
  targetResourceId: 'Choose a virtual machine.',
  localIpAddress: 'Enter the local IP address.',
  localPort: 'Enter a port (0-65535) or *.',
  remoteIpAddress: 'Enter the remote IP address.',
  remotePort: 'Enter a port (0-65535) or *.',
};

function missingFields(q: VerifyQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(REQUIRED_MESSAGES)) {
    if (!q[field as keyof VerifyQuery]) out[field] = message!;
  }
  return out;
}

/**
 * The verify form and its answer. With `navigate`, submitting hands the query to the caller (the /verify page
 * puts it in the URL and remounts with `autoRun`); without it, the query runs in place (VM quick check).
 */
export function VerifyWorkbench({
  initial,
  autoRun = false,
  navigate,
  fixedVmName,
}: {
  initial: VerifyQuery;
  autoRun?: boolean;
  /** Returns true when it navigated (the new page runs the query). */
  navigate?: (query: VerifyQuery) => boolean;
  fixedVmName?: string;
}) {
  const client = useClient();
  const [draft, setDraft] = useState(initial);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const ran = useRef(false);

  const run = useCallback(
    async (query: VerifyQuery) => {
      setOutcome({ kind: 'running' });
      const started = performance.now();
      const result = await client
        .query(VerifyFlowQuery, { input: toVerifyFlowInput(query) }, { requestPolicy: 'network-only' })
        .toPromise();
      const elapsedMs = performance.now() - started;
      if (result.error || !result.data) {
        setOutcome({ kind: 'error', error: result.error! });
        return;
      }
      const verdict = result.data.verifyFlow;
      setOutcome({ kind: 'done', verdict, query, elapsedMs });
      saveLastVerify(typeof window === 'undefined' ? undefined : window.sessionStorage, {
        query,
        verdict: {
          access: verdict.access,
          ruleName: verdict.ruleName ?? null,
          networkSecurityGroupId: verdict.networkSecurityGroupId ?? null,
        },
        at: new Date().toISOString(),
      });
    },
    [client],
  );

  useEffect(() => {
    if (!autoRun || ran.current || !isVerifyQueryComplete(initial)) return;
    ran.current = true;
    void run(initial);
  }, [autoRun, initial, run]);

  const submit = () => {
    const missing = missingFields(draft);
    setLocalErrors(missing);
    if (Object.keys(missing).length) {
      const first = document.querySelector<HTMLElement>('.verify-form [aria-invalid="true"]');
      first?.focus();
      return;
    }
    if (navigate?.(draft)) return;
    void run(draft);
  };

  const explained = outcome.kind === 'error' ? explainError(outcome.error) : null;
  const fieldErrors = { ...(explained?.fieldErrors ?? {}), ...localErrors };
  const hasUnplacedError = explained && (explained.messages.length > 0 || explained.apiDown);

  return (
    <div className="workbench">
      <div className="card">
        <VerifyForm
          value={draft}
          onChange={(q) => {
            setDraft(q);
            if (Object.keys(localErrors).length) setLocalErrors({});
          }}
          onSubmit={submit}
          fieldErrors={fieldErrors}
          busy={outcome.kind === 'running'}
          fixedVmName={fixedVmName}
        />
      </div>
      <div aria-live="polite" aria-atomic="false" className="verify-result">
        {outcome.kind === 'running' ? <Loading label="Verifying…" /> : null}
        {outcome.kind === 'error' && hasUnplacedError ? (
          <ErrorNotice error={outcome.error} title="The flow could not be verified." />
        ) : null}
        {outcome.kind === 'error' && !hasUnplacedError ? (
          <p className="notice notice-error" role="alert">
            Check the highlighted fields.
          </p>
        ) : null}
        {outcome.kind === 'done' ? (
          <VerdictView verdict={outcome.verdict} query={outcome.query} elapsedMs={outcome.elapsedMs} />
        ) : null}
      </div>
    </div>
  );
}
