import type { FlowVerdictResolvers } from '../../../generated/graphql';
import { traceFlow } from '../../../services/verify-flows';
import { toGraphQLEnum } from '../../enums';

export const LAYER = {
  adminRule: 'ADMIN_RULE',
  subnetNsg: 'SUBNET_NSG',
  nicNsg: 'NIC_NSG',
  none: 'NONE',
} as const;

export const FlowVerdict: FlowVerdictResolvers = {
  access: (f) => toGraphQLEnum(f.verdict.access),
  ruleName: (f) => f.verdict.ruleName,
  decidedBy: (f) => LAYER[f.verdict.decidedBy],
  networkSecurityGroupId: (f) => f.verdict.networkSecurityGroupId,
  adminRuleId: (f) => f.verdict.adminRuleId,
  ruleKind: (f) => (f.verdict.ruleKind ? toGraphQLEnum(f.verdict.ruleKind) : null),
  ruleId: (f) => f.verdict.ruleId,
  adminConfigurationId: (f) => f.verdict.adminConfigurationId,
  networkManagerId: (f) => f.verdict.networkManagerId,
  networkInterfaceId: (f) => f.verdict.networkInterfaceId,
  notes: (f) => f.verdict.notes,
  // Computed only when selected: the flow is evaluated again with tracing on.
  trace: (f, { detail }) =>
    traceFlow(f, detail === true).map((layer) => ({
      layer: LAYER[layer.layer],
      id: layer.id,
      appliedTo: layer.appliedTo,
      matchedRule: layer.matchedRule,
      result: toGraphQLEnum(layer.result),
      rules: layer.rules ?? null,
    })),
};
