import type { MutationResolvers } from '../../../../generated/graphql';
import { updateIpConfiguration as run } from '../../../../services/network-interfaces';

export const updateIpConfiguration: MutationResolvers['updateIpConfiguration'] = (_p, { input }, ctx) =>
  run(ctx, input);
