import type { Resolvers } from '../../../generated/graphql';
import { VirtualNetwork } from './VirtualNetwork';
import { Subnet } from './Subnet';
import { VirtualNetworkPeering } from './VirtualNetworkPeering';
import { NetworkInterface } from './NetworkInterface';
import { IpConfiguration } from './IpConfiguration';
import { VirtualMachine } from './VirtualMachine';
import { ServiceTag } from './ServiceTag';
import { Workspace } from './Workspace';
import { createVirtualNetwork } from './Mutation/createVirtualNetwork';
import { updateVirtualNetwork } from './Mutation/updateVirtualNetwork';
import { deleteVirtualNetwork } from './Mutation/deleteVirtualNetwork';
import { createSubnet } from './Mutation/createSubnet';
import { updateSubnet } from './Mutation/updateSubnet';
import { deleteSubnet } from './Mutation/deleteSubnet';
import { createVirtualNetworkPeering } from './Mutation/createVirtualNetworkPeering';
import { updateVirtualNetworkPeering } from './Mutation/updateVirtualNetworkPeering';
import { deleteVirtualNetworkPeering } from './Mutation/deleteVirtualNetworkPeering';
import { createNetworkInterface } from './Mutation/createNetworkInterface';
import { updateNetworkInterface } from './Mutation/updateNetworkInterface';
import { deleteNetworkInterface } from './Mutation/deleteNetworkInterface';
import { createIpConfiguration } from './Mutation/createIpConfiguration';
import { updateIpConfiguration } from './Mutation/updateIpConfiguration';
import { deleteIpConfiguration } from './Mutation/deleteIpConfiguration';
import { createVirtualMachine } from './Mutation/createVirtualMachine';
import { updateVirtualMachine } from './Mutation/updateVirtualMachine';
import { deleteVirtualMachine } from './Mutation/deleteVirtualMachine';
import { setServiceTag } from './Mutation/setServiceTag';
import { deleteServiceTag } from './Mutation/deleteServiceTag';

export const topologyResolvers: Resolvers = {
  Mutation: {
    createVirtualNetwork,
    updateVirtualNetwork,
    deleteVirtualNetwork,
    createSubnet,
    updateSubnet,
    deleteSubnet,
    createVirtualNetworkPeering,
    updateVirtualNetworkPeering,
    deleteVirtualNetworkPeering,
    createNetworkInterface,
    updateNetworkInterface,
    deleteNetworkInterface,
    createIpConfiguration,
    updateIpConfiguration,
    deleteIpConfiguration,
    createVirtualMachine,
    updateVirtualMachine,
    deleteVirtualMachine,
    setServiceTag,
    deleteServiceTag,
  },
  VirtualNetwork,
  Subnet,
  VirtualNetworkPeering,
  NetworkInterface,
  IpConfiguration,
  VirtualMachine,
  ServiceTag,
  Workspace,
};
