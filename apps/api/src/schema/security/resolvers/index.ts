import type { Resolvers } from '../../../generated/graphql';
import { NetworkSecurityGroup } from './NetworkSecurityGroup';
import { SecurityRule } from './SecurityRule';
import { ApplicationSecurityGroup } from './ApplicationSecurityGroup';
import { createNetworkSecurityGroup } from './Mutation/createNetworkSecurityGroup';
import { updateNetworkSecurityGroup } from './Mutation/updateNetworkSecurityGroup';
import { deleteNetworkSecurityGroup } from './Mutation/deleteNetworkSecurityGroup';
import { createSecurityRule } from './Mutation/createSecurityRule';
import { updateSecurityRule } from './Mutation/updateSecurityRule';
import { deleteSecurityRule } from './Mutation/deleteSecurityRule';
import { reorderSecurityRules } from './Mutation/reorderSecurityRules';
import { associateNetworkSecurityGroup } from './Mutation/associateNetworkSecurityGroup';
import { dissociateNetworkSecurityGroup } from './Mutation/dissociateNetworkSecurityGroup';
import { createApplicationSecurityGroup } from './Mutation/createApplicationSecurityGroup';
import { updateApplicationSecurityGroup } from './Mutation/updateApplicationSecurityGroup';
import { deleteApplicationSecurityGroup } from './Mutation/deleteApplicationSecurityGroup';
import { addApplicationSecurityGroupMember } from './Mutation/addApplicationSecurityGroupMember';
import { removeApplicationSecurityGroupMember } from './Mutation/removeApplicationSecurityGroupMember';

export const securityResolvers: Resolvers = {
  Mutation: {
    createNetworkSecurityGroup,
    updateNetworkSecurityGroup,
    deleteNetworkSecurityGroup,
    createSecurityRule,
    updateSecurityRule,
    deleteSecurityRule,
    reorderSecurityRules,
    associateNetworkSecurityGroup,
    dissociateNetworkSecurityGroup,
    createApplicationSecurityGroup,
    updateApplicationSecurityGroup,
    deleteApplicationSecurityGroup,
    addApplicationSecurityGroupMember,
    removeApplicationSecurityGroupMember,
  },
  NetworkSecurityGroup,
  SecurityRule,
  ApplicationSecurityGroup,
};
