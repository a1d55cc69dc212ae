import type { MutationResolvers } from '../../../../generated/graphql';
import { addWorkspaceMember as add } from '../../../../services/workspace-members';
import { fromRole, toMember } from '../shape';

export const addWorkspaceMember: MutationResolvers['addWorkspaceMember'] = async (_p, { input }, ctx) => ({
  member: toMember(await add(ctx, { ...input, role: fromRole(input.role) })),
});
