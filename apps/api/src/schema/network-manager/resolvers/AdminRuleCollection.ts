import type { AdminRuleCollectionResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { must, resourceFields, workspaceField } from '../../arm';

export const AdminRuleCollection: AdminRuleCollectionResolvers = {
  ...resourceFields('Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections'),
  workspace: workspaceField,
  securityAdminConfiguration: async (rc, _a, ctx) =>
    must(await ctx.loaders.securityAdminConfiguration.load(rc.securityAdminConfigurationId), 'configuration'),
  appliesToGroups: async (rc, _a, ctx) => {
    const links = await ctx.loaders.groupLinksByRuleCollection.load(rc.id);
    const rows = await ctx.loaders.networkGroup.loadMany(links.map((l) => l.networkGroupId));
    return rows.filter((r): r is Exclude<typeof r, Error | null> => !!r && !(r instanceof Error));
  },
  rules: async (rc, args, ctx) =>
    sliceConnection(await ctx.loaders.adminRulesByRuleCollection.load(rc.id), args, 100),
};
