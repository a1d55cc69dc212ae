import type { MutationResolvers } from '../../../../generated/graphql';
import { setServiceTag as run } from '../../../../services/service-tags';

export const setServiceTag: MutationResolvers['setServiceTag'] = (_p, { input }, ctx) => run(ctx, input);
