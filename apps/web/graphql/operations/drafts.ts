import { graphql } from '@/src/gql';

export const DraftsQuery = graphql(`
  query Drafts($workspace: String) {
    drafts(workspace: $workspace) {
      name
      workspaceName
      createdAt
      createdBy
      baseVersion
      baseCurrentVersion
      modelVersion
    }
  }
`);

export const DraftQuery = graphql(`
  query Draft($workspace: String, $name: String!) {
    draft(workspace: $workspace, name: $name) {
      name
      workspaceName
      createdAt
      createdBy
      baseVersion
      baseCurrentVersion
      modelVersion
      changes {
        armId
        kind
        name
        change
        before
        after
      }
    }
  }
`);

export const CreateDraftMutation = graphql(`
  mutation CreateDraft($input: CreateDraftInput!) {
    createDraft(input: $input) {
      draft {
        name
        workspaceName
      }
    }
  }
`);

export const ApplyDraftMutation = graphql(`
  mutation ApplyDraft($input: DraftRefInput!) {
    applyDraft(input: $input) {
      workspace {
        id
        name
        modelVersion
      }
      applied {
        armId
        change
      }
      checkRun {
        id
        passed
        failed
      }
    }
  }
`);

export const DiscardDraftMutation = graphql(`
  mutation DiscardDraft($input: DraftRefInput!) {
    discardDraft(input: $input) {
      discardedName
    }
  }
`);

export const FlowDiffQuery = graphql(`
  query FlowDiff($input: FlowDiffInput!) {
    flowDiff(input: $input) {
      totalCount
      summary
      newlyAllowed
      newlyDenied
      notComparable
      rangeDiffAvailable
      truncated
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          change
          description
          range {
            protocol
            source
            destination
            sourceAddresses
            destinationAddresses
            sourcePorts
            destinationPorts
            rulesBefore {
              layer
              ruleName
              networkSecurityGroupId
              adminRuleId
              access
              side
            }
            rulesAfter {
              layer
              ruleName
              networkSecurityGroupId
              adminRuleId
              access
              side
            }
          }
          example {
            targetResourceId
            targetNicResourceId
            direction
            protocol
            localIpAddress
            localPort
            remoteIpAddress
            remotePort
          }
          before {
            access
            ruleName
            error
          }
          after {
            access
            ruleName
            error
          }
        }
      }
    }
  }
`);
