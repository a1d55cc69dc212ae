'use client';

import { useState } from 'react';
import { ResourceLink } from '@/components/resource-link';
import type { VerifyFlowQuery } from '@/src/gql/graphql';
import { traceLayerLabel } from '@/src/lib/trace-order';
import { describeVerifyQuery, verifyHref, type VerifyQuery } from '@/src/lib/verify-query';
import { TraceDiagram } from './trace-diagram';

type Verdict = VerifyFlowQuery['verifyFlow'];

export function VerdictView({
  verdict,
  query,
  elapsedMs,
}: {
  verdict: Verdict;
  query: VerifyQuery;
  elapsedMs: number | null;
}) {
  const allowed = verdict.access === 'ALLOW';
  const isDefault =
    verdict.ruleKind === 'DEFAULT' || (verdict.ruleName ?? '').startsWith('defaultSecurityRules/');
  const [copied, setCopied] = useState(false);
  const link = verifyHref(query);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(new URL(link, window.location.href).toString());
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section
      className={`verdict ${allowed ? 'verdict-allow' : 'verdict-deny'}`}
      aria-labelledby="verdict-title"
      data-testid="verdict"
    >
      <div className="verdict-head">
        <p id="verdict-title" className="verdict-access" data-access={verdict.access}>
          <span aria-hidden="true">{allowed ? '✓' : '✕'}</span> Access {allowed ? 'allowed' : 'denied'}
        </p>
        <p className="verdict-flow mono">{describeVerifyQuery(query)}</p>
      </div>
      <dl className="props verdict-props">
        <dt>Deciding rule</dt>
        <dd data-testid="verdict-rule">
          {verdict.ruleName ? (
            <code>{verdict.ruleName}</code>
          ) : (
            <span className="muted">none (no NSG applies)</span>
          )}
          {isDefault ? <span className="badge badge-default"> default rule</span> : null}
        </dd>
        <dt>Decided by</dt>
        <dd>{traceLayerLabel(verdict.decidedBy)}</dd>
        {verdict.networkSecurityGroupId && !isDefault ? (
          <>
            <dt>Network security group</dt>
            <dd>
              <ResourceLink id={verdict.networkSecurityGroupId} />
            </dd>
          </>
        ) : null}
        {verdict.networkManagerId ? (
          <>
            <dt>Network manager</dt>
            <dd>
              <ResourceLink id={verdict.networkManagerId} />
            </dd>
          </>
        ) : null}
        <dt>Evaluated on NIC</dt>
        <dd>
          <ResourceLink id={verdict.networkInterfaceId} />
        </dd>
      </dl>
      {verdict.notes.length ? (
        <ul className="notice notice-info verdict-notes">
          {verdict.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <a className="button secondary" href={link}>
          Link to this verdict
        </a>
        <button type="button" className="secondary" onClick={copy}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
        {elapsedMs !== null ? (
          <span className="muted small" data-testid="verify-ms">
            answered in {Math.round(elapsedMs)} ms
          </span>
        ) : null}
      </div>
      <TraceDiagram verdict={verdict} direction={query.direction} />
    </section>
  );
}
