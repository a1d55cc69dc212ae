import type { QueryResolvers } from '../../../../generated/graphql';
import { listWorkspaceMembers } from '../../../../services/workspace-members';
import { toMember } from '../shape';

export const workspaceMembers: QueryResolvers['workspaceMembers'] = async (_p, args, ctx) =>
  (await listWorkspaceMembers(ctx, args.workspace)).map(toMember);
