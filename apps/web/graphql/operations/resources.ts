import { graphql } from '@/src/gql';

/*
 * One query per resource kind (the tab on screen), each within the API's query-cost budget. Tab counts come from
 * the workspace stats.
 */

export const VmTableQuery = graphql(`
  query VmTable($workspace: String) {
    workspace(name: $workspace) {
      id
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
              ipConfigurations(first: 10) {
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
    }
  }
`);

export const VnetTableQuery = graphql(`
  query VnetTable($workspace: String) {
    workspace(name: $workspace) {
      id
      virtualNetworks(first: 200) {
        totalCount
        edges {
          node {
            id
            name
            location
            resourceGroup
            addressPrefixes
            subnets(first: 100) {
              totalCount
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
            virtualNetworkPeerings(first: 1) {
              totalCount
            }
          }
        }
      }
    }
  }
`);

export const NsgTableQuery = graphql(`
  query NsgTable($workspace: String) {
    workspace(name: $workspace) {
      id
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
    }
  }
`);

export const AsgTableQuery = graphql(`
  query AsgTable($workspace: String) {
    workspace(name: $workspace) {
      id
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
    }
  }
`);

export const NicTableQuery = graphql(`
  query NicTable($workspace: String) {
    workspace(name: $workspace) {
      id
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
            ipConfigurations(first: 10) {
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
  }
`);

export const NetworkManagerTableQuery = graphql(`
  query NetworkManagerTable($workspace: String) {
    workspace(name: $workspace) {
      id
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
