import type { IpConfigurationResolvers } from '../../../generated/graphql';
import { must, resourceFields, workspaceField } from '../../arm';

export const IpConfiguration: IpConfigurationResolvers = {
  ...resourceFields('Microsoft.Network/networkInterfaces/ipConfigurations'),
  workspace: workspaceField,
  privateIPAddressVersion: (c) =>
    c.privateIPAddressVersion ?? (c.privateIPAddress.includes(':') ? 'IPv6' : 'IPv4'),
  networkInterface: async (c, _a, ctx) =>
    must(await ctx.loaders.networkInterface.load(c.networkInterfaceId), 'NIC'),
  subnet: (c, _a, ctx) => ctx.loaders.subnet.load(c.subnetId),
  applicationSecurityGroups: async (c, _a, ctx) => {
    const links = await ctx.loaders.asgLinksByIpConfiguration.load(c.id);
    const asgs = await ctx.loaders.applicationSecurityGroup.loadMany(
      links.map((l) => l.applicationSecurityGroupId),
    );
    return asgs.filter((a): a is Exclude<typeof a, Error | null> => !!a && !(a instanceof Error));
  },
};
