import type { MutationResolvers } from '../../../../generated/graphql';
import { importAzureResources as importResources } from '../../../../services/import-azure-resources';

export const importAzureResources: MutationResolvers['importAzureResources'] = async (_p, { input }, ctx) => {
  const result = await importResources(ctx, input);
  const warnings = result.warnings.map((w) => ({ ...w, severity: 'WARNING' as const }));
  return { ...result, warnings, issues: result.warnings.map((w) => ({ ...w, path: [w.path] })) };
};
