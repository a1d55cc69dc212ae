import type { MutationResolvers } from '../../../../generated/graphql';
import { createSubnet as run } from '../../../../services/virtual-networks';

export const createSubnet: MutationResolvers['createSubnet'] = (_p, { input }, ctx) => run(ctx, input);
