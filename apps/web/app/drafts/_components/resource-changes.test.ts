import { kindLabel } from './resource-changes';

describe('kindLabel', () => {
  it.each([
    ['Microsoft.Network/networkSecurityGroups/securityRules', 'security rule'],
    ['securityRules', 'security rule'],
    ['Microsoft.Network/networkSecurityGroups', 'network security group'],
    ['Microsoft.Network/virtualNetworks/subnets', 'subnet'],
  ])('%s → %s', (kind, label) => {
    expect(kindLabel(kind)).toBe(label);
  });
});
