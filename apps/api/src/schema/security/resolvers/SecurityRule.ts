import type { SecurityRuleResolvers } from '../../../generated/graphql';
import type { Context } from '../../../context';
import { must } from '../../arm';
import { toGraphQLEnum } from '../../enums';

const asgsOn =
  (side: 'Source' | 'Destination') =>
  async (rule: { id: string; isDefault?: boolean }, _a: unknown, ctx: Context) => {
    if (rule.isDefault) return [];
    const links = (await ctx.loaders.asgLinksBySecurityRule.load(rule.id)).filter((l) => l.side === side);
    const rows = await ctx.loaders.applicationSecurityGroup.loadMany(
      links.map((l) => l.applicationSecurityGroupId),
    );
    return rows.filter((r): r is Exclude<typeof r, Error | null> => !!r && !(r instanceof Error));
  };

export const SecurityRule: SecurityRuleResolvers = {
  id: (r) => r.armId,
  isDefault: (r) => r.isDefault === true,
  direction: (r) => toGraphQLEnum(r.direction),
  access: (r) => toGraphQLEnum(r.access),
  protocol: (r) => toGraphQLEnum(r.protocol),
  sourceApplicationSecurityGroups: asgsOn('Source'),
  destinationApplicationSecurityGroups: asgsOn('Destination'),
  networkSecurityGroup: async (r, _a, ctx) =>
    must(await ctx.loaders.networkSecurityGroup.load(r.networkSecurityGroupId), 'NSG'),
};
