import type { SavedCheckResolvers } from '../../../generated/graphql';

export const SavedCheck: SavedCheckResolvers = {
  protocol: (c) => (c.protocol === 'Any' ? 'ANY' : (c.protocol as 'TCP' | 'UDP')),
  expected: (c) => (c.expected === 'Allow' ? 'ALLOW' : 'DENY'),
  createdAt: (c) => c.createdAt.toISOString(),
  updatedAt: (c) => c.updatedAt.toISOString(),
};
