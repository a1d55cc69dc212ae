import type { MutationResolvers } from '../../../../generated/graphql';
import { updateSubnet as run } from '../../../../services/virtual-networks';

export const updateSubnet: MutationResolvers['updateSubnet'] = (_p, { input }, ctx) => run(ctx, input);
