/**
 * The dashboard in a real browser against the built app and a real API with the demo network loaded.
 * Every test saves a screenshot under artifacts/e2e/ and fails on browser console errors.
 */
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  ADMIN_TOKEN,
  ARTIFACTS_DIR,
  CHROMIUM_ARGS,
  REPO_ROOT,
  findChromium,
  startStack,
  stopApi,
  type Stack,
} from './stack';
import { ConsoleErrors, screenshot } from './pages';
import './matchers';
import { signIn } from './signin';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers';
const IDS = {
  vm: `${SUB}/Microsoft.Compute/virtualMachines/vm-web-01`,
  nic: `${SUB}/Microsoft.Network/networkInterfaces/nic-web-01`,
  nsg: `${SUB}/Microsoft.Network/networkSecurityGroups/nsg-web`,
  vnet: `${SUB}/Microsoft.Network/virtualNetworks/vnet-spoke-app`,
  subnet: `${SUB}/Microsoft.Network/virtualNetworks/vnet-spoke-app/subnets/snet-web`,
  asg: `${SUB}/Microsoft.Network/applicationSecurityGroups/asg-web`,
  networkManager: `${SUB}/Microsoft.Network/networkManagers/nm-demo`,
};
const q = (id: string) => encodeURIComponent(id);

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors = new ConsoleErrors();
let sharedVerifyUrl = '';

function expectNoConsoleErrors() {
  expect(consoleErrors.take()).toEqual([]);
}

beforeAll(async () => {
  const executablePath = findChromium();
  stack = await startStack();
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  consoleErrors.watch(page);
}, 240000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 60000);

// Auth is enforced: every test starts signed in as the server admin, through the sign-in page.
beforeEach(async () => {
  if (stack && page && !page.isClosed()) await signIn(page, stack.webUrl, ADMIN_TOKEN);
});

afterEach(() => expectNoConsoleErrors());

describe('pages', () => {
  it('shows the topology graph with the demo network and finds a node', async () => {
    await page.goto(`${stack.webUrl}/`);
    await page.locator('.react-flow__node').first().waitFor();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThanOrEqual(20);
    await page.getByLabel('Find a resource').fill('vm-web-01');
    await page.getByLabel('Find a resource').press('Enter');
    await page.getByRole('link', { name: /Open VM page/ }).waitFor();
    await screenshot(page, '01-topology');
    await page.getByRole('link', { name: /Open VM page/ }).click();
    await page.waitForURL(/\/vm\?id=/);
    await page.getByRole('heading', { level: 1, name: 'vm-web-01' }).waitFor();
  });

  it('opens a node from the keyboard (Tab to it, Enter)', async () => {
    await page.goto(`${stack.webUrl}/`);
    await page.locator('.react-flow__node-resource').first().waitFor();
    await page.locator('.react-flow__node-resource').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/(vnet|subnet|vm|nic)\?id=/);
    await page.getByRole('heading', { level: 1 }).waitFor();
  });

  it('serves /favicon.ico (browsers ask for it whatever the page links; a 404 is a console error)', async () => {
    const response = await page.request.get(`${stack.webUrl}/favicon.ico`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    const body = await response.body();
    expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it.each([
    ['02-resources', '/resources', 'Resources', 'vm-web-01'],
    ['03-resources-nsgs', '/resources?kind=nsgs', 'Resources', 'nsg-web'],
    ['04-vm', `/vm?id=${q(IDS.vm)}`, 'vm-web-01', 'Effective security rules · nic-web-01'],
    ['05-nic', `/nic?id=${q(IDS.nic)}`, 'nic-web-01', 'ipconfig1'],
    ['06-nsg', `/nsg?id=${q(IDS.nsg)}`, 'nsg-web', 'allow-http-https-internet'],
    ['07-vnet', `/vnet?id=${q(IDS.vnet)}`, 'vnet-spoke-app', 'snet-web'],
    ['08-subnet', `/subnet?id=${q(IDS.subnet)}`, 'snet-web', '10.1.1.4'],
    ['09-asg', `/asg?id=${q(IDS.asg)}`, 'asg-web', 'nic-web-01'],
    [
      '10-network-manager',
      `/network-manager?id=${q(IDS.networkManager)}`,
      'nm-demo',
      'Deployments per region',
    ],
    ['11-verify-empty', '/verify', 'IP flow verify', 'Verify flow'],
    ['12-import', '/import', 'Import Azure resources', 'Drop an az / ARM JSON export here'],
  ])('%s: %s renders', async (name, url, heading, text) => {
    await page.goto(`${stack.webUrl}${url}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByText(text, { exact: false }).first().waitFor();
    expect(await page.locator('.notice-error').count()).toBe(0);
    expect(await page.locator('main#main').count()).toBe(1);
    await screenshot(page, name);
  });

  it('says clearly when a resource does not exist', async () => {
    await page.goto(`${stack.webUrl}/nsg?id=${q(`${SUB}/Microsoft.Network/networkSecurityGroups/nope`)}`);
    await page.getByText('Network security group not found in this workspace.').waitFor();
    await screenshot(page, '13-not-found');
  });
});

describe('IP flow verify', () => {
  it('chooses a VM by search, runs a verify and reads the verdict and rule', async () => {
    await page.goto(`${stack.webUrl}/verify`);
    await page.getByRole('combobox', { name: 'Virtual machine' }).fill('vm-web-0');
    await page.getByRole('option', { name: /vm-web-01/ }).click();
    // The local IP is offered from the NIC and prefilled with the primary address.
    await expect(page.getByLabel('Local IP address')).toHaveValueSoon('10.1.1.4');
    await page.getByLabel('Local port').fill('443');
    await page.getByLabel('Remote IP address').fill('203.0.113.9');
    await page.getByLabel('Remote port').fill('*');
    await page.getByRole('button', { name: 'Verify flow' }).click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.locator('.verdict-access').innerText()).toContain('Access allowed');
    expect(await page.getByTestId('verdict-rule').innerText()).toContain(
      'securityRules/allow-http-https-internet',
    );
    await expect(page.locator('.trace-step[data-state="decided"]').getAttribute('data-layer')).resolves.toBe(
      'SUBNET_NSG',
    );
    expect(page.url()).toContain('localIp=10.1.1.4');
    expect(page.url()).toContain('vm=');
    sharedVerifyUrl = page.url();
    await screenshot(page, '14-verify-allowed');
  });

  it('puts the API validation message on the field at fault', async () => {
    await page.getByLabel('Local port').fill('70000');
    await page.getByRole('button', { name: 'Verify flow' }).click();
    await page.locator('.field-error').first().waitFor();
    expect(await page.getByLabel('Local port').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '15-verify-field-error');
    // Put the shared question back on screen as the "last verify" for the next tests.
    await page.goto(sharedVerifyUrl);
    await page.getByTestId('verdict').waitFor();
  });

  it('follows a shared verify link in a fresh browser context and runs it', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await other.newPage();
    consoleErrors.watch(p);
    // A fresh context has no session: the link goes through sign-in and comes back to the question.
    await p.goto(sharedVerifyUrl);
    await p.waitForURL(/\/signin\?next=/);
    await p.getByLabel('API token').fill(ADMIN_TOKEN);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(/\/verify\?/);
    await p.getByTestId('verdict').waitFor();
    expect(await p.locator('.verdict-access').innerText()).toContain('Access allowed');
    expect(await p.getByTestId('verdict-rule').innerText()).toContain('allow-http-https-internet');
    await screenshot(p, '16-shared-link');
    await other.close();
  });
});

describe('rule editing', () => {
  it('shows API validation on the right field, then flips the last verify by editing the deciding rule', async () => {
    await page.getByTestId('verdict').getByRole('link', { name: 'nsg-web' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'nsg-web' }).waitFor();
    await page.getByText('Last verify', { exact: true }).waitFor();
    // The rule that decided the last verify is lit in the table.
    await page.locator('tr.row-lit[data-rule="allow-http-https-internet"]').waitFor();

    await page.getByRole('button', { name: 'Edit allow-http-https-internet' }).click();
    const form = page.getByRole('form', { name: 'Edit rule allow-http-https-internet' });
    await form.getByLabel('Priority').fill('5');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await form.locator('.field-error').first().waitFor();
    expect(await form.getByLabel('Priority').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '17-rule-validation');

    await form.getByLabel('Priority').fill('100');
    await form.getByLabel('Action').selectOption('DENY');
    await form.getByRole('button', { name: 'Save rule' }).click();
    const change = page.getByTestId('verdict-change');
    await change.waitFor();
    expect(await change.innerText()).toContain('Verdict changed: Allow → Deny');
    await screenshot(page, '18-verdict-changed');

    // The same shared question now answers Deny.
    await page.goto(sharedVerifyUrl);
    await page.getByTestId('verdict').waitFor();
    expect(await page.locator('.verdict-access').innerText()).toContain('Access denied');
    await screenshot(page, '19-verify-denied');
  });

  it('creates, reorders and deletes a rule', async () => {
    await page.goto(`${stack.webUrl}/nsg?id=${q(IDS.nsg)}`);
    await page.getByRole('button', { name: 'Add inbound rule' }).click();
    const form = page.getByRole('form', { name: 'New security rule' });
    await form.getByLabel('Name').fill('e2e-allow-8080');
    await form.getByLabel('Priority').fill('400');
    await form.getByLabel('Destination ports').fill('8080');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const row = page.locator('tr[data-rule="e2e-allow-8080"]');
    await row.waitFor();
    await page.getByRole('button', { name: 'Move e2e-allow-8080 up (evaluate earlier)' }).click();
    await page.getByText('Rule e2e-allow-8080 moved up.').first().waitFor();
    await expect(row.locator('td').first()).toHaveTextSoon('300');
    await page.getByRole('button', { name: 'Delete e2e-allow-8080' }).click();
    await page.getByRole('button', { name: 'Delete e2e-allow-8080' }).click();
    await row.waitFor({ state: 'detached' });
    await screenshot(page, '20-rule-crud');
  });
});

describe('import', () => {
  it('imports a fixture into a new workspace and shows the report', async () => {
    await page.goto(`${stack.webUrl}/import`);
    await page
      .locator('input[type="file"]')
      .setInputFiles(path.join(REPO_ROOT, 'apps', 'api', 'test-fixtures', 'arm-template.json'));
    await page.getByRole('textbox', { name: 'Workspace' }).fill('e2e-import');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60000 });
    expect(await report.innerText()).toMatch(/Imported \d+ resources into e2e-import/);
    await screenshot(page, '21-import-report');
    await report.getByRole('link', { name: 'Open topology' }).click();
    await page.locator('.react-flow__node').first().waitFor();
    expect(page.url()).toContain('workspace=e2e-import');
    await screenshot(page, '22-imported-topology');
  });
});

describe('import errors', () => {
  it('rejects an invalid document and lists every problem with its JSON path', async () => {
    const bad = {
      value: [
        {
          name: 'vnet-bad',
          id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-bad',
          type: 'Microsoft.Network/virtualNetworks',
          location: 'westeurope',
          properties: { addressSpace: { addressPrefixes: ['10.0.0.0/33'] }, subnets: [] },
        },
      ],
    };
    await page.goto(`${stack.webUrl}/import`);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await page.getByRole('textbox', { name: 'Workspace' }).fill('e2e-bad');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toContain('Import rejected');
    expect(text).toContain('$.value[0].properties.addressSpace.addressPrefixes');
    await screenshot(page, '22b-import-rejected');
    // The API answers 400 for a rejected mutation; the browser logs that as a resource error.
    consoleErrors.ignore(/status of 400/);
  });
});

describe('header layout', () => {
  /** The header's direct parts: brand, main nav, controls (workspace, draft, user menu), with their boxes. */
  const headerBoxes = (p: Page) =>
    p.evaluate(() => {
      const header = document.querySelector('header.site-header')!;
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { name: e.className || e.tagName, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      };
      return {
        header: box(header),
        parts: [...header.children].map(box),
        navItems: [...header.querySelectorAll('.site-nav li')].map(box),
        width: window.innerWidth,
      };
    });

  it('fits on one row at 1280 px', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${stack.webUrl}/verify`);
    await page.locator('.user-menu').waitFor();
    const { header, parts, navItems } = await headerBoxes(page);
    expect(parts.map((x) => x.name)).toEqual(['brand', 'site-nav', 'header-controls']);
    // One row: every part, and every nav link, sits between the header's top and bottom, left to right.
    for (const part of [...parts, ...navItems]) {
      expect(part.top).toBeGreaterThanOrEqual(header.top);
      expect(part.bottom).toBeLessThanOrEqual(header.bottom);
    }
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.left).toBeGreaterThanOrEqual(parts[i - 1]!.right);
    // …and the header is one row high (56 px minimum height, no second row).
    expect(header.bottom - header.top).toBeLessThan(70);
    await page
      .locator('header.site-header')
      .screenshot({ path: path.join(ARTIFACTS_DIR, '25-header-1280.png') });
    await screenshot(page, '25b-page-1280');
  });

  it('degrades to two rows at a 640 px split screen, with nothing cut off', async () => {
    const p = await context.newPage();
    consoleErrors.watch(p);
    await p.setViewportSize({ width: 640, height: 900 });
    await p.goto(`${stack.webUrl}/verify`);
    await p.locator('.user-menu').waitFor();
    const { header, parts, navItems, width } = await headerBoxes(p);
    const [brand, nav, controls] = parts;
    // Brand and controls share the first row; the nav has a row of its own below it.
    expect(controls!.top).toBeLessThan(nav!.top);
    expect(brand!.bottom).toBeLessThanOrEqual(nav!.top);
    for (const item of navItems) {
      expect(item.right).toBeLessThanOrEqual(width);
      expect(item.top).toBe(navItems[0]!.top);
    }
    expect(header.bottom - header.top).toBeLessThan(130);
    await p
      .locator('header.site-header')
      .screenshot({ path: path.join(ARTIFACTS_DIR, '25c-header-640.png') });
    await p.close();
  });
});

describe('narrow screens', () => {
  it('works at a 640 px split screen', async () => {
    const p = await context.newPage();
    consoleErrors.watch(p);
    await p.setViewportSize({ width: 640, height: 900 });
    await p.goto(sharedVerifyUrl);
    await p.getByTestId('verdict').waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(p, '23-verify-640px');
    await p.close();
  });
});

describe('API down', () => {
  // Runs last: it stops the API (teardown copes with an already-stopped process).
  it('shows a clear banner and an explained error when the API cannot be reached', async () => {
    await stopApi(stack);
    await page.goto(`${stack.webUrl}/`);
    await page.locator('.api-down').waitFor();
    expect(await page.locator('.api-down').innerText()).toContain('API unavailable');
    await page.getByText('Could not load the topology.').waitFor();
    await screenshot(page, '24-api-down');
    // The browser logs the proxy's 502 answers as resource errors; those are the point of this test.
    consoleErrors.ignore(/502|Bad Gateway/i);
  });
});
