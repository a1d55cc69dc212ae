/**
 * Concurrency and session edges in a real browser against the built app and API (its own stack, demo network):
 * two sessions editing the same rule (conflict dialog: reload, retry, overwrite), a draft whose rule also changed
 * live (apply refused with the conflict table), and a session whose token is revoked (back to sign-in, with a
 * clear message, and back to the page after signing in again). Every test saves a screenshot under artifacts/e2e/
 * and fails on browser console errors.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ConsoleErrors, screenshot } from './pages';
import { poll } from './matchers';
import { signIn } from './signin';
import { ADMIN_TOKEN, CHROMIUM_ARGS, findChromium, startStack, type Stack } from './stack';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers';
const NSG = `${SUB}/Microsoft.Network/networkSecurityGroups/nsg-web`;
const rule = (name: string) => `${NSG}/securityRules/${name}`;
const q = (id: string) => encodeURIComponent(id);

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors = new ConsoleErrors();

/** A signed-in browser session of its own (cookies are per context), watched for console errors. */
async function newSession(token = ADMIN_TOKEN, next = '/resources'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  consoleErrors.watch(page);
  await signIn(page, stack.webUrl, token, next);
  return page;
}

/** The priority cell of a rule's row on the NSG page, once it shows `priority`. */
async function expectPriority(p: Page, name: string, priority: string) {
  const cell = p.locator(`tr[data-rule="${name}"] td.num`).first();
  const { pass, last } = await poll(
    async () => (await cell.innerText()).trim(),
    (v) => v === priority,
    '',
  );
  if (!pass) throw new Error(`rule ${name}: priority ${last || '(none)'}, expected ${priority}`);
}

async function editPriority(p: Page, name: string, priority: string) {
  await p.getByRole('button', { name: `Edit ${name}` }).click();
  const form = p.getByRole('form', { name: `Edit rule ${name}` });
  await form.getByLabel('Priority').fill(priority);
  await form.getByRole('button', { name: 'Save rule' }).click();
}

/** The version of one of nsg-web's rules in `workspace` (the API's optimistic-concurrency counter). */
async function ruleVersion(workspace: string, name: string): Promise<number> {
  const data = (await stack.graphql(
    'query($w: String, $id: String!) { resourceByArmId(workspace: $w, armId: $id) { ... on NetworkSecurityGroup { securityRules(first: 100) { edges { node { name version } } } } } }',
    { w: workspace, id: NSG },
  )) as {
    resourceByArmId: { securityRules: { edges: { node: { name: string; version: number } }[] } } | null;
  };
  const found = data.resourceByArmId?.securityRules.edges.find((e) => e.node.name === name);
  if (!found) throw new Error(`e2e: no rule ${name} in nsg-web of ${workspace}`);
  return found.node.version;
}

beforeAll(async () => {
  const executablePath = findChromium();
  stack = await startStack();
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}, 240000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 60000);

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  expect(consoleErrors.take()).toEqual([]);
});

describe('two sessions edit the same rule', () => {
  it('the second save opens the conflict dialog; Reload takes theirs, a retry saves, Overwrite wins', async () => {
    const nsgPage = `/nsg?id=${q(NSG)}`;
    const alice = await newSession(ADMIN_TOKEN, nsgPage);
    const bob = await newSession(ADMIN_TOKEN, nsgPage);
    await expectPriority(alice, 'allow-monitoring-agent', '300');
    await expectPriority(bob, 'allow-monitoring-agent', '300');

    // Alice saves first; Bob's page still holds the version both read.
    await editPriority(alice, 'allow-monitoring-agent', '310');
    await alice.getByText('Rule allow-monitoring-agent saved.').first().waitFor();
    await editPriority(bob, 'allow-monitoring-agent', '320');
    const dialog = bob.getByRole('alertdialog', {
      name: 'Rule allow-monitoring-agent was changed by someone else',
    });
    await dialog.waitFor();
    // Focus moves into the dialog; their current version is there to read.
    expect(await bob.evaluate(() => document.activeElement?.textContent)).toBe('Reload (take theirs)');
    // What Alice changed since Bob read the rule, in words, then her whole current version.
    expect(await dialog.getByTestId('conflict-changes').innerText()).toBe('priority: 300 → 310');
    await dialog.getByText('Their current version').click();
    expect(await dialog.locator('pre').innerText()).toContain('"priority": 310');
    await screenshot(bob, '50-rule-conflict-dialog');

    // Reload: Bob's edit is dropped and the page shows Alice's priority.
    await dialog.getByRole('button', { name: 'Reload (take theirs)' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectPriority(bob, 'allow-monitoring-agent', '310');
    // Retry on top of the fresh version: saved.
    await editPriority(bob, 'allow-monitoring-agent', '320');
    await bob.getByText('Rule allow-monitoring-agent saved.').first().waitFor();
    await expectPriority(bob, 'allow-monitoring-agent', '320');

    // Now Alice is the stale one: she overwrites with hers.
    await editPriority(alice, 'allow-monitoring-agent', '330');
    const aliceDialog = alice.getByRole('alertdialog', {
      name: 'Rule allow-monitoring-agent was changed by someone else',
    });
    await aliceDialog.waitFor();
    await aliceDialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await aliceDialog.waitFor({ state: 'detached' });
    await alice.getByText('Rule allow-monitoring-agent saved.').first().waitFor();
    await expectPriority(alice, 'allow-monitoring-agent', '330');
    await screenshot(alice, '51-rule-conflict-overwritten');
    // Three saves in all: Alice's, Bob's retry, Alice's overwrite.
    expect(await ruleVersion('default', 'allow-monitoring-agent')).toBe(4);
    await bob.reload();
    await expectPriority(bob, 'allow-monitoring-agent', '330');
  });
});

describe('draft apply conflict', () => {
  it('refuses to apply a draft whose rule also changed live, and lists the conflict', async () => {
    const target = rule('allow-bastion-ssh-rdp');
    await stack.graphql(
      'mutation { createDraft(input: { workspace: "default", name: "e2e-conflict" }) { draft { name } } }',
    );
    const draftWorkspace = 'default~e2e-conflict';
    // The draft changes the rule in the browser …
    const page = await newSession(ADMIN_TOKEN, `/nsg?id=${q(NSG)}&workspace=${q(draftWorkspace)}`);
    await page.getByText('You are editing draft').waitFor();
    await editPriority(page, 'allow-bastion-ssh-rdp', '210');
    await page.getByText('Rule allow-bastion-ssh-rdp saved.').first().waitFor();
    // … and someone changes the same rule live.
    await stack.graphql(
      'mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { priority } } }',
      {
        i: {
          workspace: 'default',
          id: target,
          expectedVersion: await ruleVersion('default', 'allow-bastion-ssh-rdp'),
          patch: { priority: 220 },
        },
      },
    );

    await page.goto(`${stack.webUrl}/drafts/e2e-conflict`);
    await page.getByRole('heading', { level: 1, name: 'e2e-conflict' }).waitFor();
    await page.getByRole('button', { name: 'Apply to default' }).click();
    await page.getByRole('button', { name: 'Confirm apply' }).click();
    const report = page.getByTestId('draft-conflicts');
    await report.waitFor();
    expect(await report.innerText()).toContain('The draft was not applied');
    const row = report.locator('tbody tr', { hasText: 'allow-bastion-ssh-rdp' });
    expect(await row.count()).toBe(1);
    expect((await row.locator('td').nth(1).innerText()).trim()).toBe('modified');
    expect((await row.locator('td').nth(2).innerText()).trim()).toBe('modified');
    await screenshot(page, '52-draft-apply-conflict');

    // Nothing was applied: live keeps its own change, and the draft is still there.
    await page.goto(`${stack.webUrl}/nsg?id=${q(NSG)}`);
    await expectPriority(page, 'allow-bastion-ssh-rdp', '220');
    await page.goto(`${stack.webUrl}/nsg?id=${q(NSG)}&workspace=${q(draftWorkspace)}`);
    await expectPriority(page, 'allow-bastion-ssh-rdp', '210');
  });
});

describe('revoked session', () => {
  it('the next action after revoking the token goes to sign-in with a clear message, then back', async () => {
    const created = (await stack.graphql(
      'mutation { createApiToken(input: { name: "e2e-revoke-me" }) { token apiToken { id } } }',
    )) as { createApiToken: { token: string; apiToken: { id: string } } };
    const page = await newSession(created.createApiToken.token, '/resources');
    await page.getByRole('heading', { level: 1, name: 'Resources' }).waitFor();

    await stack.graphql(
      'mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { apiToken { id } } }',
      {
        i: { id: created.createApiToken.apiToken.id },
      },
    );
    // The next action that asks the API something: another kind of resources (its table is queried on arrival).
    // The status banner also re-checks the session when the window gains focus, which the click itself can cause:
    // then the page is already leaving for sign-in while the click runs. Either way the user must land on sign-in.
    const toSignin = page.waitForURL(/\/signin\?/);
    await page
      .getByRole('navigation', { name: 'Resource kinds' })
      .getByRole('link', { name: /Network security groups/ })
      .click({ timeout: 10_000 })
      .catch((error: unknown) => {
        if (!new URL(page.url()).pathname.startsWith('/signin')) throw error;
      });
    await toSignin;
    const url = new URL(page.url());
    expect(url.searchParams.get('error')).toBe('expired');
    // Back to where the user was (the tab they left or the one they opened, whichever query failed first).
    expect(url.searchParams.get('next')).toMatch(/^\/resources/);
    await page
      .getByRole('alert')
      .getByText('Your session ended (the token was revoked or has expired). Sign in again.')
      .waitFor();
    await screenshot(page, '53-session-revoked');

    // The topology page (read on the server) sends a revoked session to sign-in the same way.
    await page.goto(`${stack.webUrl}/`);
    await page.waitForURL(/\/signin\?.*error=expired/);

    // Signing in again with a valid token comes back to where the user was going.
    await page.getByLabel('API token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.locator('.react-flow__node').first().waitFor();
  });
});
