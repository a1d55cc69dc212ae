import { isEntryAbout, isResourceOrPart } from './history';

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

describe('isEntryAbout', () => {
  it('matches a create whose input names the parent', () => {
    expect(
      isEntryAbout(
        { resourceArmId: null, details: { input: { networkSecurityGroupId: NSG, rule: { name: 'x' } } } },
        NSG,
      ),
    ).toBe(true);
    expect(isEntryAbout({ resourceArmId: `${NSG}/securityRules/a`, details: null }, NSG)).toBe(true);
    expect(isEntryAbout({ resourceArmId: null, details: { input: { id: 'other' } } }, NSG)).toBe(false);
  });
});
