/**
 * Azure spelling (database, engine) ⇄ GraphQL enum values.
 */
/** Typed `never` so the result fits whichever generated enum type the resolver returns. */
export function toGraphQLEnum(value: string): never {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase() as never;
}

export const DIRECTION = { INBOUND: 'Inbound', OUTBOUND: 'Outbound' } as const;
export const ACCESS = { ALLOW: 'Allow', DENY: 'Deny' } as const;
export const ADMIN_ACCESS = { ALLOW: 'Allow', DENY: 'Deny', ALWAYS_ALLOW: 'AlwaysAllow' } as const;
/** NSG rules: the client calls `*` `Any`. */
export const PROTOCOL = { TCP: 'Tcp', UDP: 'Udp', ICMP: 'Icmp', ESP: 'Esp', AH: 'Ah', ANY: 'Any' } as const;
export const ADDRESS_PREFIX_TYPE = {
  IP_PREFIX: 'IPPrefix',
  SERVICE_TAG: 'ServiceTag',
  NETWORK_GROUP: 'NetworkGroup',
} as const;
export const MEMBER_TYPE = { VIRTUAL_NETWORK: 'VirtualNetwork', SUBNET: 'Subnet' } as const;
export const ADMIN_KIND = { CUSTOM: 'Custom', DEFAULT: 'Default' } as const;
