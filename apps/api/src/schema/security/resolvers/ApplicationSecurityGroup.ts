import type { ApplicationSecurityGroupResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { resourceFields, workspaceField } from '../../arm';

export const ApplicationSecurityGroup: ApplicationSecurityGroupResolvers = {
  ...resourceFields('Microsoft.Network/applicationSecurityGroups'),
  workspace: workspaceField,
  ipConfigurations: async (asg, args, ctx) => {
    const links = await ctx.loaders.ipConfigurationLinksByAsg.load(asg.id);
    const rows = await ctx.loaders.ipConfiguration.loadMany(links.map((l) => l.ipConfigurationId));
    const configs = rows.filter((r): r is Exclude<typeof r, Error | null> => !!r && !(r instanceof Error));
    return sliceConnection(configs, args);
  },
};
