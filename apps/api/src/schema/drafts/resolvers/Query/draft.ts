import type { QueryResolvers } from '../../../../generated/graphql';
import { findDraft } from '../../../../services/draft-workspaces';

export const draft: QueryResolvers['draft'] = (_p, args, ctx) => findDraft(ctx, args);
