import type { QueryResolvers } from '../../../../generated/graphql';
import { findWorkspaceByName } from '../../../../services/workspaces';

export const workspace: QueryResolvers['workspace'] = (_p, { name }, ctx) => findWorkspaceByName(ctx, name);
