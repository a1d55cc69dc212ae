import type { QueryResolvers } from '../../../../generated/graphql';
import { listSavedChecks } from '../../../../services/check-definitions';

export const savedChecks: QueryResolvers['savedChecks'] = (_p, { workspace }, ctx) =>
  listSavedChecks(ctx, workspace);
