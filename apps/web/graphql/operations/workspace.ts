import { graphql } from '@/src/gql';

export const ApiVersionQuery = graphql(`
  query ApiVersion {
    apiVersion
  }
`);

export const WorkspacesQuery = graphql(`
  query Workspaces {
    workspaces(first: 200) {
      edges {
        node {
          id
          name
          description
        }
      }
    }
  }
`);

export const WorkspaceStatsQuery = graphql(`
  query WorkspaceStats($workspace: String) {
    workspace(name: $workspace) {
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
  }
`);
