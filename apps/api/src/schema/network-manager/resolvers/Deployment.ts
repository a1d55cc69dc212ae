import type { DeploymentResolvers } from '../../../generated/graphql';

export const Deployment: DeploymentResolvers = {
  deploymentType: (d) => d.deploymentType,
  configurations: async (d, _a, ctx) => {
    const links = await ctx.loaders.configurationLinksByDeployment.load(d.id);
    const rows = await ctx.loaders.securityAdminConfiguration.loadMany(
      links.map((l) => l.securityAdminConfigurationId),
    );
    return rows.filter((r): r is Exclude<typeof r, Error | null> => !!r && !(r instanceof Error));
  },
};
