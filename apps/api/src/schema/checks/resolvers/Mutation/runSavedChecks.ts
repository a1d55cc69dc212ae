import type { MutationResolvers } from '../../../../generated/graphql';
import { badInput } from '../../../../errors';
import { runSavedChecks as run } from '../../../../services/check-run';

export const runSavedChecks: MutationResolvers['runSavedChecks'] = (_p, { input }, ctx) => {
  const trigger = input.trigger ?? 'MANUAL';
  if (trigger !== 'MANUAL' && trigger !== 'CLI') {
    throw badInput('InvalidTrigger', 'runSavedChecks takes trigger MANUAL or CLI.', { field: 'trigger' });
  }
  return run(ctx, { workspace: input.workspace, trigger: trigger === 'CLI' ? 'cli' : 'manual' });
};
