import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteServiceTag as run } from '../../../../services/service-tags';

export const deleteServiceTag: MutationResolvers['deleteServiceTag'] = (_p, { input }, ctx) =>
  run(ctx, input);
