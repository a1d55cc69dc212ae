import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { signIn } from './signin';
import { ADMIN_TOKEN, ARTIFACTS_DIR, CHROMIUM_ARGS, findChromium, startStack, type Stack } from './stack';

/** The browser console's errors and uncaught page errors of every watched page, kept until a test takes them. */
export class ConsoleErrors {
  private errors: string[] = [];

  watch(p: Page): void {
    p.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`${m.text()} (${m.location().url})`);
    });
    p.on('pageerror', (e) => this.errors.push(`page error: ${e.message}`));
  }

  /** Forgets the errors a test provoked on purpose (e.g. the 400 of a refused save). */
  ignore(expected: RegExp): void {
    this.errors = this.errors.filter((e) => !expected.test(e));
  }

  /** The errors so far, emptied. */
  take(): string[] {
    const errors = this.errors;
    this.errors = [];
    return errors;
  }
}

/** A full-page screenshot under the ignored artifacts folder. */
export async function screenshot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** A test file's own stack (API + built web, demo network), Debian's chromium, one page watched for console errors. */
export interface BrowserSession {
  stack: Stack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleErrors: ConsoleErrors;
  close(): Promise<void>;
}

/** Starts a `BrowserSession` at 1280 × 900; signed in as the admin unless `signedIn` is false. */
export async function startBrowserSession(options: { signedIn?: boolean } = {}): Promise<BrowserSession> {
  const executablePath = findChromium();
  const stack = await startStack();
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors = new ConsoleErrors();
  consoleErrors.watch(page);
  if (options.signedIn !== false) await signIn(page, stack.webUrl, ADMIN_TOKEN);
  return {
    stack,
    browser,
    context,
    page,
    consoleErrors,
    close: async () => {
      await browser.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

/**
 * A test file's own `BrowserSession`, as jest hooks: it starts before the file's tests and is handed to `use` (to
 * fill the file's variables), closes after them, and each test fails on the console errors it left behind.
 */
export function useBrowserSession(
  use: (session: BrowserSession) => void,
  options: { signedIn?: boolean } = {},
): void {
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    session = await startBrowserSession(options);
    use(session);
  }, 240000);
  afterAll(() => session?.close(), 60000);
  afterEach(() => {
    expect(session?.consoleErrors.take()).toEqual([]);
  });
}
