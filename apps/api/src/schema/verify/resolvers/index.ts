import type { Resolvers } from '../../../generated/graphql';
import { FlowVerdict } from './FlowVerdict';
import { effectiveSecurityRules } from './Query/effectiveSecurityRules';
import { verifyFlow } from './Query/verifyFlow';
import { verifyFlows } from './Query/verifyFlows';

export const verifyResolvers: Resolvers = {
  Query: { verifyFlow, verifyFlows, effectiveSecurityRules },
  FlowVerdict,
};
