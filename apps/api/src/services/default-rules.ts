/**
 * The six default rules of an NSG, as rows shaped like custom rules (synthesised from the engine's list).
 */
import type { NetworkSecurityGroup, SecurityRule } from '../db';
import { DEFAULT_SECURITY_RULES } from '../engine';

export function defaultSecurityRulesOf(nsg: NetworkSecurityGroup): (SecurityRule & { isDefault: true })[] {
  return DEFAULT_SECURITY_RULES.map((d) => {
    const single = (list: string[]) => (list.length === 1 ? list[0]! : null);
    const plural = (list: string[]) => (list.length === 1 ? [] : list);
    return {
      id: `${nsg.id}:default:${d.name}`,
      workspaceId: nsg.workspaceId,
      armId: `${nsg.armId}/defaultSecurityRules/${d.name}`,
      networkSecurityGroupId: nsg.id,
      name: d.name,
      description: d.description,
      priority: d.priority,
      direction: d.direction,
      access: d.access,
      protocol: 'Any',
      sourceAddressPrefix: single(d.sourceAddressPrefixes),
      sourceAddressPrefixes: plural(d.sourceAddressPrefixes),
      destinationAddressPrefix: single(d.destinationAddressPrefixes),
      destinationAddressPrefixes: plural(d.destinationAddressPrefixes),
      sourcePortRange: single(d.sourcePortRanges),
      sourcePortRanges: plural(d.sourcePortRanges),
      destinationPortRange: single(d.destinationPortRanges),
      destinationPortRanges: plural(d.destinationPortRanges),
      version: 1,
      createdAt: nsg.createdAt,
      updatedAt: nsg.updatedAt,
      isDefault: true as const,
    };
  });
}
