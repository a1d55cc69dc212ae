import { splitRuleName, summarizePrefixes } from './effective-rule';

describe('splitRuleName', () => {
  it('drops the custom rule collection prefix', () => {
    expect(splitRuleName('securityRules/allow-http-https-internet')).toEqual({
      name: 'allow-http-https-internet',
      isDefault: false,
    });
  });

  it('marks default rules', () => {
    expect(splitRuleName('defaultSecurityRules/AllowAzureLoadBalancerInBound')).toEqual({
      name: 'AllowAzureLoadBalancerInBound',
      isDefault: true,
    });
  });

  it('keeps admin rule names as they are', () => {
    expect(splitRuleName('deny-rdp-from-internet')).toEqual({
      name: 'deny-rdp-from-internet',
      isDefault: false,
    });
  });
});

describe('summarizePrefixes', () => {
  it('prefers the expanded list and shortens it', () => {
    expect(
      summarizePrefixes(['Internet'], ['1.0.0.0/8', '2.0.0.0/7', '4.0.0.0/6', '8.0.0.0/7', '11.0.0.0/8']),
    ).toBe('1.0.0.0/8, 2.0.0.0/7, 4.0.0.0/6, 8.0.0.0/7 +1 more');
  });

  it('falls back to the given prefixes, then to *', () => {
    expect(summarizePrefixes(['10.0.0.0/8'], [])).toBe('10.0.0.0/8');
    expect(summarizePrefixes([], [])).toBe('*');
  });
});
