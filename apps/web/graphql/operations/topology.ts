import { graphql } from '@/src/gql';

/** The workspace's identity and model version: the key the laid-out topology is cached under (cheap). */
export const TopologyVersionQuery = graphql(`
  query TopologyVersion($workspace: String) {
    workspace(name: $workspace) {
      id
      modelVersion
    }
  }
`);

/** Everything the topology graph draws, in one read (Workspace.topology: flat lists, ARM ids, one snapshot). */
export const TopologyQuery = graphql(`
  query Topology($workspace: String) {
    workspace(name: $workspace) {
      id
      topology {
        modelVersion
        virtualNetworks {
          id
          name
          addressPrefixes
          subnets {
            id
            name
            addressPrefixes
            networkSecurityGroup {
              id
              name
            }
          }
          peerings {
            name
            remoteVirtualNetworkId
            peeringState
          }
        }
        networkInterfaces {
          id
          name
          networkSecurityGroup {
            id
            name
          }
          virtualMachineId
          ipConfigurations {
            privateIPAddress
            subnetId
            applicationSecurityGroups {
              id
              name
            }
          }
        }
        virtualMachines {
          id
          name
        }
      }
    }
  }
`);
