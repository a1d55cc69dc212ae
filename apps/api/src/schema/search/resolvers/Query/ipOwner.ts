import type { QueryResolvers } from '../../../../generated/graphql';
import { findIpOwner } from '../../../../services/find-resources';

export const ipOwner: QueryResolvers['ipOwner'] = (_p, { workspace, ipAddress }, ctx) =>
  findIpOwner(ctx, workspace, ipAddress);
