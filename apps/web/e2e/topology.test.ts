/**
 * The topology graph in a real browser against the built app and API (its own stack, demo network): keyboard use
 * (edges are no tab stops, the first node is a Tab away, named "<kind> <name>", with a visible focus outline,
 * Enter opens it), the NSG/ASG badges as links, the search for NSGs/ASGs, a search without a match clearing the
 * previous pick, and a readable first zoom. Every test saves a screenshot under artifacts/e2e/ and fails on
 * browser console errors.
 */
import type { Page } from 'playwright-core';
import { screenshot, useBrowserSession, type BrowserSession } from './pages';

let stack: BrowserSession['stack'];
let page: Page;

useBrowserSession((s) => ({ stack, page } = s));

async function openTopology() {
  await page.goto(`${stack.webUrl}/`);
  await page.locator('.react-flow__node-resource').first().waitFor();
}

/** What has the keyboard focus: a graph node (with its accessible name), an edge, or something else. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { what: 'none', name: '' };
    if (el.closest('.react-flow__edge')) return { what: 'edge', name: el.getAttribute('aria-label') ?? '' };
    if (el.classList.contains('react-flow__node'))
      return { what: 'node', name: el.getAttribute('aria-label') ?? '' };
    return { what: el.tagName.toLowerCase(), name: el.textContent ?? '' };
  });

describe('topology', () => {
  it('reaches a node from the search box in a few Tabs, names it by kind and name, shows focus, opens it with Enter', async () => {
    await openTopology();
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(10);
    expect(await page.locator('.react-flow__edge[tabindex]').count()).toBe(0);

    await page.getByLabel('Find a resource').focus();
    let tabs = 0;
    let now = await focused();
    while (now.what !== 'node' && tabs < 3) {
      await page.keyboard.press('Tab');
      tabs += 1;
      now = await focused();
      expect(now.what).not.toBe('edge');
    }
    expect(now.what).toBe('node');
    // The first stop is the first VNet; its name is kind + display name, not the lowercase ARM id.
    expect(now.name).toBe('VNet vnet-hub');
    const node = page.locator('.react-flow__node:focus');
    const ring = await node.evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'topology-01-node-focused');

    // The next stops walk the hub's tree: its subnets, each followed by its VMs (and their badge links).
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      expect(f.what).not.toBe('edge');
      if (f.what === 'node') names.push(f.name);
    }
    expect(names[0]).toMatch(/^Subnet /);
    expect(names.every((n) => /^(VNet|Subnet|VM|NIC) [^/]+$/.test(n))).toBe(true);

    // Every resource node is named that way (screen readers: role group + aria-label).
    await page.getByRole('group', { name: 'VM vm-web-01', exact: true }).waitFor({ state: 'attached' });
    await page.getByRole('group', { name: 'Subnet snet-web', exact: true }).waitFor({ state: 'attached' });

    await page.getByLabel('Find a resource').focus();
    await page.keyboard.press('Tab');
    expect((await focused()).name).toBe('VNet vnet-hub');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/vnet\?id=/);
    await page.getByRole('heading', { level: 1, name: 'vnet-hub' }).waitFor();
  });

  it('opens at a readable zoom (node names at least about 11 px on screen)', async () => {
    await openTopology();
    const zoom = await page
      .locator('.react-flow__viewport')
      .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
    const labelPx = await page
      .locator('.topo-label')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(zoom).toBeGreaterThanOrEqual(0.9);
    expect(labelPx * zoom).toBeGreaterThanOrEqual(11);
    // The top of the graph (the hub VNet) is on screen.
    const canvas = (await page.locator('.topo-canvas').boundingBox())!;
    const hub = (await page.getByRole('group', { name: 'VNet vnet-hub', exact: true }).boundingBox())!;
    expect(hub.y).toBeGreaterThanOrEqual(canvas.y);
    expect(hub.y + hub.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    await screenshot(page, 'topology-02-initial-zoom');
  });

  it('opens an NSG from its badge on a subnet (not the subnet)', async () => {
    await openTopology();
    await page.getByLabel('Find a resource').fill('snet-web');
    await page.getByLabel('Find a resource').press('Enter');
    await page.getByRole('link', { name: 'Open Subnet page' }).waitFor();
    const badge = page.getByRole('link', { name: 'NSG nsg-web', exact: true });
    await page.waitForTimeout(500); // the pan to the node
    await screenshot(page, 'topology-03-nsg-badge');
    await badge.click();
    await page.waitForURL(/\/nsg\?id=/);
    expect(decodeURIComponent(page.url())).toMatch(/networkSecurityGroups\/nsg-web$/);
    await page.getByRole('heading', { level: 1, name: 'nsg-web' }).waitFor();
  });

  it('opens an ASG from its badge on a VM, from the keyboard', async () => {
    await openTopology();
    const badge = page.getByRole('link', { name: 'ASG asg-db', exact: true }).first();
    await badge.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/asg\?id=/);
    expect(decodeURIComponent(page.url())).toMatch(/applicationSecurityGroups\/asg-db$/);
    await page.getByRole('heading', { level: 1, name: 'asg-db' }).waitFor();
  });

  it('finds an NSG by name, highlights the node showing it and opens it; a search without a match clears the pick', async () => {
    await openTopology();
    const search = page.getByLabel('Find a resource');
    await search.fill('nsg-db');
    const results = page.getByRole('list', { name: 'Matching resources' });
    await results.getByRole('button', { name: 'NSG nsg-db' }).waitFor();
    await search.press('Enter');
    const selected = page.locator('.topo-selected');
    await selected.getByText('NSG nsg-db').waitFor();
    await selected.getByText('on Subnet snet-db').waitFor();
    const badge = page.locator('.topo-badge', { hasText: 'NSG nsg-db' });
    await page.waitForTimeout(500);
    expect(await badge.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    const carrier = page.getByRole('group', { name: 'Subnet snet-db', exact: true }).locator('.topo-node');
    expect(await carrier.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await screenshot(page, 'topology-04-search-nsg');

    // An ASG on several VMs: one hit, every carrier highlighted.
    await search.fill('asg-web');
    await results.getByRole('button', { name: 'ASG asg-web' }).click();
    await selected.getByText(/on 3 nodes/).waitFor();

    // Nothing found: the previous pick and its highlight go.
    await search.fill('no-such-resource-anywhere');
    await results.getByText('No match').waitFor();
    expect(await selected.count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Open .* page$/ }).count()).toBe(0);
    expect(await badge.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none');
    await screenshot(page, 'topology-05-no-match');

    await search.fill('nsg-db');
    await search.press('Enter');
    await page.getByRole('link', { name: 'Open NSG page' }).click();
    await page.waitForURL(/\/nsg\?id=/);
    expect(decodeURIComponent(page.url())).toMatch(/networkSecurityGroups\/nsg-db$/);
    await page.getByRole('heading', { level: 1, name: 'nsg-db' }).waitFor();
  });
});
