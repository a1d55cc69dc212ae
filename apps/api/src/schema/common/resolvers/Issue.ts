import type { IssueResolvers } from '../../../generated/graphql';

export const Issue: IssueResolvers = {
  path: (issue) => issue.path.map(String),
  severity: (issue) =>
    (issue.severity as string | undefined)?.toUpperCase() === 'WARNING' ? 'WARNING' : 'ERROR',
};
