'use client';

import { Fragment } from 'react';
import { AccessPill, ResourceLink } from '@/components/resource-link';
import type { VerifyFlowQuery } from '@/src/gql/graphql';
import { orderTrace, type TraceStep, type TraceStepState } from '@/src/lib/trace-order';

type Verdict = VerifyFlowQuery['verifyFlow'];
type Layer = Verdict['trace'][number];

const STATE_TEXT: Record<TraceStepState, string> = {
  decided: 'Decided here',
  passed: 'Passed on',
  skipped: 'Not reached',
  absent: 'Nothing applied',
};

const RESULT_TEXT: Record<string, string> = {
  ALLOW: 'Allow',
  DENY: 'Deny',
  ALWAYS_ALLOW: 'Always allow',
  CONTINUE: 'Continue',
};

/** The verdict's layers in evaluation order, left to right, with the deciding rule lit. */
export function TraceDiagram({
  verdict,
  direction,
}: {
  verdict: Verdict;
  direction: 'INBOUND' | 'OUTBOUND';
}) {
  const steps = orderTrace(direction, verdict.trace, verdict.decidedBy);
  return (
    <section className="trace" aria-labelledby="trace-title">
      <h3 id="trace-title">Evaluation order ({direction === 'INBOUND' ? 'inbound' : 'outbound'})</h3>
      <ol className="trace-steps">
        {steps.map((step, i) => (
          <Fragment key={step.kind}>
            {i > 0 ? (
              <li className="trace-arrow" aria-hidden="true">
                →
              </li>
            ) : null}
            <li className={`trace-step trace-${step.state}`} data-layer={step.kind} data-state={step.state}>
              <div className="trace-step-head">
                <span className="trace-step-label">{step.label}</span>
                <span className="trace-step-state">{STATE_TEXT[step.state]}</span>
              </div>
              {step.layer ? (
                <LayerSummary layer={step.layer} />
              ) : (
                <p className="muted small">{absentText(step.kind)}</p>
              )}
            </li>
          </Fragment>
        ))}
      </ol>
      {verdict.decidedBy === 'NONE' ? (
        <p className="muted small">No security rule decided: with no NSG applied, Azure allows the flow.</p>
      ) : null}
      <TraceDetails steps={steps.filter((s) => s.layer?.rules?.length)} />
    </section>
  );
}

function absentText(kind: string): string {
  if (kind === 'ADMIN_RULE') return 'No security admin configuration deployed here.';
  if (kind === 'SUBNET_NSG') return 'No NSG on the subnet.';
  return 'No NSG on the NIC.';
}

function LayerSummary({ layer }: { layer: Layer }) {
  return (
    <div className="small">
      <p className="trace-line">
        <ResourceLink id={layer.id} /> <span className="muted">on</span> <ResourceLink id={layer.appliedTo} />
      </p>
      <p className="trace-line">
        <span className="muted">Result </span>
        <strong>{RESULT_TEXT[layer.result] ?? layer.result}</strong>
      </p>
      {layer.matchedRule ? (
        <p className="trace-line">
          <span className="muted">Rule </span>
          <code>{layer.matchedRule.ruleName}</code>{' '}
          <span className="muted">priority {layer.matchedRule.priority}</span>
        </p>
      ) : (
        <p className="trace-line muted">No rule matched</p>
      )}
    </div>
  );
}

function TraceDetails({ steps }: { steps: TraceStep<Layer>[] }) {
  if (steps.length === 0) return null;
  return (
    <details className="trace-details">
      <summary>Rule-by-rule match detail</summary>
      {steps.map((step) => (
        <div key={step.kind} className="table-wrap trace-table">
          <table>
            <caption>{step.label}</caption>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Rule</th>
                <th scope="col">Access</th>
                <th scope="col">Protocol</th>
                <th scope="col">Source</th>
                <th scope="col">Source port</th>
                <th scope="col">Destination</th>
                <th scope="col">Destination port</th>
              </tr>
            </thead>
            <tbody>
              {(step.layer?.rules ?? []).map((r) => {
                const lit = step.state === 'decided' && step.layer?.matchedRule?.ruleName === r.ruleName;
                return (
                  <tr
                    key={r.ruleName}
                    className={lit ? 'row-lit' : undefined}
                    aria-current={lit ? 'true' : undefined}
                  >
                    <td className="num">{r.priority}</td>
                    <td>
                      <code>{r.ruleName}</code>
                      {lit ? <span className="visually-hidden"> (deciding rule)</span> : null}
                    </td>
                    <td>
                      <AccessPill access={r.access} />
                    </td>
                    <Check ok={r.protocolMatched} />
                    <Check ok={r.sourceMatched} />
                    <Check ok={r.sourcePortMatched} />
                    <Check ok={r.destinationMatched} />
                    <Check ok={r.destinationPortMatched} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </details>
  );
}

function Check({ ok }: { ok: boolean }) {
  return <td className={ok ? 'match-yes' : 'match-no'}>{ok ? '✓ match' : '✗ no'}</td>;
}
