import type { NetworkManagerResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { resourceFields, workspaceField } from '../../arm';

export const NetworkManager: NetworkManagerResolvers = {
  ...resourceFields('Microsoft.Network/networkManagers'),
  workspace: workspaceField,
  scopeManagementGroups: (m) => m.managementGroups,
  scopeSubscriptions: (m) => m.subscriptions,
  networkGroups: async (m, args, ctx) =>
    sliceConnection(await ctx.loaders.networkGroupsByManager.load(m.id), args),
  securityAdminConfigurations: async (m, args, ctx) =>
    sliceConnection(await ctx.loaders.configurationsByManager.load(m.id), args),
  deployments: (m, _a, ctx) => ctx.loaders.deploymentsByManager.load(m.id),
};
