/**
 * The texts of the "Shadowed" badge (its title and accessible text) and the look-up of a row's shadowed rule.
 */
import { shadowedById, shadowedSummary, type ShadowedRule } from './shadowed-rules';

const NSG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-web';
const OTHER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-nic';
const ADMIN =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkManagers/nm/x/rules/deny-ssh';

const shadowed = (shadowedBy: ShadowedRule['shadowedBy']): ShadowedRule => ({
  ruleName: 'securityRules/late',
  name: 'late',
  ruleId: `${NSG}/securityRules/Late`,
  priority: 300,
  direction: 'INBOUND',
  reason: 'HIGHER_LAYERS',
  shadowedBy,
});

describe('shadowedSummary', () => {
  it('names each shadowing rule with its priority and access: own NSG bare, other NSGs and admin rules qualified', () => {
    const rule = shadowed([
      {
        layer: 'ADMIN_RULE',
        ruleName: 'deny-ssh',
        ruleId: ADMIN,
        networkSecurityGroupId: null,
        access: 'ALWAYS_ALLOW',
        priority: 10,
      },
      {
        layer: 'NETWORK_SECURITY_GROUP',
        ruleName: 'securityRules/allow-http',
        ruleId: `${NSG}/securityRules/allow-http`,
        networkSecurityGroupId: NSG.toUpperCase(),
        access: 'ALLOW',
        priority: 100,
      },
      {
        layer: 'NETWORK_SECURITY_GROUP',
        ruleName: 'defaultSecurityRules/DenyAllInBound',
        ruleId: `${OTHER}/defaultSecurityRules/DenyAllInBound`,
        networkSecurityGroupId: OTHER,
        access: 'DENY',
        priority: 65500,
      },
    ]);
    expect(shadowedSummary(rule, NSG)).toBe(
      'Shadowed by admin rule deny-ssh (priority 10, Always allow), allow-http (priority 100, Allow), ' +
        'default rule DenyAllInBound of nsg-nic (priority 65500, Deny): it never decides a flow.',
    );
  });

  it('says so when the rule matches nothing', () => {
    expect(shadowedSummary(shadowed([]), NSG)).toBe(
      'Shadowed: it matches no flow at all, so it never decides.',
    );
  });
});

describe('shadowedById', () => {
  it('finds a row by its id whatever the case (ARM ids are case-insensitive)', () => {
    const rule = shadowed([]);
    const byId = shadowedById([rule]);
    expect(byId.get(`${NSG}/securityRules/late`.toLowerCase())).toBe(rule);
    expect(shadowedById(undefined).size).toBe(0);
  });
});
