/**
 * Team access, history, drafts, flow diff and saved checks in a real browser against the built app and API
 * (auth enforced; the API starts with FLOWVERIFY_BOOTSTRAP_TOKEN). Every test signs in through /signin first.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ConsoleErrors, screenshot } from './pages';
import './matchers';
import { signIn } from './signin';
import { ADMIN_TOKEN, CHROMIUM_ARGS, findChromium, startStack, type Stack } from './stack';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers';
const VM = `${SUB}/Microsoft.Compute/virtualMachines/vm-web-01`;
const NSG = `${SUB}/Microsoft.Network/networkSecurityGroups/nsg-web`;
const q = (id: string) => encodeURIComponent(id);
/** Inbound HTTPS from the Internet to vm-web-01: allowed by nsg-web's allow-http-https-internet in the demo. */
const httpsVerify = (workspace: string) =>
  `/verify?workspace=${encodeURIComponent(workspace)}&vm=${q(VM)}&direction=INBOUND&protocol=TCP&localIp=10.1.1.4&localPort=443&remoteIp=203.0.113.9&remotePort=*`;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors = new ConsoleErrors();
let bobToken = '';

beforeAll(async () => {
  const executablePath = findChromium();
  stack = await startStack();
  // A second user with a token, a member of `default` only, and a workspace they do not belong to.
  await stack.graphql(
    'mutation { createUser(input: { name: "e2e-bob", displayName: "Bob" }) { user { id } } }',
  );
  await stack.graphql('mutation { createUser(input: { name: "e2e-carol" }) { user { id } } }');
  const created = (await stack.graphql(
    'mutation { createApiToken(input: { name: "bob-e2e", userName: "e2e-bob" }) { token } }',
  )) as { createApiToken: { token: string } };
  bobToken = created.createApiToken.token;
  await stack.graphql(
    'mutation { addWorkspaceMember(input: { workspace: "default", userName: "e2e-bob", role: READER }) { member { role } } }',
  );
  await stack.graphql('mutation { createWorkspace(input: { name: "e2e-secret" }) { workspace { id } } }');
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  consoleErrors.watch(page);
}, 240000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 60000);

beforeEach(async () => {
  await signIn(page, stack.webUrl, ADMIN_TOKEN, '/resources');
});

afterEach(() => {
  expect(consoleErrors.take()).toEqual([]);
});

describe('team access', () => {
  it('signs in by pasting a token, shows who I am, signs out', async () => {
    const p = await (await browser.newContext()).newPage();
    consoleErrors.watch(p);
    await p.goto(`${stack.webUrl}/checks`);
    await p.waitForURL(/\/signin\?next=%2Fchecks/);
    await p.getByLabel('API token').fill('not-a-valid-token-at-all');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByText('That token is unknown, revoked or expired').waitFor();
    await p.getByLabel('API token').fill(ADMIN_TOKEN);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(/\/checks$/);
    const cookies = await p.context().cookies();
    const session = cookies.find((c) => c.name === 'flowverify_token');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    await p.getByText('Signed in as admin').first().waitFor({ state: 'attached' });
    await p.locator('.user-menu summary').click();
    await p.locator('.user-menu').getByText('server admin').first().waitFor();
    await screenshot(p, '30-user-menu');
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.waitForURL(/\/signin\?signedOut=1/);
    await p.goto(`${stack.webUrl}/`);
    await p.waitForURL(/\/signin/);
    await p.context().close();
  });

  it('lists only the workspaces the signed-in user belongs to', async () => {
    // The admin sees the workspace bob does not belong to.
    await page.goto(`${stack.webUrl}/resources`);
    await page.locator('#workspace-select option[value="e2e-secret"]').waitFor({ state: 'attached' });
    const p = await (await browser.newContext()).newPage();
    consoleErrors.watch(p);
    await signIn(p, stack.webUrl, bobToken, '/resources');
    await p.locator('.user-menu summary').click();
    await p.locator('.user-menu-panel').getByText('reader').waitFor();
    const options = await p.locator('#workspace-select option').allInnerTexts();
    expect(options).toContain('default');
    expect(options).not.toContain('e2e-secret');
    await screenshot(p, '31-bob-workspaces');
    await p.context().close();
  });

  it('creates a token, shows its secret once, and revokes it', async () => {
    await page.goto(`${stack.webUrl}/tokens`);
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByLabel('Token name').fill('e2e-laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByTestId('new-token-secret').innerText();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await page.locator('tr[data-token="e2e-laptop"]').waitFor();
    await screenshot(page, '32-token-created');
    // The new token works against the API.
    const me = (await stack.graphql('{ me { user { name } } }', undefined, secret)) as {
      me: { user: { name: string } };
    };
    expect(me.me.user.name).toBe('admin');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('new-token-secret').count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke e2e-laptop' }).click();
    await page.getByRole('button', { name: 'Confirm revoke e2e-laptop' }).click();
    await page.locator('tr[data-token="e2e-laptop"]').waitFor({ state: 'detached' });
    await page.getByLabel('Show revoked').check();
    await expect(page.locator('tr[data-token="e2e-laptop"] td').nth(6)).toHaveTextSoon(/^revoked/);
    await screenshot(page, '33-token-revoked');
    await expect(stack.graphql('{ me { user { name } } }', undefined, secret)).rejects.toThrow();
  });

  it('adds a member with a role and changes it', async () => {
    await page.goto(`${stack.webUrl}/members`);
    await page.getByRole('heading', { level: 1, name: 'Members of default' }).waitFor();
    await page.locator('tr[data-member="e2e-bob"]').waitFor();
    await page.getByLabel('User name').fill('e2e-carol');
    await page.getByLabel('Role', { exact: true }).selectOption('EDITOR');
    await page.getByRole('button', { name: 'Add member' }).click();
    const row = page.locator('tr[data-member="e2e-carol"]');
    await row.waitFor();
    expect(await page.getByLabel('Role of e2e-carol').inputValue()).toBe('EDITOR');
    await page.getByLabel('Role of e2e-carol').selectOption('ADMIN');
    await expect(page.getByLabel('Role of e2e-carol')).toHaveValueSoon('ADMIN');
    await screenshot(page, '34-members');
    const members = (await stack.graphql(
      '{ workspaceMembers(workspace: "default") { role user { name } } }',
    )) as {
      workspaceMembers: { role: string; user: { name: string } }[];
    };
    expect(members.workspaceMembers.find((m) => m.user.name === 'e2e-carol')?.role).toBe('ADMIN');
  });
});

describe('saved checks', () => {
  it('creates a check and runs it: pass', async () => {
    await page.goto(`${stack.webUrl}/checks`);
    await page.getByRole('heading', { level: 1, name: 'Saved checks' }).waitFor();
    await page.getByRole('button', { name: 'New check' }).click();
    const form = page.getByRole('form', { name: 'New saved check' });
    await form.getByLabel('Name').fill('https-from-internet');
    await form.getByLabel('Source', { exact: true }).fill('Internet');
    await form.getByLabel('Destination', { exact: true }).fill('vm-web-01');
    await form.getByLabel('Destination ports').fill('443');
    await form.getByLabel('Expected').selectOption('ALLOW');
    await form.getByRole('button', { name: 'Create check' }).click();
    await page.locator('tr[data-check="https-from-internet"]').waitFor();
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    await expect(page.getByTestId('latest-https-from-internet')).toHaveTextSoon('Pass');
    // A pass names its deciding rule too (the run just made is open).
    const pass = page.locator('li[data-check="https-from-internet"][data-passed="true"]').first();
    await pass.waitFor();
    expect(await pass.getByTestId('deciding-rule').innerText()).toMatch(/^Allowed by rule \S+/);
    await screenshot(page, '35-check-pass');
  });

  it('a stale delete opens the conflict dialog with what changed; Reload keeps their check', async () => {
    await page.goto(`${stack.webUrl}/checks`);
    await page.locator('tr[data-check="https-from-internet"]').waitFor();
    // Someone else changes the check after this page read it: the page's delete sends the version it read.
    await stack.graphql(
      'mutation { updateSavedCheck(input: { name: "https-from-internet", description: "changed elsewhere" }) { savedCheck { version } } }',
    );
    await page.getByRole('button', { name: 'Delete https-from-internet' }).click();
    await page.getByRole('button', { name: 'Confirm delete https-from-internet' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-changes').innerText()).toContain('description');
    await dialog.getByRole('button', { name: 'Reload (take theirs)' }).click();
    await page.getByText('changed elsewhere').waitFor();
    await page.locator('tr[data-check="https-from-internet"]').waitFor();
  });
});

describe('history', () => {
  it('shows an edit made here in the NSG page History tab', async () => {
    await page.goto(`${stack.webUrl}/nsg?id=${q(NSG)}`);
    await page.getByRole('heading', { level: 1, name: 'nsg-web' }).waitFor();
    await page.getByRole('button', { name: 'Add inbound rule' }).click();
    const form = page.getByRole('form', { name: 'New security rule' });
    await form.getByLabel('Name').fill('e2e-history-8081');
    await form.getByLabel('Priority').fill('3000');
    await form.getByLabel('Destination ports').fill('8081');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await page.locator('tr[data-rule="e2e-history-8081"]').waitFor();
    await page.getByRole('button', { name: 'Edit e2e-history-8081' }).click();
    const edit = page.getByRole('form', { name: 'Edit rule e2e-history-8081' });
    await edit.getByLabel('Destination ports').fill('8082');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Rule e2e-history-8081 saved.').first().waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    const entry = page
      .locator('.history-entry[data-action="updateSecurityRule"]', { hasText: 'e2e-history-8081' })
      .first();
    await entry.waitFor();
    expect(await entry.innerText()).toContain('admin');
    await entry.locator('summary').click();
    await entry.getByRole('table', { name: 'Changed fields' }).waitFor();
    await screenshot(page, '36-history-tab');
    // The workspace history page has it too, and filters by person.
    await page.goto(`${stack.webUrl}/history`);
    await page.locator('.history-entry', { hasText: 'e2e-history-8081' }).first().waitFor();
    await page.getByLabel('Person').fill('nobody-here');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No recorded changes match.').waitFor();
    await screenshot(page, '37-history-page');
  });
});

describe('drafts and flow diff', () => {
  it('edits a rule in a draft, shows the diff, applies it, and the live verdict changes', async () => {
    await page.goto(`${stack.webUrl}/drafts`);
    await page.getByLabel('Draft name').fill('e2e-deny-https');
    await page.getByRole('button', { name: 'Create draft' }).click();
    // The new draft's own page, inside the draft (banner shown).
    await page.waitForURL(/\/drafts\/e2e-deny-https\?workspace=default~e2e-deny-https/);
    await page.getByRole('heading', { level: 1, name: 'e2e-deny-https' }).waitFor();
    await page.getByText('You are editing draft').waitFor();
    await screenshot(page, '38-draft-banner');
    // The header's "New draft…" opens the form with the name field focused.
    await page.locator('#draft-select').selectOption({ label: 'New draft…' });
    await page.waitForURL(/\/drafts\?new/);
    await page.waitForFunction(() => document.activeElement?.id.endsWith('-name') === true);

    await page.goto(
      `${stack.webUrl}/nsg?id=${q(NSG)}&workspace=${encodeURIComponent('default~e2e-deny-https')}`,
    );
    await page.getByRole('button', { name: 'Edit allow-http-https-internet' }).click();
    const form = page.getByRole('form', { name: 'Edit rule allow-http-https-internet' });
    await form.getByLabel('Action').selectOption('DENY');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Rule allow-http-https-internet saved.').first().waitFor();

    // The live model is untouched; the draft denies.
    await page.goto(`${stack.webUrl}${httpsVerify('default')}`);
    await page.getByTestId('verdict').waitFor();
    expect(await page.locator('.verdict-access').innerText()).toContain('Access allowed');

    await page.goto(`${stack.webUrl}/drafts/e2e-deny-https`);
    await page.getByRole('heading', { level: 1, name: 'e2e-deny-https' }).waitFor();
    await page
      .locator('.diff-entry[data-change="MODIFIED"][data-name="allow-http-https-internet"]')
      .waitFor();
    const verdicts = page.getByTestId('verdict-changes');
    await verdicts.locator('.diff-entry[data-change="NEWLY_DENIED"]').first().waitFor({ timeout: 30000 });
    await screenshot(page, '39-draft-diff');
    // The example flow opens in IP flow verify against the draft.
    const example = verdicts.getByRole('link', { name: 'open in IP flow verify (draft)' }).first();
    expect(await example.getAttribute('href')).toContain('workspace=default%7Ee2e-deny-https');

    await page.getByRole('button', { name: 'Apply to default' }).click();
    await page.getByRole('button', { name: 'Confirm apply' }).click();
    await page.getByTestId('draft-applied').waitFor();
    await screenshot(page, '40-draft-applied');

    await page.goto(`${stack.webUrl}${httpsVerify('default')}`);
    await page.getByTestId('verdict').waitFor();
    expect(await page.locator('.verdict-access').innerText()).toContain('Access denied');
    await screenshot(page, '41-live-denied');
  });

  it('the saved check now fails, with the deciding rule and a counterexample', async () => {
    await page.goto(`${stack.webUrl}/checks`);
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    await expect(page.getByTestId('latest-https-from-internet')).toHaveTextSoon('Fail');
    const failure = page.locator('li[data-check="https-from-internet"][data-passed="false"]').first();
    await failure.waitFor();
    expect(await failure.innerText()).toContain('Got Deny');
    await screenshot(page, '42-check-fail');
    await failure.getByRole('link', { name: 'Open the counterexample in IP flow verify' }).click();
    await page.getByTestId('verdict').waitFor();
    expect(await page.locator('.verdict-access').innerText()).toContain('Access denied');
  });
});
