// Helpers for the apps' browser tests (storefront, admin): Debian's Chromium driven by
// playwright-core, axe-core checks, screenshots at desktop and phone widths, and console
// errors collected per page. Imported as @commerce/testkit/browser.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

// What the page's own scripts see (this program has Node's types, not the DOM's).
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

const require = createRequire(import.meta.url);
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Records console errors and uncaught exceptions of a page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

/**
 * A check for each page: screenshots at desktop and phone width into `screenshotsDir`, no
 * horizontal overflow on a phone, then axe-core: no serious or critical violations.
 */
export function pageChecker(screenshotsDir: string): (page: Page, name: string) => Promise<void> {
  return (page, name) => checkPage(page, name, screenshotsDir);
}

async function checkPage(page: Page, name: string, screenshotsDir: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(screenshotsDir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(screenshotsDir, `${name}-phone.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${name}: the page is ${overflow}px wider than a phone screen`);
  await page.setViewportSize(before);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `${name}: axe-core found serious or critical violations`);
}
