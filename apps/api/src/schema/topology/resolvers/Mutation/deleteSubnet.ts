import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteSubnet as run } from '../../../../services/virtual-networks';

export const deleteSubnet: MutationResolvers['deleteSubnet'] = (_p, { input }, ctx) => run(ctx, input);
