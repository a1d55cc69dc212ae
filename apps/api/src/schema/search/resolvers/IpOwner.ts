import type { IpOwnerResolvers } from '../../../generated/graphql';

export const IpOwner: IpOwnerResolvers = {
  kind: (o) =>
    o.ipConfiguration
      ? 'IP_CONFIGURATION'
      : o.subnets.length
        ? 'SUBNET'
        : o.virtualNetworks.length
          ? 'VIRTUAL_NETWORK'
          : 'NONE',
  networkInterface: (o, _a, ctx) =>
    o.ipConfiguration ? ctx.loaders.networkInterface.load(o.ipConfiguration.networkInterfaceId) : null,
  virtualMachine: async (o, _a, ctx) => {
    if (!o.ipConfiguration) return null;
    const nic = await ctx.loaders.networkInterface.load(o.ipConfiguration.networkInterfaceId);
    return nic?.virtualMachineId ? ctx.loaders.virtualMachine.load(nic.virtualMachineId) : null;
  },
};
