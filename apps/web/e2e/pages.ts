import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './stack';

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
