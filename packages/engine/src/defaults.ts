/** The six default security rules every NSG holds (azure-semantics §3), with their ARM names and descriptions. */
import type { AddressAtom, SecurityRule } from './model';

const ANY: AddressAtom[] = [{ kind: 'any' }];
const VNET: AddressAtom[] = [{ kind: 'tag', tag: 'VirtualNetwork' }];
const ALL_PORTS = [{ from: 0, to: 65535 }];

function rule(
  name: string,
  direction: 'Inbound' | 'Outbound',
  priority: number,
  source: [AddressAtom[], string],
  destination: [AddressAtom[], string],
  access: 'Allow' | 'Deny',
  description: string,
): SecurityRule {
  return Object.freeze({
    id: null,
    name,
    description,
    kind: 'default',
    priority,
    direction,
    access,
    protocol: '*',
    source: source[0],
    destination: destination[0],
    sourcePorts: ALL_PORTS,
    destinationPorts: ALL_PORTS,
    sourceAddressPrefixes: [source[1]],
    destinationAddressPrefixes: [destination[1]],
    sourcePortRanges: ['*'],
    destinationPortRanges: ['*'],
  }) as SecurityRule;
}

/** The defaults as ARM stores them (`*` for any address/port). Frozen data; for display and evaluation. */
export const DEFAULT_SECURITY_RULES: readonly SecurityRule[] = Object.freeze([
  rule(
    'AllowVnetInBound',
    'Inbound',
    65000,
    [VNET, 'VirtualNetwork'],
    [VNET, 'VirtualNetwork'],
    'Allow',
    'Allow inbound traffic from all VMs in VNET',
  ),
  rule(
    'AllowAzureLoadBalancerInBound',
    'Inbound',
    65001,
    [[{ kind: 'tag', tag: 'AzureLoadBalancer' }], 'AzureLoadBalancer'],
    [ANY, '*'],
    'Allow',
    'Allow inbound traffic from azure load balancer',
  ),
  rule('DenyAllInBound', 'Inbound', 65500, [ANY, '*'], [ANY, '*'], 'Deny', 'Deny all inbound traffic'),
  rule(
    'AllowVnetOutBound',
    'Outbound',
    65000,
    [VNET, 'VirtualNetwork'],
    [VNET, 'VirtualNetwork'],
    'Allow',
    'Allow outbound traffic from all VMs to all VMs in VNET',
  ),
  rule(
    'AllowInternetOutBound',
    'Outbound',
    65001,
    [ANY, '*'],
    [[{ kind: 'tag', tag: 'Internet' }], 'Internet'],
    'Allow',
    'Allow outbound traffic from all VMs to Internet',
  ),
  rule('DenyAllOutBound', 'Outbound', 65500, [ANY, '*'], [ANY, '*'], 'Deny', 'Deny all outbound traffic'),
]);

/** Legacy names older docs show for the deny-all defaults (§3); accepted as aliases, never emitted. */
export const LEGACY_DEFAULT_RULE_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  DefaultInboundDenyAll: 'DenyAllInBound',
  DefaultOutboundDenyAll: 'DenyAllOutBound',
});
