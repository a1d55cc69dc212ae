import { graphql } from '@/src/gql';

/** VNets with subnets (and their NSGs) and peerings: one page of VNets. */
export const TopologyNetworksQuery = graphql(`
  query TopologyNetworks($workspace: String, $after: String) {
    workspace(name: $workspace) {
      id
      virtualNetworks(first: 200, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            name
            location
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
                }
              }
            }
            virtualNetworkPeerings(first: 200) {
              edges {
                node {
                  id
                  name
                  remoteVirtualNetworkId
                  peeringState
                }
              }
            }
          }
        }
      }
    }
  }
`);

/** NICs with IPs, subnet, ASGs, NSG and VM: one page. */
export const TopologyNicsQuery = graphql(`
  query TopologyNics($workspace: String, $after: String) {
    workspace(name: $workspace) {
      id
      networkInterfaces(first: 500, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            name
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
                  subnet {
                    id
                  }
                  applicationSecurityGroups {
                    id
                    name
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

export const TopologyVmsQuery = graphql(`
  query TopologyVms($workspace: String, $after: String) {
    workspace(name: $workspace) {
      id
      virtualMachines(first: 500, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            name
          }
        }
      }
    }
  }
`);
