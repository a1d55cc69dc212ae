import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteSavedCheck as remove } from '../../../../services/check-definitions';

export const deleteSavedCheck: MutationResolvers['deleteSavedCheck'] = (_p, { input }, ctx) =>
  remove(ctx, input);
