import type { QueryResolvers } from '../../../../generated/graphql';
import { listCheckRuns } from '../../../../services/check-run';

export const checkRuns: QueryResolvers['checkRuns'] = (_p, { workspace, first, after }, ctx) =>
  listCheckRuns(ctx, workspace, { first, after });
