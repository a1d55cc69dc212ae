import type { MutationResolvers } from '../../../../generated/graphql';
import {
  toDbExpected,
  toDbProtocol,
  updateSavedCheck as update,
} from '../../../../services/check-definitions';

export const updateSavedCheck: MutationResolvers['updateSavedCheck'] = async (_p, { input }, ctx) => ({
  savedCheck: await update(ctx, {
    ...input,
    protocol: input.protocol ? toDbProtocol(input.protocol) : null,
    expected: input.expected ? toDbExpected(input.expected) : null,
  }),
});
