/**
 * Shadowed rules in a real browser against the built app and API (its own stack, demo network): the NSG page's
 * "Shadowed" badges (with the shadowing rules in their title and accessible text) and "Shadowed rules" section, which
 * follow edits made on the page; an NSG rule shadowed by an admin Deny links to the network manager page, which
 * shows its own shadowed admin rules. Every test saves a screenshot under artifacts/e2e/ and fails on browser
 * console errors.
 */
import type { Page } from 'playwright-core';
import { screenshot, useBrowserSession, type BrowserSession } from './pages';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers';
const NSG_WEB = `${SUB}/Microsoft.Network/networkSecurityGroups/nsg-web`;
const NSG_APP = `${SUB}/Microsoft.Network/networkSecurityGroups/nsg-app`;
const NM = `${SUB}/Microsoft.Network/networkManagers/nm-demo`;
const RC = `${NM}/securityAdminConfigurations/sac-org-baseline/ruleCollections/rc-spoke-guardrails`;
const q = (id: string) => encodeURIComponent(id);

let stack: BrowserSession['stack'];
let page: Page;

useBrowserSession((s) => ({ stack, page } = s));

async function createRule(nsg: string, rule: Record<string, unknown>) {
  await stack.graphql(
    'mutation($i: CreateSecurityRuleInput!) { createSecurityRule(input: $i) { securityRule { id } } }',
    {
      i: {
        networkSecurityGroupId: nsg,
        rule: {
          direction: 'INBOUND',
          protocol: 'TCP',
          sourcePortRange: '*',
          destinationAddressPrefix: '*',
          ...rule,
        },
      },
    },
  );
}

describe('shadowed rules', () => {
  it('badges a rule a higher-priority rule covers, lists it with its coverer, and follows an edit on the page', async () => {
    // e2e-allow-8443 (210: TCP 8443 from anywhere) decides everything e2e-deny-8443-late matches.
    await createRule(NSG_WEB, {
      name: 'e2e-allow-8443',
      priority: 210,
      access: 'ALLOW',
      sourceAddressPrefix: '*',
      destinationPortRange: '8443',
    });
    await createRule(NSG_WEB, {
      name: 'e2e-deny-8443-late',
      priority: 260,
      access: 'DENY',
      sourceAddressPrefix: 'Internet',
      destinationPortRange: '8443',
    });
    await page.goto(`${stack.webUrl}/nsg?id=${q(NSG_WEB)}`);
    await page.getByRole('heading', { level: 1, name: 'nsg-web' }).waitFor();

    const row = page.locator('tr[data-rule="e2e-deny-8443-late"]');
    const badge = row.getByTestId('shadowed-badge');
    await badge.waitFor();
    expect(await badge.getAttribute('title')).toMatch(/^Shadowed by e2e-allow-8443 \(priority 210, Allow\)/);
    // The accessible text names the shadowing rule too (not only the hover title).
    expect(await badge.innerText()).toContain('Shadowed');
    expect(await badge.textContent()).toContain('e2e-allow-8443');
    expect(await page.locator('tr[data-rule="e2e-allow-8443"]').getByTestId('shadowed-badge').count()).toBe(
      0,
    );

    const section = page.getByTestId('shadowed-rules');
    await section.getByRole('heading', { name: 'Shadowed rules' }).waitFor();
    const entry = section.locator('tr[data-shadowed="e2e-deny-8443-late"]');
    await entry.waitFor();
    expect(await entry.innerText()).toContain('A higher-priority rule covers it everywhere');
    const coverer = entry.getByRole('link', { name: 'e2e-allow-8443' });
    expect(await coverer.getAttribute('href')).toBe('#rule-e2e-allow-8443');
    await screenshot(page, '70-nsg-shadowed-rules');

    // Move the covering rule to another port on the page: the late Deny decides 8443 again.
    await page.getByRole('button', { name: 'Edit e2e-allow-8443' }).click();
    const form = page.getByRole('form', { name: 'Edit rule e2e-allow-8443' });
    await form.getByLabel('Destination ports').fill('8444');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Rule e2e-allow-8443 saved.').first().waitFor();
    await row.getByTestId('shadowed-badge').waitFor({ state: 'detached' });
    await entry.waitFor({ state: 'detached' });
    await screenshot(page, '71-nsg-shadowed-rules-after-edit');
  });

  it('an NSG rule under an admin Deny links to its network manager, which lists its own shadowed admin rules', async () => {
    // deny-rdp-from-internet (admin, priority 10) denies RDP from the Internet in the spokes before any NSG.
    await createRule(NSG_APP, {
      name: 'e2e-allow-rdp-internet',
      priority: 150,
      access: 'ALLOW',
      sourceAddressPrefix: 'Internet',
      destinationPortRange: '3389',
    });
    await stack.graphql(
      'mutation($i: CreateAdminRuleInput!) { createAdminRule(input: $i) { adminRule { id } } }',
      {
        i: {
          ruleCollectionId: RC,
          rule: {
            name: 'e2e-deny-rdp-again',
            access: 'DENY',
            priority: 40,
            direction: 'INBOUND',
            protocol: 'TCP',
            sources: [{ addressPrefix: 'Internet', addressPrefixType: 'SERVICE_TAG' }],
            destinationPortRanges: ['3389'],
          },
        },
      },
    );
    await page.goto(`${stack.webUrl}/nsg?id=${q(NSG_APP)}`);
    await page.getByRole('heading', { level: 1, name: 'nsg-app' }).waitFor();
    const badge = page.locator('tr[data-rule="e2e-allow-rdp-internet"]').getByTestId('shadowed-badge');
    await badge.waitFor();
    expect(await badge.getAttribute('title')).toContain(
      'admin rule deny-rdp-from-internet (priority 10, Deny)',
    );
    const entry = page.getByTestId('shadowed-rules').locator('tr[data-shadowed="e2e-allow-rdp-internet"]');
    expect(await entry.innerText()).toContain('Decided before its layer');
    await screenshot(page, '72-nsg-shadowed-by-admin-rule');

    await entry.getByRole('link', { name: 'admin rule deny-rdp-from-internet' }).click();
    await page.waitForURL(/\/network-manager\?id=/);
    await page.getByRole('heading', { level: 1, name: 'nm-demo' }).waitFor();
    const adminBadge = page.locator('tr[data-rule="e2e-deny-rdp-again"]').getByTestId('shadowed-badge');
    await adminBadge.waitFor();
    expect(await adminBadge.getAttribute('title')).toContain(
      'admin rule deny-rdp-from-internet (priority 10, Deny)',
    );
    const adminEntry = page.getByTestId('shadowed-rules').locator('tr[data-shadowed="e2e-deny-rdp-again"]');
    await adminEntry.waitFor();
    await screenshot(page, '73-network-manager-shadowed-admin-rules');
  });
});
