import type { MutationResolvers } from '../../../../generated/graphql';
import { revokeApiToken as revoke } from '../../../../services/api-tokens';
import { toApiToken } from '../shape';

export const revokeApiToken: MutationResolvers['revokeApiToken'] = async (_p, { input }, ctx) => ({
  apiToken: toApiToken(await revoke(ctx, input)),
});
