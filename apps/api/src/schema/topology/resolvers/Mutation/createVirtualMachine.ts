import type { MutationResolvers } from '../../../../generated/graphql';
import { createVirtualMachine as run } from '../../../../services/network-interfaces';

export const createVirtualMachine: MutationResolvers['createVirtualMachine'] = (_p, { input }, ctx) =>
  run(ctx, input);
