import { graphql } from '@/src/gql';

/** Every resource kind for the filterable tables (first 500 of each; totals say when there are more). */
export const ResourceTablesQuery = graphql(`
  query ResourceTables($workspace: String) {
    workspace(name: $workspace) {
      id
      name
      virtualNetworks(first: 500) {
        totalCount
        edges {
          node {
            id
            name
            location
            resourceGroup
            addressPrefixes
            subnets(first: 200) {
              edges {
                node {
                  id
                  name
                  addressPrefixes
                  networkSecurityGroup {
                    id
                    name
                  }
                  ipConfigurations(first: 1) {
                    totalCount
                  }
                }
              }
            }
            virtualNetworkPeerings(first: 200) {
              totalCount
            }
          }
        }
      }
      networkSecurityGroups(first: 500) {
        totalCount
        edges {
          node {
            id
            name
            location
            resourceGroup
            securityRules(first: 1) {
              totalCount
            }
            subnets(first: 1) {
              totalCount
            }
            networkInterfaces(first: 1) {
              totalCount
            }
          }
        }
      }
      applicationSecurityGroups(first: 500) {
        totalCount
        edges {
          node {
            id
            name
            location
            resourceGroup
            ipConfigurations(first: 1) {
              totalCount
            }
          }
        }
      }
      networkInterfaces(first: 500) {
        totalCount
        edges {
          node {
            id
            name
            location
            enableIPForwarding
            networkSecurityGroup {
              id
              name
            }
            virtualMachine {
              id
              name
            }
            ipConfigurations(first: 20) {
              edges {
                node {
                  id
                  privateIPAddress
                }
              }
            }
          }
        }
      }
      virtualMachines(first: 500) {
        totalCount
        edges {
          node {
            id
            name
            location
            resourceGroup
            powerState
            networkInterfaces {
              id
              name
              ipConfigurations(first: 20) {
                edges {
                  node {
                    id
                    privateIPAddress
                  }
                }
              }
            }
          }
        }
      }
      networkManagers(first: 100) {
        totalCount
        edges {
          node {
            id
            name
            resourceGroup
            scopeManagementGroups
            scopeSubscriptions
            networkGroups(first: 1) {
              totalCount
            }
            securityAdminConfigurations(first: 1) {
              totalCount
            }
          }
        }
      }
    }
  }
`);
