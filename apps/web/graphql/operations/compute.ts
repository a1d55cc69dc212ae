import { graphql } from '@/src/gql';

export const NicFieldsFragment = graphql(`
  fragment NicFields on NetworkInterface {
    id
    name
    primary
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
    ipConfigurations(first: 50) {
      edges {
        node {
          id
          name
          privateIPAddress
          privateIPAddressVersion
          primary
          subnet {
            id
            name
            addressPrefixes
            networkSecurityGroup {
              id
              name
            }
            virtualNetwork {
              id
              name
            }
          }
          applicationSecurityGroups {
            id
            name
          }
        }
      }
    }
  }
`);

export const VmPageQuery = graphql(`
  query VmPage($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      type
      ... on VirtualMachine {
        location
        resourceGroup
        subscriptionId
        powerState
        networkInterfaces {
          ...NicFields
        }
      }
    }
  }
`);

export const NicPageQuery = graphql(`
  query NicPage($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      type
      ... on NetworkInterface {
        resourceGroup
        subscriptionId
        ...NicFields
      }
    }
  }
`);

export const EffectiveRulesQuery = graphql(`
  query EffectiveRules($workspace: String, $nic: String!) {
    effectiveSecurityRules(workspace: $workspace, networkInterfaceId: $nic) {
      layer
      sourceId
      ruleName
      ruleKind
      direction
      priority
      access
      protocol
      sourceAddressPrefixes
      expandedSourceAddressPrefixes
      sourcePortRanges
      destinationAddressPrefixes
      expandedDestinationAddressPrefixes
      destinationPortRanges
    }
  }
`);

export const VnetPageQuery = graphql(`
  query VnetPage($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      type
      ... on VirtualNetwork {
        location
        resourceGroup
        subscriptionId
        addressPrefixes
        extraVirtualNetworkPrefixes
        adminRulesExempt
        subnets(first: 200) {
          edges {
            node {
              id
              name
              addressPrefixes
              adminRulesExempt
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
          edges {
            node {
              id
              name
              remoteVirtualNetworkId
              remoteVirtualNetwork {
                id
                name
              }
              remoteAddressPrefixes
              allowVirtualNetworkAccess
              peeringState
            }
          }
        }
      }
    }
  }
`);

export const SubnetPageQuery = graphql(`
  query SubnetPage($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      type
      ... on Subnet {
        addressPrefixes
        adminRulesExempt
        virtualNetwork {
          id
          name
          addressPrefixes
        }
        networkSecurityGroup {
          id
          name
        }
        ipConfigurations(first: 500) {
          totalCount
          edges {
            node {
              id
              name
              privateIPAddress
              networkInterface {
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
`);
