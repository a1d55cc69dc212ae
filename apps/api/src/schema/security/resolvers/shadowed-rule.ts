/**
 * Engine shadowed rules (services/shadowed-rules.ts) as the GraphQL `ShadowedRule` / `ShadowingRule` types.
 */
import type { ShadowedRule, ShadowingRule } from '../../../generated/graphql';
import type { EngineShadowedRule, EngineShadowingRule } from '../../../services/shadowed-rules';
import { toGraphQLEnum } from '../../enums';

function toShadowingRule(s: EngineShadowingRule): ShadowingRule {
  return {
    layer: toGraphQLEnum(s.layer),
    ruleName: s.ruleName,
    ruleId: s.ruleId ?? s.ruleName,
    networkSecurityGroupId: s.networkSecurityGroupId,
    access: toGraphQLEnum(s.access),
    priority: s.priority,
  };
}

export function toGraphQLShadowedRule(r: EngineShadowedRule): ShadowedRule {
  return {
    ruleName: r.ruleName,
    name: r.name,
    ruleId: r.ruleId ?? r.ruleName,
    priority: r.priority,
    direction: toGraphQLEnum(r.direction),
    reason: toGraphQLEnum(r.reason),
    shadowedBy: r.shadowedBy.map(toShadowingRule),
    contexts: r.contexts,
  };
}
