import type { QueryResolvers } from '../../../../generated/graphql';
import { getEffectiveSecurityRules } from '../../../../services/verify-flows';
import { toGraphQLEnum } from '../../../enums';

const LAYER = { adminRule: 'ADMIN_RULE', subnetNsg: 'SUBNET_NSG', nicNsg: 'NIC_NSG' } as const;

export const effectiveSecurityRules: QueryResolvers['effectiveSecurityRules'] = async (
  _p,
  { workspace, networkInterfaceId },
  ctx,
) =>
  (await getEffectiveSecurityRules(ctx, workspace, networkInterfaceId)).map((r) => ({
    ...r,
    layer: LAYER[r.layer],
    ruleKind: toGraphQLEnum(r.ruleKind),
    direction: toGraphQLEnum(r.direction),
  }));
