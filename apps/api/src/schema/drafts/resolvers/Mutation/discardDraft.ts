import type { MutationResolvers } from '../../../../generated/graphql';
import { discardDraft as discard } from '../../../../services/draft-workspaces';

export const discardDraft: MutationResolvers['discardDraft'] = (_p, { input }, ctx) => discard(ctx, input);
