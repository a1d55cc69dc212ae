import { graphql } from '@/src/gql';

export const SavedChecksQuery = graphql(`
  query SavedChecks($workspace: String) {
    savedChecks(workspace: $workspace) {
      id
      name
      description
      source
      destination
      protocol
      destinationPorts
      sourcePorts
      expected
      version
      updatedAt
    }
    checkRuns(workspace: $workspace, first: 20) {
      totalCount
      edges {
        node {
          id
          workspaceName
          trigger
          at
          passed
          failed
          results {
            checkId
            name
            passed
            expected
            actual
            evaluatedFlows
            flowsChecked
            message
            decidingRuleName
            decidingRuleId
            decidingFlow {
              ...FlowExampleFields
            }
            method
            counterexample {
              ...FlowExampleFields
            }
          }
        }
      }
    }
  }
`);

export const CreateSavedCheckMutation = graphql(`
  mutation CreateSavedCheck($input: CreateSavedCheckInput!) {
    createSavedCheck(input: $input) {
      savedCheck {
        id
        name
        version
      }
    }
  }
`);

export const UpdateSavedCheckMutation = graphql(`
  mutation UpdateSavedCheck($input: UpdateSavedCheckInput!) {
    updateSavedCheck(input: $input) {
      savedCheck {
        id
        name
        version
      }
    }
  }
`);

export const DeleteSavedCheckMutation = graphql(`
  mutation DeleteSavedCheck($input: DeleteSavedCheckInput!) {
    deleteSavedCheck(input: $input) {
      deletedName
    }
  }
`);

export const RunSavedChecksMutation = graphql(`
  mutation RunSavedChecks($input: RunSavedChecksInput!) {
    runSavedChecks(input: $input) {
      id
      passed
      failed
    }
  }
`);
