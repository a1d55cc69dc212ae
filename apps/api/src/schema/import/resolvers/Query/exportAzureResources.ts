import type { QueryResolvers } from '../../../../generated/graphql';
import { exportAzureResources as exportResources } from '../../../../services/export-azure-resources';

export const exportAzureResources: QueryResolvers['exportAzureResources'] = (_p, args, ctx) =>
  exportResources(ctx, args);
