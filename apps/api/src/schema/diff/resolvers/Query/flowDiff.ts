import type { QueryResolvers } from '../../../../generated/graphql';
import { diffFlows } from '../../../../services/flow-diff';

export const flowDiff: QueryResolvers['flowDiff'] = (_p, { input }, ctx) => diffFlows(ctx, input);
