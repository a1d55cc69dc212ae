/**
 * exportAzureResources: a workspace's model as ARM REST JSON, `{ "value": [...] }` with `properties` nested, in the
 * shape `importAzureResources` reads, so export → import into an empty workspace gives the same model.
 *
 * Order: VNets (subnets, peerings nested), NSGs (custom rules nested), ASGs, NICs (IP configurations nested), VMs,
 * network managers (groups with static members, security admin configurations with rule collections and rules,
 * deployments), then one `Microsoft.Network/serviceTags` object holding the user service tags as `values[]`.
 * flowverify's own fields ride along in `properties`: `extraVirtualNetworkPrefixes` and `adminRulesExempt`.
 */
import type { NetworkInput } from '@flowverify/engine';
import type { PrismaClient } from '../db';
import { ARM_TYPES } from '../import/resource-kinds';
import type { ServiceDeps } from './deps';
import { loadNetwork } from './load-network';
import { requireWorkspace } from './workspaces';

type Json = Record<string, unknown>;

export interface AzureExport {
  value: Json[];
}

export async function exportAzureResources(
  deps: ServiceDeps,
  input: { workspace?: string | null },
): Promise<AzureExport> {
  const workspace = await requireWorkspace(deps, input.workspace);
  return exportWorkspace(deps.prisma, workspace.id);
}

/** The export of one workspace by id (seed, scripts, tests). */
export async function exportWorkspace(prisma: PrismaClient, workspaceId: string): Promise<AzureExport> {
  const { input } = await loadNetwork(prisma, workspaceId);
  return networkToArm(input);
}

const RESERVED_EXEMPT_SUBNETS =
  /^(gatewaysubnet|azurebastionsubnet|azurefirewallsubnet|azurefirewallmanagementsubnet|routeserversubnet)$/i;

/** Engine input → ARM REST JSON. Pure. */
export function networkToArm(input: NetworkInput): AzureExport {
  const value: Json[] = [];
  const ids = (list: string[] | undefined) => (list ?? []).map((id) => ({ id }));
  const reference = (id: string | null | undefined) => (id ? { networkSecurityGroup: { id } } : {});

  for (const vnet of input.virtualNetworks) {
    value.push({
      id: vnet.id,
      name: vnet.name,
      type: ARM_TYPES.virtualNetwork,
      location: vnet.location,
      properties: {
        addressSpace: { addressPrefixes: vnet.addressPrefixes },
        subnets: vnet.subnets.map((s) => ({
          id: s.id,
          name: s.name,
          type: ARM_TYPES.subnet,
          properties: {
            ...(s.addressPrefixes.length === 1
              ? { addressPrefix: s.addressPrefixes[0] }
              : { addressPrefixes: s.addressPrefixes }),
            ...reference(s.networkSecurityGroupId),
            ...(s.adminRulesExempt || RESERVED_EXEMPT_SUBNETS.test(s.name)
              ? { adminRulesExempt: s.adminRulesExempt ?? false }
              : {}),
          },
        })),
        virtualNetworkPeerings: vnet.virtualNetworkPeerings.map((p) => ({
          id: p.id,
          name: p.name,
          type: ARM_TYPES.virtualNetworkPeering,
          properties: {
            ...(p.remoteVirtualNetworkId ? { remoteVirtualNetwork: { id: p.remoteVirtualNetworkId } } : {}),
            remoteAddressSpace: { addressPrefixes: p.remoteAddressPrefixes },
            allowVirtualNetworkAccess: p.allowVirtualNetworkAccess,
            peeringState: p.peeringState,
          },
        })),
        ...(vnet.extraVirtualNetworkPrefixes?.length
          ? { extraVirtualNetworkPrefixes: vnet.extraVirtualNetworkPrefixes }
          : {}),
        ...(vnet.adminRulesExempt ? { adminRulesExempt: true } : {}),
      },
    });
  }

  for (const nsg of input.networkSecurityGroups) {
    value.push({
      id: nsg.id,
      name: nsg.name,
      type: ARM_TYPES.networkSecurityGroup,
      ...(nsg.location ? { location: nsg.location } : {}),
      properties: {
        securityRules: nsg.securityRules.map((r) => ({
          id: r.id,
          name: r.name,
          type: ARM_TYPES.securityRule,
          properties: {
            ...(r.description ? { description: r.description } : {}),
            protocol: r.protocol,
            sourcePortRange: r.sourcePortRange ?? undefined,
            sourcePortRanges: r.sourcePortRanges ?? [],
            destinationPortRange: r.destinationPortRange ?? undefined,
            destinationPortRanges: r.destinationPortRanges ?? [],
            sourceAddressPrefix: r.sourceAddressPrefix ?? undefined,
            sourceAddressPrefixes: r.sourceAddressPrefixes ?? [],
            sourceApplicationSecurityGroups: ids(r.sourceApplicationSecurityGroupIds),
            destinationAddressPrefix: r.destinationAddressPrefix ?? undefined,
            destinationAddressPrefixes: r.destinationAddressPrefixes ?? [],
            destinationApplicationSecurityGroups: ids(r.destinationApplicationSecurityGroupIds),
            access: r.access,
            priority: r.priority,
            direction: r.direction,
          },
        })),
      },
    });
  }

  for (const asg of input.applicationSecurityGroups) {
    value.push({
      id: asg.id,
      name: asg.name,
      type: ARM_TYPES.applicationSecurityGroup,
      ...(asg.location ? { location: asg.location } : {}),
      properties: {},
    });
  }

  for (const nic of input.networkInterfaces) {
    value.push({
      id: nic.id,
      name: nic.name,
      type: ARM_TYPES.networkInterface,
      ...(nic.location ? { location: nic.location } : {}),
      properties: {
        enableIPForwarding: nic.enableIPForwarding,
        ...reference(nic.networkSecurityGroupId),
        ipConfigurations: nic.ipConfigurations.map((c) => ({
          id: c.id,
          name: c.name,
          type: ARM_TYPES.ipConfiguration,
          properties: {
            privateIPAddress: c.privateIPAddress,
            ...(c.privateIPAddressVersion ? { privateIPAddressVersion: c.privateIPAddressVersion } : {}),
            primary: c.primary,
            subnet: { id: c.subnetId },
            applicationSecurityGroups: ids(c.applicationSecurityGroupIds),
          },
        })),
      },
    });
  }

  for (const vm of input.virtualMachines) {
    value.push({
      id: vm.id,
      name: vm.name,
      type: ARM_TYPES.virtualMachine,
      location: vm.location,
      properties: {
        networkProfile: {
          networkInterfaces: vm.networkInterfaces.map((n) => ({
            id: n.id,
            properties: { primary: n.primary },
          })),
        },
        ...(vm.powerState ? { instanceView: { statuses: [{ code: `PowerState/${vm.powerState}` }] } } : {}),
      },
    });
  }

  for (const manager of input.networkManagers ?? []) {
    value.push({
      id: manager.id,
      name: manager.name,
      type: ARM_TYPES.networkManager,
      properties: {
        networkManagerScopes: manager.scope,
        networkGroups: manager.networkGroups.map((g) => ({
          id: g.id,
          name: g.name,
          type: ARM_TYPES.networkGroup,
          properties: {
            ...(g.description ? { description: g.description } : {}),
            memberType: g.memberType,
            staticMembers: g.staticMemberIds.map((resourceId) => ({ properties: { resourceId } })),
          },
        })),
        securityAdminConfigurations: manager.securityAdminConfigurations.map((c) => ({
          id: c.id,
          name: c.name,
          type: ARM_TYPES.securityAdminConfiguration,
          properties: {
            ...(c.description ? { description: c.description } : {}),
            applyOnNetworkIntentPolicyBasedServices: [c.applyOnNetworkIntentPolicyBasedServices ?? 'None'],
            ruleCollections: c.ruleCollections.map((rc) => ({
              id: rc.id,
              name: rc.name,
              type: ARM_TYPES.ruleCollection,
              properties: {
                appliesToGroups: rc.appliesToGroupIds.map((networkGroupId) => ({ networkGroupId })),
                rules: rc.rules.map((r) => ({
                  id: r.id,
                  name: r.name,
                  type: ARM_TYPES.adminRule,
                  kind: r.kind,
                  properties: {
                    ...(r.description ? { description: r.description } : {}),
                    access: r.access,
                    priority: r.priority,
                    direction: r.direction,
                    protocol: r.protocol,
                    sources: r.sources,
                    destinations: r.destinations,
                    sourcePortRanges: r.sourcePortRanges,
                    destinationPortRanges: r.destinationPortRanges,
                  },
                })),
              },
            })),
          },
        })),
        deployments: manager.deployments.map((d) => ({
          region: d.region,
          deploymentType: d.deploymentType,
          deploymentStatus: 'Deployed',
          configurationIds: d.configurationIds,
        })),
      },
    });
  }

  if (input.serviceTags?.length) {
    value.push({
      type: ARM_TYPES.serviceTag,
      name: 'flowverify-user-service-tags',
      values: input.serviceTags.map((t) => ({
        name: t.name,
        id: t.name,
        properties: { addressPrefixes: t.addressPrefixes },
      })),
    });
  }
  return JSON.parse(JSON.stringify({ value })) as AzureExport; // drops the undefined fields
}
