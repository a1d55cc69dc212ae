import type { Page } from 'playwright-core';

/**
 * Signs in through the sign-in page the way the printed sign-in URL does (`/signin?token=…`): the web server checks
 * the token with the API, sets the httpOnly session cookie and redirects with the token gone from the URL.
 * By default it comes back to the page the browser was on (tests that continue a previous one's page keep it).
 */
export async function signIn(page: Page, webUrl: string, token: string, next?: string): Promise<void> {
  let back = next ?? '/resources';
  if (!next && page.url().startsWith(webUrl)) {
    const here = new URL(page.url());
    if (here.pathname !== '/signin') back = `${here.pathname}${here.search}`;
  }
  await page.goto(`${webUrl}/signin?token=${encodeURIComponent(token)}&next=${encodeURIComponent(back)}`);
  await page.waitForURL((url) => url.pathname !== '/signin');
  if (page.url().includes('token=')) throw new Error('e2e: the token stayed in the URL after sign-in');
}
