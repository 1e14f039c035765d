import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/**
 * The sign-in page comes rendered ahead (tools/prerender.mjs) in the visitor's language, paints before any script,
 * and the app takes that page over (hydration) instead of building it again: the same elements stay.
 */
describe('the sign-in page, rendered ahead in each language and hydrated', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  const email = 'hydra@rendered.example';
  const password = 'a long enough password for hydration';

  beforeAll(async () => {
    database = await createTestDatabase();
    product = await startBuiltProduct({ DATABASE_URL: database.url });
    browser = await launchChromium();
    const signUp = await fetch(`${product.url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organisationName: 'Hydra', displayName: 'Hans Hydra', email, password }),
    });
    expect(signUp.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  /** Console errors (a restore's 401 aside) and Content-Security-Policy violations, as the page reports them. */
  async function watch(page: Page): Promise<() => Promise<string[]>> {
    const errors: string[] = [];
    page.on('console', (message) => {
      const restoreAttempt =
        message.location().url.endsWith('/api/auth/refresh') && /\b401\b/.test(message.text());
      if (message.type() === 'error' && !restoreAttempt) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective}: ${event.blockedURI || event.sample}`),
      );
    });
    return async () => [
      ...errors,
      ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
    ];
  }

  /**
   * Opens /sign-in with the app's script held back, checks what was painted without it, and marks the heading;
   * `live` lets the script go and waits until the app is live (the signed-out links show once the session is known).
   */
  async function openHeldBack(context: BrowserContext, heading: string) {
    const page = await context.newPage();
    const problems = await watch(page);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/main-[A-Za-z0-9_-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const response = await page.goto(`${product.url}/sign-in`, { waitUntil: 'commit' });
    expect(response?.headers()['cache-control']).toBe('no-cache');
    expect(response?.headers()['vary']).toMatch(/Cookie/i);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    // The app's script is a module, run before DOMContentLoaded: the page as parsed, without it.
    await expect(page.locator('h1').textContent()).resolves.toBe(heading);
    await page.evaluate(() => {
      (window as unknown as { renderedAhead: Element | null }).renderedAhead = document.querySelector('h1');
    });
    const sameHeading = () =>
      page.evaluate(
        () =>
          (window as unknown as { renderedAhead: Element | null }).renderedAhead ===
          document.querySelector('h1'),
      );
    const live = async () => {
      release();
      await page.getByTestId('nav-sign-in').waitFor({ timeout: hangGuardMs(15_000) });
      return sameHeading();
    };
    return { page, problems, release, live };
  }

  it('serves the Dutch copy to a Dutch browser, and signs in with what was typed and sent before the app took over', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' });
    const { page, problems, release } = await openHeldBack(context, 'Inloggen bij Kaizen Loop');
    // before-hydration.js is in place once the page is parsed; the app's script is still held.
    await page.waitForFunction(() => 'kzBeforeHydration' in window);
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('email').inputValue()).resolves.toBe(email);

    // Let the app's script go: it hydrates, replays the typing and the submit, and signs in.
    release();
    await page.waitForFunction(() => location.pathname === '/', undefined, { timeout: hangGuardMs(15_000) });
    await expect(page.getByTestId('account-name').textContent()).resolves.toBe('Hans Hydra');
    // The same document throughout: the form's own submit was held, not sent (which would have reloaded the page).
    await expect(page.evaluate(() => 'renderedAhead' in window)).resolves.toBe(true);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('nl');
    await expect(problems()).resolves.toEqual([]);
    await context.close();
  });

  it('serves the English copy where the language chosen in the app says so, whatever the browser prefers', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' });
    await context.addCookies([{ name: 'kz_language', value: 'en', url: product.url }]);
    await context.addInitScript(() => localStorage.setItem('kz.language', 'en'));
    const { problems, live } = await openHeldBack(context, 'Sign in to Kaizen Loop');
    // Hydrated: the app took over the very elements that were painted.
    await expect(live()).resolves.toBe(true);
    await expect(problems()).resolves.toEqual([]);
    await context.close();
  });

  it('renders afresh in the language chosen on this device when the server could not know it, and remembers it', async () => {
    // A choice from before the cookie existed: the server goes by the browser's Dutch.
    const context = await browser.newContext({ locale: 'nl-NL' });
    await context.addInitScript(() => localStorage.setItem('kz.language', 'en'));
    const { page, problems, live } = await openHeldBack(context, 'Inloggen bij Kaizen Loop');
    await expect(live()).resolves.toBe(false);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in to Kaizen Loop');
    await expect(problems()).resolves.toEqual([]);

    // The app now mirrors the choice in the cookie, so the next visit gets the English copy.
    const again = await page.goto(`${product.url}/sign-in`);
    await expect(again?.text()).resolves.toContain('<html lang="en"');
    await context.close();
  });
});
