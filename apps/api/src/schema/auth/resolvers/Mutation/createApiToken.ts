import type { MutationResolvers } from '../../../../generated/graphql';
import { createApiToken as create } from '../../../../services/api-tokens';
import { toApiToken } from '../shape';

export const createApiToken: MutationResolvers['createApiToken'] = async (_p, { input }, ctx) => {
  const { apiToken, token } = await create(ctx, input);
  return { apiToken: toApiToken(apiToken), token };
};
