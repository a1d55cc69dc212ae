import type { MutationResolvers } from '../../../../generated/graphql';
import { createWorkspace as create } from '../../../../services/workspaces';

export const createWorkspace: MutationResolvers['createWorkspace'] = async (_p, { input }, ctx) => ({
  workspace: await create(ctx, input),
});
