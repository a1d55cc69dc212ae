import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteIpConfiguration as run } from '../../../../services/network-interfaces';

export const deleteIpConfiguration: MutationResolvers['deleteIpConfiguration'] = (_p, { input }, ctx) =>
  run(ctx, input);
