import type { MutationResolvers } from '../../../../generated/graphql';
import { updateVirtualMachine as run } from '../../../../services/network-interfaces';

export const updateVirtualMachine: MutationResolvers['updateVirtualMachine'] = (_p, { input }, ctx) =>
  run(ctx, input);
