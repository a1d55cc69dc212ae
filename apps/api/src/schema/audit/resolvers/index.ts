import type { Resolvers } from '../../../generated/graphql';
import { auditEntries } from './Query/auditEntries';

export const auditResolvers: Resolvers = { Query: { auditEntries } };
