import { graphql } from '@/src/gql';

/** A concrete flow that opens in IP flow verify (saved-check counterexamples, flow-diff examples). */
export const FlowExampleFieldsFragment = graphql(`
  fragment FlowExampleFields on FlowExample {
    targetResourceId
    targetNicResourceId
    direction
    protocol
    localIpAddress
    localPort
    remoteIpAddress
    remotePort
  }
`);

export const VerifyFlowQuery = graphql(`
  query VerifyFlow($input: VerifyFlowInput!) {
    verifyFlow(input: $input) {
      access
      ruleName
      decidedBy
      ruleKind
      ruleId
      networkSecurityGroupId
      adminRuleId
      adminConfigurationId
      networkManagerId
      networkInterfaceId
      notes
      trace(detail: true) {
        layer
        id
        appliedTo
        result
        matchedRule {
          ruleName
          access
          priority
          ruleId
        }
        rules {
          ruleName
          priority
          access
          protocolMatched
          sourceMatched
          sourcePortMatched
          destinationMatched
          destinationPortMatched
          matched
        }
      }
    }
  }
`);

/** Just the answer, for re-running the last verify after a rule edit. */
export const VerifyFlowBriefQuery = graphql(`
  query VerifyFlowBrief($input: VerifyFlowInput!) {
    verifyFlow(input: $input) {
      access
      ruleName
      decidedBy
      networkSecurityGroupId
    }
  }
`);

/**
 * The VM picker's address search (name search is VmSearch): the workspace's VMs with their NIC addresses, filtered
 * in the browser like the Resources table's filter, and, for a whole address, the API's owner of that address (a VM
 * beyond the first 500 is still found).
 */
export const VmAddressFieldsFragment = graphql(`
  fragment VmAddressFields on VirtualMachine {
    id
    name
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
`);

export const VmIpSearchQuery = graphql(`
  query VmIpSearch($workspace: String, $ipAddress: String!, $wholeIp: Boolean!) {
    workspace(name: $workspace) {
      id
      virtualMachines(first: 500) {
        edges {
          node {
            ...VmAddressFields
          }
        }
      }
    }
    ipOwner(workspace: $workspace, ipAddress: $ipAddress) @include(if: $wholeIp) {
      virtualMachine {
        ...VmAddressFields
      }
    }
  }
`);

export const VmSearchQuery = graphql(`
  query VmSearch($workspace: String, $query: String!) {
    searchResources(workspace: $workspace, query: $query, kinds: [VIRTUAL_MACHINE], first: 20) {
      totalCount
      edges {
        node {
          id
          name
          ... on VirtualMachine {
            location
            powerState
            networkInterfaces {
              id
              name
              ipConfigurations(first: 5) {
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

/** The chosen VM's NICs and their IP configurations, to offer NIC and local IP choices. */
export const VerifyTargetQuery = graphql(`
  query VerifyTarget($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      ... on VirtualMachine {
        powerState
        networkInterfaces {
          id
          name
          primary
          ipConfigurations(first: 50) {
            edges {
              node {
                id
                name
                privateIPAddress
                primary
              }
            }
          }
        }
      }
    }
  }
`);
