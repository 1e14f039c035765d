import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { generateSync } from 'otplib';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { signUpOrganisation } from '../support/api-client';
import {
  accessibilityProblems,
  collectConsoleErrors,
  horizontalOverflow,
  screenshots,
  seeText,
  shoot,
} from '../support/browser-page';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/** The code an authenticator app shows, `steps` time steps from now. */
const codeOf = (secret: string, steps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describe('two-factor sign-in and one’s own data, in Chromium at phone width', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    product = await startBuiltProduct({ DATABASE_URL: database.url, AUTH_SECRET: 'd'.repeat(40) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  it('sets up an authenticator, signs in with two steps, and downloads the data export', async () => {
    const { email, password } = await signUpOrganisation(product.url, 'Phone care');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);

    await page.goto(`${product.url}/sign-in?returnUrl=%2Faccount%2Fsecurity`);
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('submit').click();
    await page.waitForURL(/\/account\/security$/);
    await page.getByTestId('two-factor-off').waitFor();

    await page.getByTestId('enrol-start').click();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('enrol-code').fill(codeOf(secret));
    await page.getByTestId('enrol-confirm').click();
    await page.getByTestId('recovery-codes').waitFor();
    await expect(page.getByTestId('recovery-codes').locator('li').count()).resolves.toBe(10);
    await seeText(page, 'two-factor-on', /Recovery codes left: 10/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'two-factor-01-enrolled-phone');
    expect(await accessibilityProblems(page)).toEqual([]);

    // The export: prepared by the worker, with its progress, then a download.
    await page.getByTestId('export-request').click();
    await page.getByTestId('export-download').waitFor({ timeout: hangGuardMs(30_000) });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^kaizen-loop-export-\d{4}-\d{2}-\d{2}\.zip$/);
    await shoot(page, 'two-factor-02-export-ready-phone');

    // A fresh browser: the password step, then the code.
    const fresh = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const second = await fresh.newPage();
    const secondErrors = collectConsoleErrors(second);
    await second.goto(`${product.url}/sign-in`);
    await second.getByTestId('email').fill(email);
    await second.getByTestId('password').fill(password);
    await second.getByTestId('submit').click();
    await second.getByTestId('second-factor-code').waitFor();
    expect(await horizontalOverflow(second)).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(second)).toEqual([]);
    await shoot(second, 'two-factor-03-second-step-phone');
    await second.getByTestId('second-factor-code').fill(codeOf(secret, 1));
    await second.getByTestId('second-factor-submit').click();
    await second.waitForURL((address) => address.pathname === '/');
    await context.close();
    await fresh.close();
    expect(errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
    expect(secondErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
