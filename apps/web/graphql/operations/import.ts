import { graphql } from '@/src/gql';

export const ImportAzureResourcesMutation = graphql(`
  mutation ImportAzureResources($input: ImportAzureResourcesInput!) {
    importAzureResources(input: $input) {
      importedCount
      counts {
        kind
        created
        updated
        unchanged
      }
      skipped {
        type
        count
      }
      warnings {
        code
        path
        resourceId
        message
        severity
      }
      workspace {
        ...WorkspaceSummary
      }
    }
  }
`);
