import type { MutationResolvers } from '../../../../generated/graphql';
import {
  createSavedCheck as create,
  toDbExpected,
  toDbProtocol,
} from '../../../../services/check-definitions';

export const createSavedCheck: MutationResolvers['createSavedCheck'] = async (_p, { input }, ctx) => ({
  savedCheck: await create(ctx, {
    ...input,
    protocol: toDbProtocol(input.protocol),
    expected: toDbExpected(input.expected),
    sourcePorts: input.sourcePorts ?? '*',
  }),
});
