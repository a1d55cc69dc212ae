import type { QueryResolvers } from '../../../../generated/graphql';
import { unauthenticated } from '../../../../auth/directive';
import { toApiToken, toRole, toUser } from '../shape';

export const me: QueryResolvers['me'] = async (_p, _a, ctx) => {
  if (!ctx.caller) throw unauthenticated();
  const token = await ctx.prisma.apiToken.findUniqueOrThrow({
    where: { id: ctx.caller.tokenId },
    include: { user: { include: { memberships: { include: { workspace: { select: { name: true } } } } } } },
  });
  return {
    user: toUser(token.user),
    isServerAdmin: token.user.isServerAdmin,
    memberships: token.user.memberships
      .map((m) => ({ workspace: m.workspace.name, role: toRole(m.role) }))
      .sort((a, b) => a.workspace.localeCompare(b.workspace)),
    apiToken: toApiToken(token),
  };
};
