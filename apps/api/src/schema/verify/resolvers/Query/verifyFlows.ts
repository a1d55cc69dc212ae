import type { QueryResolvers } from '../../../../generated/graphql';
import { verifyFlows as verify } from '../../../../services/verify-flows';

export const verifyFlows: QueryResolvers['verifyFlows'] = (_p, { inputs }, ctx) => verify(ctx, inputs);
