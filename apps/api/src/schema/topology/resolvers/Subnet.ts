import type { SubnetResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { must, resourceFields, workspaceField } from '../../arm';

export const Subnet: SubnetResolvers = {
  ...resourceFields('Microsoft.Network/virtualNetworks/subnets'),
  workspace: workspaceField,
  virtualNetwork: async (s, _a, ctx) =>
    must(await ctx.loaders.virtualNetwork.load(s.virtualNetworkId), 'VNet'),
  networkSecurityGroup: (s, _a, ctx) =>
    s.networkSecurityGroupId ? ctx.loaders.networkSecurityGroup.load(s.networkSecurityGroupId) : null,
  ipConfigurations: async (s, args, ctx) =>
    sliceConnection(await ctx.loaders.ipConfigurationsBySubnet.load(s.id), args),
};
