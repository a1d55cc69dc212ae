import { isResourceOrPart } from './history';

const NSG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-web';

describe('isResourceOrPart', () => {
  it.each([
    [NSG, true],
    [`${NSG}/securityRules/allow-ssh`, true],
    [NSG.toUpperCase(), true],
    [`${NSG}-2`, false],
    [null, false],
  ])('%s', (entry, expected) => {
    expect(isResourceOrPart(entry, NSG)).toBe(expected);
  });
});
