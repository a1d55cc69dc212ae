import type { MutationResolvers } from '../../../../generated/graphql';
import { removeWorkspaceMember as remove } from '../../../../services/workspace-members';

export const removeWorkspaceMember: MutationResolvers['removeWorkspaceMember'] = async (_p, { input }, ctx) =>
  remove(ctx, input);
