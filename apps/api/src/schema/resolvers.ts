/**
 * Every module's resolvers, merged into one map for Apollo.
 */
import type { Resolvers } from '../generated/graphql';
import { auditResolvers } from './audit/resolvers';
import { authResolvers } from './auth/resolvers';
import { checkResolvers } from './checks/resolvers';
import { commonResolvers } from './common/resolvers';
import { diffResolvers } from './diff/resolvers';
import { draftResolvers } from './drafts/resolvers';
import { importResolvers } from './import/resolvers';
import { networkManagerResolvers } from './network-manager/resolvers';
import { searchResolvers } from './search/resolvers';
import { securityResolvers } from './security/resolvers';
import { topologyResolvers } from './topology/resolvers';
import { verifyResolvers } from './verify/resolvers';
import { workspaceResolvers } from './workspace/resolvers';

const modules: Resolvers[] = [
  commonResolvers,
  workspaceResolvers,
  topologyResolvers,
  securityResolvers,
  networkManagerResolvers,
  verifyResolvers,
  searchResolvers,
  importResolvers,
  draftResolvers,
  diffResolvers,
  checkResolvers,
  authResolvers,
  auditResolvers,
];

function merge(list: Resolvers[]): Resolvers {
  const out: Record<string, unknown> = {};
  for (const mod of list) {
    for (const [type, fields] of Object.entries(mod)) {
      const existing = out[type];
      out[type] =
        existing &&
        typeof existing === 'object' &&
        !(fields instanceof Object.getPrototypeOf(Object).constructor)
          ? { ...(existing as object), ...(fields as object) }
          : fields;
    }
  }
  return out as Resolvers;
}

export const resolvers = merge(modules);
