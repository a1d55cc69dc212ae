import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types from the SDL modules. Parent types of object resolvers are the service layer's row types
// (src/schema/mappers.ts), so resolvers receive what services return.
const config: CodegenConfig = {
  schema: 'src/schema/*/schema.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context#Context',
        useIndexSignature: true,
        enumsAsTypes: true,
        scalars: { JSON: 'unknown' },
        mapperTypeSuffix: 'Model',
        mappers: {
          Workspace: '../schema/mappers#Workspace',
          VirtualNetwork: '../schema/mappers#VirtualNetwork',
          Subnet: '../schema/mappers#Subnet',
          VirtualNetworkPeering: '../schema/mappers#VirtualNetworkPeering',
          NetworkInterface: '../schema/mappers#NetworkInterface',
          IpConfiguration: '../schema/mappers#IpConfiguration',
          VirtualMachine: '../schema/mappers#VirtualMachine',
          ServiceTag: '../schema/mappers#ServiceTag',
          NetworkSecurityGroup: '../schema/mappers#NetworkSecurityGroup',
          SecurityRule: '../schema/mappers#SecurityRule',
          ApplicationSecurityGroup: '../schema/mappers#ApplicationSecurityGroup',
          NetworkManager: '../schema/mappers#NetworkManager',
          NetworkGroup: '../schema/mappers#NetworkGroup',
          SecurityAdminConfiguration: '../schema/mappers#SecurityAdminConfiguration',
          AdminRuleCollection: '../schema/mappers#AdminRuleCollection',
          AdminRule: '../schema/mappers#AdminRule',
          FlowVerdict: '../schema/mappers#FlowVerdict',
          IpOwner: '../schema/mappers#IpOwner',
          Issue: '../errors#IssueDetail',
          Deployment: '../schema/mappers#Deployment',
          NetworkGroupMember: '../schema/mappers#NetworkGroupMember',
          Draft: '../schema/drafts/mappers#Draft',
          SavedCheck: '../schema/checks/mappers#SavedCheck',
          CheckRun: '../schema/checks/mappers#CheckRun',
        },
      },
    },
  },
};

export default config;
