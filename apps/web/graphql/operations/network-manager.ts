import { graphql } from '@/src/gql';

export const NetworkManagerPageQuery = graphql(`
  query NetworkManagerPage($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      name
      type
      ... on NetworkManager {
        resourceGroup
        subscriptionId
        scopeManagementGroups
        scopeSubscriptions
        networkGroups(first: 50) {
          edges {
            node {
              id
              name
              memberType
              staticMembers(first: 100) {
                totalCount
                edges {
                  node {
                    resourceId
                    resource {
                      id
                      name
                    }
                  }
                }
              }
            }
          }
        }
        securityAdminConfigurations(first: 10) {
          edges {
            node {
              id
              name
              applyOnNetworkIntentPolicyBasedServices
              deployedRegions
              ruleCollections(first: 10) {
                edges {
                  node {
                    id
                    name
                    appliesToGroups {
                      id
                      name
                    }
                    rules(first: 100) {
                      edges {
                        node {
                          id
                          name
                          kind
                          description
                          access
                          priority
                          direction
                          protocol
                          sources {
                            addressPrefix
                            addressPrefixType
                          }
                          destinations {
                            addressPrefix
                            addressPrefixType
                          }
                          sourcePortRanges
                          destinationPortRanges
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
        deployments {
          region
          deploymentType
          configurationIds
          configurations {
            id
            name
          }
        }
      }
    }
  }
`);

/** Asked apart from NetworkManagerPage (the analysis walks every IP configuration the manager's rules apply to). */
export const NetworkManagerShadowedRulesQuery = graphql(`
  query NetworkManagerShadowedRules($workspace: String, $id: String!) {
    resourceByArmId(workspace: $workspace, armId: $id) {
      __typename
      id
      ... on NetworkManager {
        shadowedAdminRules {
          ...ShadowedRuleFields
        }
      }
    }
  }
`);
