import { graphql } from '@/src/gql';

/** A deciding rule on one side of a verdict change (layer, rule, its NSG or admin rule). */
export const DiffRuleFieldsFragment = graphql(`
  fragment DiffRuleFields on DiffRule {
    layer
    ruleName
    networkSecurityGroupId
    adminRuleId
    access
    side
  }
`);

export const FlowDiffVerdictFieldsFragment = graphql(`
  fragment FlowDiffVerdictFields on FlowDiffVerdict {
    access
    ruleName
    error
  }
`);

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
              ...DiffRuleFields
            }
            rulesAfter {
              ...DiffRuleFields
            }
          }
          example {
            ...FlowExampleFields
          }
          before {
            ...FlowDiffVerdictFields
          }
          after {
            ...FlowDiffVerdictFields
          }
        }
      }
    }
  }
`);
