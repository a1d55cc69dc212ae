import type { MutationResolvers } from '../../../../generated/graphql';
import { createIpConfiguration as run } from '../../../../services/network-interfaces';

export const createIpConfiguration: MutationResolvers['createIpConfiguration'] = (_p, { input }, ctx) =>
  run(ctx, input);
