import type { QueryResolvers } from '../../../../generated/graphql';
import { listDrafts } from '../../../../services/draft-workspaces';

export const drafts: QueryResolvers['drafts'] = (_p, { workspace }, ctx) => listDrafts(ctx, workspace);
