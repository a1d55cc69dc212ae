import type { QueryResolvers } from '../../../../generated/graphql';
import { listApiTokens } from '../../../../services/api-tokens';
import { toApiToken } from '../shape';

export const apiTokens: QueryResolvers['apiTokens'] = async (_p, args, ctx) =>
  (await listApiTokens(ctx, args)).map(toApiToken);
