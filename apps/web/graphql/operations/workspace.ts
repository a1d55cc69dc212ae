import { graphql } from '@/src/gql';

/** A workspace's name, model version and counts per kind (the stats strip; the import report). */
export const WorkspaceSummaryFragment = graphql(`
  fragment WorkspaceSummary on Workspace {
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
`);

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
      ...WorkspaceSummary
    }
  }
`);
