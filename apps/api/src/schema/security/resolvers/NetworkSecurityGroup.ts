import type { NetworkSecurityGroupResolvers } from '../../../generated/graphql';
import { sliceConnection } from '../../../paging';
import { defaultSecurityRulesOf } from '../../../services/default-rules';
import { shadowedSecurityRules } from '../../../services/shadowed-rules';
import { must, resourceFields, workspaceField } from '../../arm';
import { DIRECTION } from '../../enums';
import { toGraphQLShadowedRule } from './shadowed-rule';

export const NetworkSecurityGroup: NetworkSecurityGroupResolvers = {
  ...resourceFields('Microsoft.Network/networkSecurityGroups'),
  workspace: workspaceField,
  securityRules: async (nsg, args, ctx) => {
    const rules = await ctx.loaders.securityRulesByNetworkSecurityGroup.load(nsg.id);
    const filtered = args.direction ? rules.filter((r) => r.direction === DIRECTION[args.direction!]) : rules;
    return sliceConnection(filtered, args, 100);
  },
  defaultSecurityRules: (nsg) => defaultSecurityRulesOf(nsg),
  subnets: async (nsg, args, ctx) =>
    sliceConnection(await ctx.loaders.subnetsByNetworkSecurityGroup.load(nsg.id), args),
  networkInterfaces: async (nsg, args, ctx) =>
    sliceConnection(await ctx.loaders.networkInterfacesByNetworkSecurityGroup.load(nsg.id), args),
  shadowedRules: async (nsg, _args, ctx) => {
    const ws = must(await ctx.loaders.workspace.load(nsg.workspaceId), 'workspace');
    return (await shadowedSecurityRules(ctx, ws, nsg.armId)).map(toGraphQLShadowedRule);
  },
};
