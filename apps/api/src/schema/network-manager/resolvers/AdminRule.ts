import type { AdminRuleResolvers } from '../../../generated/graphql';
import type { Context } from '../../../context';
import { must, resourceFields, workspaceField } from '../../arm';
import { toGraphQLEnum } from '../../enums';

const side = (s: 'Source' | 'Destination') => async (rule: { id: string }, _a: unknown, ctx: Context) =>
  (await ctx.loaders.addressesByAdminRule.load(rule.id))
    .filter((a) => a.side === s)
    .map((a) => ({ addressPrefix: a.addressPrefix, addressPrefixType: toGraphQLEnum(a.addressPrefixType) }));

export const AdminRule: AdminRuleResolvers = {
  ...resourceFields('Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules'),
  workspace: workspaceField,
  kind: (r) => toGraphQLEnum(r.kind),
  access: (r) => toGraphQLEnum(r.access),
  direction: (r) => toGraphQLEnum(r.direction),
  protocol: (r) => toGraphQLEnum(r.protocol),
  sources: side('Source'),
  destinations: side('Destination'),
  ruleCollection: async (r, _a, ctx) =>
    must(await ctx.loaders.adminRuleCollection.load(r.adminRuleCollectionId), 'rule collection'),
};
