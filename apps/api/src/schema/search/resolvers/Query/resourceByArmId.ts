import type { QueryResolvers } from '../../../../generated/graphql';
import { findResourceByArmId } from '../../../../services/find-resources';

export const resourceByArmId: QueryResolvers['resourceByArmId'] = (_p, { workspace, armId }, ctx) =>
  findResourceByArmId(ctx, workspace, armId) as never;
