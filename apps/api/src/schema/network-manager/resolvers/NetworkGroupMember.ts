import type { NetworkGroupMemberResolvers } from '../../../generated/graphql';

export const NetworkGroupMember: NetworkGroupMemberResolvers = {
  resource: (m, _a, ctx) => ctx.loaders.resourceByArmId.load(`${m.workspaceId}|${m.resourceId}`) as never,
};
