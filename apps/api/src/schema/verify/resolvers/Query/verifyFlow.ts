import type { QueryResolvers } from '../../../../generated/graphql';
import { verifyFlow as verify } from '../../../../services/verify-flows';

export const verifyFlow: QueryResolvers['verifyFlow'] = (_p, { input }, ctx) => verify(ctx, input);
