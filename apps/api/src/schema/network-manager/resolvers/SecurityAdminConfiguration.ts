import type { SecurityAdminConfigurationResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { must, resourceFields, workspaceField } from '../../arm';

export const SecurityAdminConfiguration: SecurityAdminConfigurationResolvers = {
  ...resourceFields('Microsoft.Network/networkManagers/securityAdminConfigurations'),
  workspace: workspaceField,
  networkManager: async (c, _a, ctx) =>
    must(await ctx.loaders.networkManager.load(c.networkManagerId), 'manager'),
  ruleCollections: async (c, args, ctx) =>
    sliceConnection(await ctx.loaders.ruleCollectionsByConfiguration.load(c.id), args),
  deployedRegions: async (c, _a, ctx) => {
    const links = await ctx.loaders.deploymentLinksByConfiguration.load(c.id);
    return [...new Set(links.map((l) => l.networkManagerDeployment.region))].sort();
  },
};
