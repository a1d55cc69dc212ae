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
  // Two batched loads (the subnet's IP configurations, then their NICs): no query per subnet or per NIC.
  networkInterfaces: async (s, args, ctx) => {
    const configs = await ctx.loaders.ipConfigurationsBySubnet.load(s.id);
    const ids = [...new Set(configs.map((c) => c.networkInterfaceId))];
    const nics = (await ctx.loaders.networkInterface.loadMany(ids)).filter(
      (n): n is Exclude<typeof n, Error | null> => !!n && !(n instanceof Error),
    );
    nics.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return sliceConnection(nics, args);
  },
};
