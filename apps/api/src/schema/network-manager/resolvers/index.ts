import type { Resolvers } from '../../../generated/graphql';
import { NetworkManager } from './NetworkManager';
import { NetworkGroup } from './NetworkGroup';
import { NetworkGroupMember } from './NetworkGroupMember';
import { SecurityAdminConfiguration } from './SecurityAdminConfiguration';
import { AdminRuleCollection } from './AdminRuleCollection';
import { AdminRule } from './AdminRule';
import { Deployment } from './Deployment';
import { createNetworkManager } from './Mutation/createNetworkManager';
import { updateNetworkManager } from './Mutation/updateNetworkManager';
import { deleteNetworkManager } from './Mutation/deleteNetworkManager';
import { createNetworkGroup } from './Mutation/createNetworkGroup';
import { updateNetworkGroup } from './Mutation/updateNetworkGroup';
import { deleteNetworkGroup } from './Mutation/deleteNetworkGroup';
import { addNetworkGroupMember } from './Mutation/addNetworkGroupMember';
import { removeNetworkGroupMember } from './Mutation/removeNetworkGroupMember';
import { createSecurityAdminConfiguration } from './Mutation/createSecurityAdminConfiguration';
import { updateSecurityAdminConfiguration } from './Mutation/updateSecurityAdminConfiguration';
import { deleteSecurityAdminConfiguration } from './Mutation/deleteSecurityAdminConfiguration';
import { createAdminRuleCollection } from './Mutation/createAdminRuleCollection';
import { updateAdminRuleCollection } from './Mutation/updateAdminRuleCollection';
import { deleteAdminRuleCollection } from './Mutation/deleteAdminRuleCollection';
import { createAdminRule } from './Mutation/createAdminRule';
import { updateAdminRule } from './Mutation/updateAdminRule';
import { deleteAdminRule } from './Mutation/deleteAdminRule';
import { deployNetworkManagerConfigurations } from './Mutation/deployNetworkManagerConfigurations';

export const networkManagerResolvers: Resolvers = {
  Mutation: {
    createNetworkManager,
    updateNetworkManager,
    deleteNetworkManager,
    createNetworkGroup,
    updateNetworkGroup,
    deleteNetworkGroup,
    addNetworkGroupMember,
    removeNetworkGroupMember,
    createSecurityAdminConfiguration,
    updateSecurityAdminConfiguration,
    deleteSecurityAdminConfiguration,
    createAdminRuleCollection,
    updateAdminRuleCollection,
    deleteAdminRuleCollection,
    createAdminRule,
    updateAdminRule,
    deleteAdminRule,
    deployNetworkManagerConfigurations,
  },
  NetworkManager,
  NetworkGroup,
  NetworkGroupMember,
  SecurityAdminConfiguration,
  AdminRuleCollection,
  AdminRule,
  Deployment,
};
