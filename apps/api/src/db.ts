/**
 * The API's view of @flowverify/db: the client type and row types, re-exported in one place.
 */
export type {
  PrismaClient,
  Prisma,
  Workspace,
  VirtualNetwork,
  VirtualNetworkPeering,
  Subnet,
  NetworkInterface,
  IpConfiguration,
  VirtualMachine,
  ApplicationSecurityGroup,
  NetworkSecurityGroup,
  SecurityRule,
  SecurityRuleApplicationSecurityGroup,
  IpConfigurationApplicationSecurityGroup,
  ServiceTag,
  NetworkManager,
  NetworkGroup,
  NetworkGroupStaticMember,
  SecurityAdminConfiguration,
  AdminRuleCollection,
  AdminRuleCollectionNetworkGroup,
  AdminRule,
  AdminRuleAddress,
  NetworkManagerDeployment,
  NetworkManagerDeploymentConfiguration,
} from '@flowverify/db';

import type { PrismaClient } from '@flowverify/db';

/** The client inside an interactive transaction. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
