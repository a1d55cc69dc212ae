import type { QueryResolvers } from '../../../../generated/graphql';
import { toConnection, toWindow } from '../../../../paging';
import { searchResources as search } from '../../../../services/find-resources';

export const searchResources: QueryResolvers['searchResources'] = async (_p, args, ctx) => {
  const window = toWindow(args, 20);
  const { rows, total } = await search(ctx, args, window);
  return toConnection(rows, total, window) as never;
};
