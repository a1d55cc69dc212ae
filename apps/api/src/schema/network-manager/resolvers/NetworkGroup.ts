import type { NetworkGroupResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { must, resourceFields, workspaceField } from '../../arm';
import { toGraphQLEnum } from '../../enums';

export const NetworkGroup: NetworkGroupResolvers = {
  ...resourceFields('Microsoft.Network/networkManagers/networkGroups'),
  workspace: workspaceField,
  memberType: (g) => toGraphQLEnum(g.memberType),
  networkManager: async (g, _a, ctx) =>
    must(await ctx.loaders.networkManager.load(g.networkManagerId), 'manager'),
  staticMembers: async (g, args, ctx) =>
    sliceConnection(await ctx.loaders.staticMembersByNetworkGroup.load(g.id), args),
};
