import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import { workspaceRoot } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

describe('the web app in Chromium, served by the built API, with the built worker', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    product = await startBuiltProduct({ DATABASE_URL: database.url });
    url = product.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  it('opens the shell, navigates to the health page, and round-trips a heartbeat through the worker', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      // A signed-out visit tries to restore a session once; the API answers that 401 ("no session").
      const restoreAttempt =
        message.location().url.endsWith('/api/auth/refresh') && /\b401\b/.test(message.text());
      if (message.type() === 'error' && !restoreAttempt) consoleErrors.push(message.text());
    });
    // Every Content-Security-Policy violation, reported by the page itself (the console shows most, not all).
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective}: ${event.blockedURI || event.sample}`),
      );
    });
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    await expect(page.title()).resolves.toMatch(/Kaizen Loop/);

    // System status is no longer in a visitor's navigation (admins only), but the page stays open to all.
    await expect(page.getByTestId('nav-health').count()).resolves.toBe(0);
    await page.goto(`${url}/health`);
    await expect(
      page.getByTestId('readiness-status').textContent({ timeout: hangGuardMs(10_000) }),
    ).resolves.toBe('ready');
    await expect(page.getByTestId('check-database').textContent()).resolves.toMatch(/up/);
    await expect(page.getByTestId('check-queue').textContent()).resolves.toMatch(/up/);
    await expect(page.getByTestId('queue-backend').textContent()).resolves.toMatch(/postgres/);

    await page.getByTestId('heartbeat-button').click();
    await page
      .getByTestId('heartbeat-result')
      .filter({ hasText: /\d+\s*ms/ })
      .waitFor({ timeout: hangGuardMs(10_000) });

    mkdirSync(join(workspaceRoot, 'tmp'), { recursive: true });
    await page.screenshot({ path: join(workspaceRoot, 'tmp/smoke-health.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
    // The global stylesheet applies (a blocked onload handler would leave it at media=print).
    expect(
      await page.evaluate(
        () =>
          Array.from(document.styleSheets).filter((sheet) => sheet.href && sheet.media.mediaText !== 'print')
            .length,
      ),
    ).toBeGreaterThan(0);
  });

  it('serves deep links to the app, and API 404s as problem details', async () => {
    const deepLink = await fetch(`${url}/health`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<kz-root');
    const missing = await fetch(`${url}/api/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
