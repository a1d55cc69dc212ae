import type { NetworkInterfaceResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { resourceFields, workspaceField } from '../../arm';

export const NetworkInterface: NetworkInterfaceResolvers = {
  ...resourceFields('Microsoft.Network/networkInterfaces'),
  workspace: workspaceField,
  networkSecurityGroup: (n, _a, ctx) =>
    n.networkSecurityGroupId ? ctx.loaders.networkSecurityGroup.load(n.networkSecurityGroupId) : null,
  ipConfigurations: async (n, args, ctx) =>
    sliceConnection(await ctx.loaders.ipConfigurationsByNetworkInterface.load(n.id), args),
  virtualMachine: (n, _a, ctx) =>
    n.virtualMachineId ? ctx.loaders.virtualMachine.load(n.virtualMachineId) : null,
  primary: (n) => Boolean(n.virtualMachineId) && n.primary,
};
