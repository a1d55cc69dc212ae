/**
 * Polling assertions for the browser tests (playwright-core has no `expect` of its own). Each one re-reads the page
 * every 100 ms for up to `POLL_MS`, so a page that gets there on a loaded CI machine passes, and one that never does
 * fails with the last value it showed. Import this module for its matchers: `import './matchers';`.
 */
import type { Locator } from 'playwright-core';

export const POLL_MS = 10_000;

/** Reads until `ok(value)` or `POLL_MS` pass; a read that throws counts as `fallback`. */
export async function poll<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  fallback: T,
): Promise<{ pass: boolean; last: T }> {
  const started = Date.now();
  let last = fallback;
  for (;;) {
    last = await read().catch(() => fallback);
    if (ok(last)) return { pass: true, last };
    if (Date.now() - started >= POLL_MS) return { pass: false, last };
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sameText = (text: string | RegExp) => (value: string) =>
  typeof text === 'string' ? value === text : text.test(value);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveValueSoon(value: string): Promise<R>;
      toHaveTextSoon(text: string | RegExp): Promise<R>;
      toHaveAttributeSoon(name: string, value: string): Promise<R>;
      toBeFocusedSoon(): Promise<R>;
    }
  }
}

expect.extend({
  async toHaveValueSoon(locator: Locator, value: string) {
    const { pass, last } = await poll(() => locator.inputValue(), sameText(value), '');
    return { pass, message: () => `expected value ${value}, got ${last}` };
  },
  async toHaveTextSoon(locator: Locator, text: string | RegExp) {
    const { pass, last } = await poll(async () => (await locator.innerText()).trim(), sameText(text), '');
    return { pass, message: () => `expected text ${String(text)}, got ${last}` };
  },
  async toHaveAttributeSoon(locator: Locator, name: string, value: string) {
    const { pass, last } = await poll(
      () => locator.getAttribute(name),
      (v) => v === value,
      null,
    );
    return { pass, message: () => `expected ${name}="${value}", got ${String(last)}` };
  },
  async toBeFocusedSoon(locator: Locator) {
    const { pass } = await poll(
      () => locator.evaluate((e) => e === document.activeElement),
      (focused) => focused,
      false,
    );
    return { pass, message: () => 'expected the element to have focus' };
  },
});
