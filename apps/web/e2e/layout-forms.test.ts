/**
 * Layout and form details in a real browser against the built app and API (demo network loaded): wide tables fit
 * (or scroll inside their card with a visible cue) from 1280 px down to a ~700 px split screen, nothing makes the
 * page scroll sideways, every input is styled, the VM picker finds a VM by IP, the NIC page has its History tab,
 * API errors land on the right field, a revoked token's secret leaves the screen, and the API-down banner does not
 * show the API's internal address.
 */
import type { Browser, Page } from 'playwright-core';
import { ConsoleErrors, screenshot, useBrowserSession, type BrowserSession } from './pages';
import './matchers';
import { signIn } from './signin';
import { ADMIN_TOKEN, stopApi } from './stack';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers';
const VM = `${SUB}/Microsoft.Compute/virtualMachines/vm-web-01`;
const NIC = `${SUB}/Microsoft.Network/networkInterfaces/nic-web-01`;
const NSG = `${SUB}/Microsoft.Network/networkSecurityGroups/nsg-web`;
const q = (id: string) => encodeURIComponent(id);

let stack: BrowserSession['stack'];
let browser: Browser;
let page: Page;
let consoleErrors: ConsoleErrors;

useBrowserSession((s) => ({ stack, browser, page, consoleErrors } = s), { signedIn: false });

beforeEach(async () => {
  if (stack && page && !page.isClosed()) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, stack.webUrl, ADMIN_TOKEN, '/resources');
  }
});

/** How far the page scrolls sideways (0 when everything fits the window). */
const pageOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Whether the element's box lies inside the window horizontally. */
const inWindow = (p: Page, selector: string) =>
  p.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
  });

describe('effective security rules at 1280 px', () => {
  it.each([
    ['VM', `/vm?id=${q(VM)}`],
    ['NIC', `/nic?id=${q(NIC)}`],
  ])('fit the card on the %s page: every column, Access included, is on screen', async (_kind, url) => {
    await page.goto(`${stack.webUrl}${url}`);
    const table = page.locator('table.effective-rules-table');
    await table.locator('tbody tr').first().waitFor();
    const box = await table.evaluate((t) => {
      const wrap = t.closest('.table-wrap')!;
      return { scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth };
    });
    expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth + 1);
    const headers = await table.locator('thead th').allInnerTexts();
    expect(headers.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual([
      'Layer',
      'Priority',
      'Rule',
      'Protocol',
      'Source',
      'Source ports',
      'Destination',
      'Destination ports',
      'Access',
    ]);
    expect(await inWindow(page, 'table.effective-rules-table thead th:last-child')).toBe(true);
    expect(await inWindow(page, 'table.effective-rules-table tbody tr:first-child td:last-child .pill')).toBe(
      true,
    );
    // Rule names read without their collection prefix; Azure's default rules say so.
    await table.locator('td', { hasText: 'DenyAllInBound' }).getByText('default rule').waitFor();
    expect(await page.getByText('Wider than this box').count()).toBe(0);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('scrolls inside its card with a visible hint when the window is narrower (700 px)', async () => {
    await page.setViewportSize({ width: 700, height: 900 });
    await page.goto(`${stack.webUrl}/vm?id=${q(VM)}`);
    await page.locator('table.effective-rules-table tbody tr').first().waitFor();
    await page.getByText('Wider than this box: scroll the table sideways').waitFor();
    const region = page.getByRole('region', { name: /Effective inbound security rules of nic-web-01/ });
    expect(await region.getAttribute('tabindex')).toBe('0');
    // The last column is reachable: the box scrolls to it.
    await region.evaluate((e) => e.scrollTo({ left: e.scrollWidth }));
    expect(await inWindow(page, 'table.effective-rules-table thead th:last-child')).toBe(true);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '60-effective-rules-700');
  });
});

describe('a 700 px split screen', () => {
  it('keeps the NSG rule actions on screen and the page from scrolling sideways', async () => {
    await page.setViewportSize({ width: 700, height: 900 });
    await page.goto(`${stack.webUrl}/nsg?id=${q(NSG)}`);
    await page.getByRole('heading', { level: 1, name: 'nsg-web' }).waitFor();
    const row = page.locator('tr[data-rule="allow-http-https-internet"]');
    await row.waitFor();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    for (const name of [
      'Move allow-http-https-internet down (evaluate later)',
      'Edit allow-http-https-internet',
      'Delete allow-http-https-internet',
    ]) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(700);
    }
    // The Action column is on screen too.
    const pill = await row.locator('.pill').boundingBox();
    expect(pill!.x + pill!.width).toBeLessThanOrEqual(700);
    await screenshot(page, '61-nsg-700');
    // …and Edit works from there (a trial click: no scrolling needed, nothing covers it), then opens the editor.
    const edit = page.getByRole('button', { name: 'Edit allow-http-https-internet', exact: true });
    await edit.click({ trial: true });
    await edit.click();
    await page.getByRole('form', { name: 'Edit rule allow-http-https-internet' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).first().click();
  });

  it('does not let a visually hidden table header widen the tokens page', async () => {
    await page.setViewportSize({ width: 700, height: 900 });
    await page.goto(`${stack.webUrl}/tokens`);
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.locator('tr[data-token]').first().waitFor();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    // The "Actions" header is still there for screen readers.
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(1);
  });
});

describe('inputs', () => {
  it('styles password, text, date-time and untyped inputs like the rest', async () => {
    const heights: Record<string, number> = {};
    const measure = async (p: Page, label: string) => {
      const style = await p
        .getByLabel(label, { exact: true })
        .first()
        .evaluate((e) => {
          const s = getComputedStyle(e);
          return {
            height: e.getBoundingClientRect().height,
            border: s.borderTopWidth,
            radius: s.borderTopLeftRadius,
          };
        });
      heights[label] = style.height;
      expect(style.height).toBeGreaterThanOrEqual(34);
      expect(style.border).toBe('1px');
      expect(style.radius).toBe('6px');
    };
    const fresh = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    consoleErrors.watch(fresh);
    await fresh.goto(`${stack.webUrl}/signin`);
    await measure(fresh, 'API token');
    await fresh.context().close();
    await page.goto(`${stack.webUrl}/tokens`);
    await measure(page, 'Token name');
    await measure(page, 'Expires (optional)');
    await page.goto(`${stack.webUrl}/members`);
    await measure(page, 'User name');
    await page.goto(`${stack.webUrl}/history`);
    for (const label of ['Resource', 'Person', 'From', 'To']) await measure(page, label);
    expect(Object.keys(heights)).toHaveLength(8);
  });
});

describe('IP flow verify', () => {
  it.each([
    ['a whole address', '10.1.2.4'],
    ['the start of one', '10.1.2'],
  ])('finds a VM by %s', async (_what, text) => {
    await page.goto(`${stack.webUrl}/verify`);
    await page.getByRole('combobox', { name: 'Virtual machine' }).fill(text);
    const option = page.getByRole('option', { name: /vm-app-01/ });
    await option.waitFor();
    expect(await option.innerText()).toContain('10.1.2.4');
    expect(await page.getByText('No VM matches').count()).toBe(0);
    // The first ArrowDown goes to the first hit, Enter takes it.
    await page.getByRole('combobox', { name: 'Virtual machine' }).press('ArrowDown');
    await page.getByRole('combobox', { name: 'Virtual machine' }).press('Enter');
    await expect(page.getByLabel('Virtual machine')).toHaveValueSoon('vm-app-01');
  });
});

describe('history', () => {
  it('has a History tab on the NIC page with the import that created the NIC', async () => {
    await page.goto(`${stack.webUrl}/nic?id=${q(NIC)}`);
    await page.getByRole('heading', { level: 1, name: 'nic-web-01' }).waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    const entry = page.locator('.history-entry[data-action="importAzureResources"]').first();
    await entry.waitFor();
    await page.getByText('to this resource and its parts').waitFor();
    await screenshot(page, '62-nic-history');
  });
});

describe('members', () => {
  it('puts "user not found" on the User name field, without raw codes', async () => {
    await page.goto(`${stack.webUrl}/members`);
    await page.getByRole('heading', { level: 1, name: 'Members of default' }).waitFor();
    await page.getByLabel('User name').fill('e2e-ghost-user');
    await page.getByRole('button', { name: 'Add member' }).click();
    const field = page.getByLabel('User name');
    await expect(field).toHaveAttributeSoon('aria-invalid', 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    const message = await page.locator(`[id="${describedBy}"]`).innerText();
    expect(message).toMatch(/e2e-ghost-user/);
    expect(message).toMatch(/not found/i);
    expect(await page.getByText('NOT_FOUND').count()).toBe(0);
    expect(await page.getByText('Could not add the member.').count()).toBe(0);
    await expect(field).toBeFocusedSoon();
    // The message grows the User name field downwards only: the Role select and the button stay level with the box.
    const top = async (name: string, role: 'textbox' | 'combobox' | 'button') =>
      (await page.getByRole(role, { name, exact: true }).boundingBox())?.y;
    const boxTop = await top('User name', 'combobox');
    expect(boxTop).toBeDefined();
    expect(Math.abs((await top('Role', 'combobox'))! - boxTop!)).toBeLessThanOrEqual(1);
    expect(Math.abs((await top('Add member', 'button'))! - boxTop!)).toBeLessThanOrEqual(1);
    await screenshot(page, '63-members-unknown-user');
    // Typing again clears it.
    await field.fill('e2e-ghost-user2');
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    // The API refused it with a 200 and an error: the browser logs nothing, but be explicit.
    consoleErrors.ignore(/NOT_FOUND/);
  });
});

describe('tokens', () => {
  it('takes the secret of a token off the screen when that token is revoked', async () => {
    await page.goto(`${stack.webUrl}/tokens`);
    await page.getByLabel('Token name').fill('e2e-revoke-now');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token-secret').waitFor();
    await page.getByRole('button', { name: 'Revoke e2e-revoke-now' }).click();
    await page.getByRole('button', { name: 'Confirm revoke e2e-revoke-now' }).click();
    await page.locator('tr[data-token="e2e-revoke-now"]').waitFor({ state: 'detached' });
    expect(await page.getByTestId('new-token-secret').count()).toBe(0);
    expect(await page.getByTestId('new-token').count()).toBe(0);
  });
});

describe('API down', () => {
  // Runs last: it stops the API (teardown copes with an already-stopped process).
  it('says the flowverify API is not reachable, without its internal address', async () => {
    await stopApi(stack);
    await page.goto(`${stack.webUrl}/tokens`);
    await page.locator('.api-down').waitFor();
    const banner = await page.locator('.api-down').innerText();
    expect(banner).toContain('The flowverify API is not reachable.');
    const apiHost = new URL(stack.apiUrl).host;
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(apiHost);
    expect(text).not.toContain(stack.apiUrl);
    consoleErrors.ignore(/502|Bad Gateway/i);
  });
});
