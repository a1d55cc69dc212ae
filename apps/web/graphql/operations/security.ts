import { graphql } from '@/src/gql';

export const SecurityRuleFieldsFragment = graphql(`
  fragment SecurityRuleFields on SecurityRule {
    id
    name
    version
    isDefault
    description
    priority
    direction
    access
    protocol
    sourceAddressPrefix
    sourceAddressPrefixes
    sourceApplicationSecurityGroups {
      id
      name
    }
    destinationAddressPrefix
    destinationAddressPrefixes
    destinationApplicationSecurityGroups {
      id
      name
    }
    sourcePortRange
    sourcePortRanges
    destinationPortRange
    destinationPortRanges
  }
`);

export const NsgPageQuery = graphql(`
  query NsgPage($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      type
      ... on NetworkSecurityGroup {
        version
        location
        resourceGroup
        subscriptionId
        securityRules(first: 500) {
          totalCount
          edges {
            node {
              ...SecurityRuleFields
            }
          }
        }
        defaultSecurityRules {
          ...SecurityRuleFields
        }
        subnets(first: 200) {
          edges {
            node {
              id
              name
              addressPrefixes
              virtualNetwork {
                id
                name
              }
            }
          }
        }
        networkInterfaces(first: 200) {
          edges {
            node {
              id
              name
              virtualMachine {
                id
                name
              }
            }
          }
        }
      }
    }
    workspace(name: $workspace) {
      id
      applicationSecurityGroups(first: 500) {
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

export const ShadowedRuleFieldsFragment = graphql(`
  fragment ShadowedRuleFields on ShadowedRule {
    ruleName
    name
    ruleId
    priority
    direction
    reason
    shadowedBy {
      layer
      ruleName
      ruleId
      networkSecurityGroupId
      access
      priority
    }
  }
`);

/** Asked apart from NsgPage: the analysis can take seconds on a big NSG, and the page should not wait for it. */
export const NsgShadowedRulesQuery = graphql(`
  query NsgShadowedRules($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      ... on NetworkSecurityGroup {
        shadowedRules {
          ...ShadowedRuleFields
        }
      }
    }
  }
`);

export const CreateSecurityRuleMutation = graphql(`
  mutation CreateSecurityRule($input: CreateSecurityRuleInput!) {
    createSecurityRule(input: $input) {
      securityRule {
        ...SecurityRuleFields
      }
      warnings {
        code
        path
        message
      }
    }
  }
`);

export const UpdateSecurityRuleMutation = graphql(`
  mutation UpdateSecurityRule($input: UpdateSecurityRuleInput!) {
    updateSecurityRule(input: $input) {
      securityRule {
        ...SecurityRuleFields
      }
      warnings {
        code
        path
        message
      }
    }
  }
`);

export const DeleteSecurityRuleMutation = graphql(`
  mutation DeleteSecurityRule($input: DeleteResourceInput!) {
    deleteSecurityRule(input: $input) {
      deletedId
    }
  }
`);

export const ReorderSecurityRulesMutation = graphql(`
  mutation ReorderSecurityRules($input: ReorderSecurityRulesInput!) {
    reorderSecurityRules(input: $input) {
      securityRules {
        ...SecurityRuleFields
      }
    }
  }
`);

export const AsgPageQuery = graphql(`
  query AsgPage($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      type
      ... on ApplicationSecurityGroup {
        location
        resourceGroup
        subscriptionId
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
                virtualMachine {
                  id
                  name
                }
              }
              subnet {
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
