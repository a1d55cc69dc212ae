/**
 * The exact half of saved checks: the engine's `checkFlowRange(network, check)` (packages/engine/src/analyses/
 * check.ts) decides "every flow in this range has this verdict" on the interval form — the whole range, never a
 * sample — and returns a counterexample re-verified by verifyFlow. This file maps a saved check's sides to the
 * engine's endpoints; no range logic lives in the API.
 */
import {
  checkFlowRange,
  type CheckEndpoint as EngineCheckEndpoint,
  type FlowRangeCheck,
  type FlowRangeCheckResult,
} from '@flowverify/engine';
import type { Network } from '../engine';
import type { CheckEndpoint } from './check-definitions';

export type EngineFlowRangeCheckResult = FlowRangeCheckResult;

/** A saved check's side as the engine's endpoint (`vmId`: the ARM id a VM name resolved to). */
export function toEngineEndpoint(endpoint: CheckEndpoint, vmId?: string): EngineCheckEndpoint {
  switch (endpoint.kind) {
    case 'anyVm':
      return { kind: 'anyVirtualMachine' };
    case 'vm':
      return { kind: 'virtualMachine', id: vmId ?? endpoint.ref };
    case 'address':
      return endpoint.label.toLowerCase() === 'internet'
        ? { kind: 'serviceTag', tag: 'Internet' }
        : { kind: 'prefix', prefix: endpoint.label };
  }
}

/** The engine's exact verdict on the check's whole range. Never throws (problems come back as `status: 'error'`). */
export function checkRangeExactly(network: Network, check: FlowRangeCheck): FlowRangeCheckResult {
  return checkFlowRange(network, check);
}

/** A flow of a check's range with its verdict (re-verified by verifyFlow, with the deciding rule). */
export type DecidedFlow = NonNullable<FlowRangeCheckResult['counterexample']>;
