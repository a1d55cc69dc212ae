import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteWorkspace as remove } from '../../../../services/workspaces';

export const deleteWorkspace: MutationResolvers['deleteWorkspace'] = (_p, { input }, ctx) =>
  remove(ctx, input);
