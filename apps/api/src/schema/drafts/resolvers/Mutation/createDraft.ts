import type { MutationResolvers } from '../../../../generated/graphql';
import { createDraft as create } from '../../../../services/draft-workspaces';

export const createDraft: MutationResolvers['createDraft'] = async (_p, { input }, ctx) => ({
  draft: await create(ctx, input, { userId: ctx.caller?.userId ?? null }),
});
