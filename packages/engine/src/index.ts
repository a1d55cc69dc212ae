/**
 * @flowverify/engine — Azure-faithful IP flow verify. The public surface; see README.md for contracts.
 * Nothing exported here throws on user data.
 */
export * from './model';
export { parseNetwork, validateSecurityRule, validateAdminRule, DEFAULT_INTERNET_EXCLUSIONS } from './parse';
export { DEFAULT_SECURITY_RULES, LEGACY_DEFAULT_RULE_ALIASES } from './defaults';
export {
  parseIpAddress,
  parseAddressPrefix,
  type IpAddress,
  type AddressPrefix,
  type IntervalSet,
  type ParseResult,
} from './address';
export { createVerifier, type Verifier, type EffectiveSecurityRulesResult } from './evaluate';
export {
  compilePolicy,
  checkCompiledRule,
  type CompiledPolicy,
  type CompiledLayer,
  type CompiledRule,
  type DecisionTable,
  type SharedDecisionTable,
  type SegmentDimension,
  type FlowTuple,
  type RuleCheck,
  type LayerKind,
} from './compile';
export { referenceVerifyFlow } from './reference';
export {
  allowedSpace,
  type AllowedBox,
  type AllowedSpaceResult,
  type DecidingRule,
} from './analyses/allowed-space';
export {
  diffNetworks,
  EXTERNAL_LABELS,
  type DiffEndpoint,
  type DiffOptions,
  type FlowChange,
  type FlowDiffResult,
} from './analyses/diff';
export {
  checkFlowRange,
  type CheckEndpoint,
  type FlowRangeCheck,
  type FlowRangeCheckResult,
} from './analyses/check';
export {
  allowedFlowsBetween,
  type AllowedFlow,
  type AllowedFlowSet,
  type ReachabilityEndpoint,
} from './analyses/reachability';
export { findShadowedRules, type ShadowedRule } from './analyses/shadowed-rules';
