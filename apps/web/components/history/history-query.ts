import { graphql } from '@/src/gql';

/**
 * One page of a workspace's history, newest first. `armIdPrefix` narrows it to a resource and its parts (an NSG and
 * its rules; entries whose mutation input named the resource, e.g. an NSG association under the subnet) on the
 * server, so a resource tab pages through its own entries only.
 */
export const HistoryEntriesQuery = graphql(`
  query HistoryEntries(
    $workspace: String
    $armIdPrefix: String
    $actorName: String
    $from: String
    $to: String
    $first: Int
    $after: String
  ) {
    auditEntries(
      workspace: $workspace
      armIdPrefix: $armIdPrefix
      actorName: $actorName
      from: $from
      to: $to
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          at
          workspace
          actorName
          action
          resourceType
          resourceId
          resourceArmId
          before
          after
          details
        }
      }
    }
  }
`);
