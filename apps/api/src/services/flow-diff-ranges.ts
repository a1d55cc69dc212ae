/**
 * The range half of the flow diff: the engine's `diffNetworks(before, after, options)` (packages/engine/src/
 * analyses/diff.ts) computes every flow whose verdict changes — NIC pairs and each NIC against external space — as
 * products of address and port ranges with the rules responsible, each with a verified example. This file only
 * adapts the call; no range logic lives in the API.
 */
import {
  diffNetworks,
  type DecidingRule,
  type DiffEndpoint,
  type FlowChange,
  type FlowDiffResult,
} from '@flowverify/engine';
import type { Network } from '../engine';

export type EngineDecidingRule = DecidingRule;
export type EngineDiffEndpoint = DiffEndpoint;
export type EngineFlowChange = FlowChange;

/** The engine's range diff of two compiled models (ranges capped at the engine's default of 10,000). */
export function diffNetworkRanges(
  before: Network,
  after: Network,
  options: { networkInterfaceIds?: string[]; includeExternal?: boolean },
): FlowDiffResult {
  return diffNetworks(before, after, options);
}
