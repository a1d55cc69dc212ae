/**
 * The exact half of saved checks: the engine's `checkFlowRange(network, check)` (packages/engine/src/analyses/
 * check.ts) decides "every flow in this range has this verdict" on the interval form — the whole range, never a
 * sample — and returns a counterexample re-verified by verifyFlow. This file maps a saved check's sides to the
 * engine's endpoints; no range logic lives in the API.
 *
 * The engine function is looked up at run time (typed here after the engine's contract) until its release is in the
 * engine's public surface; without it check-run.ts falls back to representative flows.
 */
import * as engine from '@flowverify/engine';
import type { EngineFlowVerdict, FlowQueryInput, Network } from '../engine';
import type { CheckEndpoint } from './check-definitions';

export type EngineCheckEndpoint =
  | { kind: 'virtualMachine'; id: string }
  | { kind: 'networkInterface'; id: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'serviceTag'; tag: string }
  | { kind: 'anyVirtualMachine' }
  | { kind: 'any' };

export interface EngineFlowRangeCheck {
  source: EngineCheckEndpoint;
  destination: EngineCheckEndpoint;
  protocol: 'TCP' | 'UDP' | 'Any';
  sourcePorts: string;
  destinationPorts: string;
  expected: 'Allow' | 'Deny';
}

export interface EngineFlowRangeCheckResult {
  status: 'pass' | 'fail' | 'error';
  flowsChecked?: string;
  counterexample?: { query: FlowQueryInput; verdict: EngineFlowVerdict };
  error?: { code: string; message: string };
}

type CheckFlowRange = (network: Network, check: EngineFlowRangeCheck) => EngineFlowRangeCheckResult;

const checkFlowRange = (engine as unknown as { checkFlowRange?: CheckFlowRange }).checkFlowRange;

export const isExactCheckAvailable = (): boolean => typeof checkFlowRange === 'function';

/** A saved check's side as the engine's endpoint; a VM named (not by id) is resolved by the caller first. */
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

/** The engine's exact verdict on the check's whole range, or null when this engine has no checkFlowRange. */
export function checkRangeExactly(
  network: Network,
  check: EngineFlowRangeCheck,
): EngineFlowRangeCheckResult | null {
  if (typeof checkFlowRange !== 'function') return null;
  return checkFlowRange(network, check);
}
