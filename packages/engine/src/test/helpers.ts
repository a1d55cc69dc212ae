import { createVerifier } from '../evaluate';
import type { FlowQueryInput, FlowVerdict, NetworkInput, VerifyOptions, VerifyResult } from '../model';
import { parseNetwork } from '../parse';
import { referenceVerifyFlow } from '../reference';

/** Parses (asserting no error issues), verifies, and checks the reference scan agrees. */
export function verify(input: NetworkInput, q: FlowQueryInput, options?: VerifyOptions): VerifyResult {
  const { network, issues } = parseNetwork(input);
  const errors = issues.filter((i) => i.severity !== 'warning');
  if (errors.length > 0) throw new Error(`fixture has errors: ${JSON.stringify(errors)}`);
  const result = createVerifier(network).verifyFlow(q, options);
  const ref = referenceVerifyFlow(network, q);
  if (result.ok !== ref.ok) throw new Error(`reference disagrees: ${JSON.stringify({ result, ref })}`);
  if (
    result.ok &&
    ref.ok &&
    (result.verdict.access !== ref.verdict.access || result.verdict.ruleName !== ref.verdict.ruleName)
  ) {
    throw new Error(`reference disagrees: ${JSON.stringify({ result: result.verdict, ref: ref.verdict })}`);
  }
  return result;
}

export function verdictOf(input: NetworkInput, q: FlowQueryInput, options?: VerifyOptions): FlowVerdict {
  const r = verify(input, q, options);
  if (!r.ok) throw new Error(`expected a verdict, got ${JSON.stringify(r.error)}`);
  return r.verdict;
}
