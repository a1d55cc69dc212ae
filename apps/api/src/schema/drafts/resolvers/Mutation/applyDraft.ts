import type { MutationResolvers } from '../../../../generated/graphql';
import { runSavedChecksIfAny } from '../../../../services/check-run';
import { applyDraft as apply } from '../../../../services/draft-apply';

export const applyDraft: MutationResolvers['applyDraft'] = async (_p, { input }, ctx) => {
  const result = await apply(ctx, input);
  return { ...result, checkRun: await runSavedChecksIfAny(ctx, result.workspace.id, 'mutation') };
};
