import type { Resolvers } from '../../../generated/graphql';
import { Draft } from './Draft';
import { applyDraft } from './Mutation/applyDraft';
import { createDraft } from './Mutation/createDraft';
import { discardDraft } from './Mutation/discardDraft';
import { draft } from './Query/draft';
import { drafts } from './Query/drafts';

export const draftResolvers: Resolvers = {
  Query: { drafts, draft },
  Mutation: { createDraft, applyDraft, discardDraft },
  Draft,
};
