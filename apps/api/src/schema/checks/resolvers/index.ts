import type { Resolvers } from '../../../generated/graphql';
import { CheckRun } from './CheckRun';
import { createSavedCheck } from './Mutation/createSavedCheck';
import { deleteSavedCheck } from './Mutation/deleteSavedCheck';
import { runSavedChecks } from './Mutation/runSavedChecks';
import { updateSavedCheck } from './Mutation/updateSavedCheck';
import { checkRuns } from './Query/checkRuns';
import { savedChecks } from './Query/savedChecks';
import { SavedCheck } from './SavedCheck';

export const checkResolvers: Resolvers = {
  Query: { savedChecks, checkRuns },
  Mutation: { createSavedCheck, updateSavedCheck, deleteSavedCheck, runSavedChecks },
  SavedCheck,
  CheckRun,
};
