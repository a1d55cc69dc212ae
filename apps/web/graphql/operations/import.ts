import { graphql } from '@/src/gql';

export const ImportAzureResourcesMutation = graphql(`
  mutation ImportAzureResources($input: ImportAzureResourcesInput!) {
    importAzureResources(input: $input) {
      importedCount
      workspace {
        id
        name
        modelVersion
        stats {
          virtualNetworks
          subnets
          networkSecurityGroups
          securityRules
          applicationSecurityGroups
          networkInterfaces
          virtualMachines
          networkManagers
          adminRules
        }
      }
      issues {
        code
        path
        message
        resourceId
        severity
      }
    }
  }
`);
