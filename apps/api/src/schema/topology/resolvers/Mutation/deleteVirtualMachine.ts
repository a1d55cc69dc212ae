import type { MutationResolvers } from '../../../../generated/graphql';
import { deleteVirtualMachine as run } from '../../../../services/network-interfaces';

export const deleteVirtualMachine: MutationResolvers['deleteVirtualMachine'] = (_p, { input }, ctx) =>
  run(ctx, input);
