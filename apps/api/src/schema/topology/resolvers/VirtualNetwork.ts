import type { VirtualNetworkResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { resourceFields, workspaceField } from '../../arm';

export const VirtualNetwork: VirtualNetworkResolvers = {
  ...resourceFields('Microsoft.Network/virtualNetworks'),
  workspace: workspaceField,
  subnets: async (vnet, args, ctx) =>
    sliceConnection(await ctx.loaders.subnetsByVirtualNetwork.load(vnet.id), args),
  virtualNetworkPeerings: async (vnet, args, ctx) =>
    sliceConnection(await ctx.loaders.peeringsByVirtualNetwork.load(vnet.id), args),
};
