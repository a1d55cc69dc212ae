import type { VirtualNetworkPeeringResolvers } from '../../../generated/graphql';
import { must, resourceFields, workspaceField } from '../../arm';

export const VirtualNetworkPeering: VirtualNetworkPeeringResolvers = {
  ...resourceFields('Microsoft.Network/virtualNetworks/virtualNetworkPeerings'),
  workspace: workspaceField,
  virtualNetwork: async (p, _a, ctx) =>
    must(await ctx.loaders.virtualNetwork.load(p.virtualNetworkId), 'VNet'),
  remoteVirtualNetworkId: (p) => p.remoteVirtualNetworkArmId,
  remoteVirtualNetwork: (p, _a, ctx) =>
    p.remoteVirtualNetworkId ? ctx.loaders.virtualNetwork.load(p.remoteVirtualNetworkId) : null,
  peeringState: (p) => p.peeringState,
};
