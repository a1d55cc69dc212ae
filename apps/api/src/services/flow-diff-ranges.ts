/**
 * The range half of the flow diff: the engine's `diffNetworks(before, after, options)` (packages/engine/src/analyses/
 * diff.ts) computes every flow whose verdict changes — NIC pairs and each NIC against external space — as products
 * of address and port ranges with the rules responsible. This file only adapts its result to the API's shapes;
 * no range logic lives in the API.
 *
 * The engine function is looked up at run time (and typed here after the engine's contract) so the API builds and
 * runs against an engine without it; `rangeDiffAvailable` then reports false and only given flows are compared.
 */
import * as engine from '@flowverify/engine';
import type { FlowQueryInput, Network } from '../engine';

export interface EngineDecidingRule {
  layer: 'adminRule' | 'subnetNsg' | 'nicNsg' | 'none';
  ruleName: string | null;
  networkSecurityGroupId: string | null;
  adminRuleId: string | null;
  access: 'Allow' | 'Deny';
  side?: 'source' | 'destination';
}

export type EngineDiffEndpoint =
  | {
      kind: 'networkInterface';
      networkInterfaceId: string;
      virtualMachineId: string | null;
      ipConfigurationName: string;
      ipAddress: string;
    }
  | { kind: 'external'; label: string };

export interface EngineFlowChange {
  change: 'newlyAllowed' | 'newlyDenied';
  protocol: 'TCP' | 'UDP';
  source: EngineDiffEndpoint;
  destination: EngineDiffEndpoint;
  sourceAddresses: string[];
  destinationAddresses: string[];
  sourcePorts: string[];
  destinationPorts: string[];
  rulesBefore: EngineDecidingRule[];
  rulesAfter: EngineDecidingRule[];
  example: FlowQueryInput;
}

export interface EngineFlowDiffResult {
  changes: EngineFlowChange[];
  truncated: boolean;
}

type DiffNetworks = (
  before: Network,
  after: Network,
  options?: { networkInterfaceIds?: string[]; includeExternal?: boolean; maxChanges?: number },
) => EngineFlowDiffResult;

const diffNetworks = (engine as unknown as { diffNetworks?: DiffNetworks }).diffNetworks;

/** True when the engine in use has the range diff. */
export const isRangeDiffAvailable = (): boolean => typeof diffNetworks === 'function';

/** The engine's range diff, or null when this engine has none. */
export function diffNetworkRanges(
  before: Network,
  after: Network,
  options: { networkInterfaceIds?: string[]; includeExternal?: boolean },
): EngineFlowDiffResult | null {
  if (typeof diffNetworks !== 'function') return null;
  return diffNetworks(before, after, options);
}
