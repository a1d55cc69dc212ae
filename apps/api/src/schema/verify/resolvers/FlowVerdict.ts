import type { FlowVerdictResolvers } from '../../../generated/graphql';
import { traceFlow } from '../../../services/verify-flows';
import { toGraphQLEnum } from '../../enums';

export const LAYER = {
  adminRule: 'ADMIN_RULE',
  subnetNsg: 'SUBNET_NSG',
  nicNsg: 'NIC_NSG',
  none: 'NONE',
} as const;

/** Engine spelling → GraphQL enum value for the fields a batch resolves thousands of times (no regex per flow). */
const ACCESS: Record<string, 'ALLOW' | 'DENY'> = { Allow: 'ALLOW', Deny: 'DENY' };
const RULE_KIND: Record<string, 'CUSTOM' | 'DEFAULT' | 'ADMIN'> = {
  custom: 'CUSTOM',
  default: 'DEFAULT',
  admin: 'ADMIN',
};

export const FlowVerdict: FlowVerdictResolvers = {
  access: (f) => ACCESS[f.verdict.access] ?? toGraphQLEnum(f.verdict.access),
  ruleName: (f) => f.verdict.ruleName,
  decidedBy: (f) => LAYER[f.verdict.decidedBy],
  networkSecurityGroupId: (f) => f.verdict.networkSecurityGroupId,
  adminRuleId: (f) => f.verdict.adminRuleId,
  ruleKind: (f) =>
    f.verdict.ruleKind ? (RULE_KIND[f.verdict.ruleKind] ?? toGraphQLEnum(f.verdict.ruleKind)) : null,
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
