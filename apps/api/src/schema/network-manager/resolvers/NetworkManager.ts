import type { NetworkManagerResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { shadowedAdminRules } from '../../../services/shadowed-rules';
import { must, resourceFields, workspaceField } from '../../arm';
import { toGraphQLShadowedRule } from '../../security/resolvers/shadowed-rule';

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
  shadowedAdminRules: async (m, _args, ctx) => {
    const ws = must(await ctx.loaders.workspace.load(m.workspaceId), 'workspace');
    return (await shadowedAdminRules(ctx, ws, m.armId)).map(toGraphQLShadowedRule);
  },
};
