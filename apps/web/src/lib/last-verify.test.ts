import {
  decidingCustomRule,
  describeVerdictChange,
  loadLastVerify,
  saveLastVerify,
  type LastVerify,
} from './last-verify';
import { emptyVerifyQuery } from './verify-query';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('last verify', () => {
  const entry: LastVerify = {
    query: { ...emptyVerifyQuery(), targetResourceId: 'vm', localIpAddress: '10.0.0.4' },
    verdict: { access: 'ALLOW', ruleName: 'securityRules/allow-ssh' },
    at: '2026-11-26T14:00:00Z',
  };

  it('round-trips through storage', () => {
    const s = memoryStorage();
    saveLastVerify(s, entry);
    expect(loadLastVerify(s)).toEqual(entry);
  });

  it('ignores missing or corrupt entries', () => {
    const s = memoryStorage();
    expect(loadLastVerify(s)).toBeNull();
    s.setItem('flowverify.lastVerify', '{not json');
    expect(loadLastVerify(s)).toBeNull();
    s.setItem('flowverify.lastVerify', JSON.stringify({ query: {}, verdict: { access: 'MAYBE' } }));
    expect(loadLastVerify(s)).toBeNull();
    expect(loadLastVerify(undefined)).toBeNull();
  });

  it.each([
    [
      { access: 'ALLOW', ruleName: 'a' },
      { access: 'DENY', ruleName: 'b' },
      true,
      'Verdict changed: Allow → Deny',
    ],
    [
      { access: 'DENY', ruleName: 'a' },
      { access: 'ALLOW', ruleName: 'a' },
      true,
      'Verdict changed: Deny → Allow',
    ],
    [
      { access: 'DENY', ruleName: 'a' },
      { access: 'DENY', ruleName: 'a' },
      false,
      'Verdict unchanged: Deny (a)',
    ],
    [
      { access: 'DENY', ruleName: 'a' },
      { access: 'DENY', ruleName: 'b' },
      true,
      'Verdict unchanged (Deny), but now decided by b instead of a',
    ],
  ] as const)('describes %p → %p', (before, after, changed, text) => {
    expect(describeVerdictChange(before, after)).toEqual({ changed, text });
  });
});

describe('decidingCustomRule', () => {
  const nsg = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-web';
  it('names the custom rule of this NSG that decided', () => {
    expect(
      decidingCustomRule(
        { access: 'DENY', ruleName: 'securityRules/deny-all', networkSecurityGroupId: nsg.toUpperCase() },
        nsg,
      ),
    ).toBe('deny-all');
  });
  it('is null for default rules, admin rules and other NSGs', () => {
    expect(
      decidingCustomRule(
        { access: 'DENY', ruleName: 'defaultSecurityRules/DenyAllInBound', networkSecurityGroupId: nsg },
        nsg,
      ),
    ).toBeNull();
    expect(
      decidingCustomRule({ access: 'DENY', ruleName: 'deny-rdp', networkSecurityGroupId: null }, nsg),
    ).toBeNull();
    expect(
      decidingCustomRule(
        { access: 'DENY', ruleName: 'securityRules/x', networkSecurityGroupId: `${nsg}-2` },
        nsg,
      ),
    ).toBeNull();
    expect(decidingCustomRule(null, nsg)).toBeNull();
  });
});
