import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoEmail, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { accessibilityProblems, collectConsoleErrors, screenshots, shoot } from '../support/browser-page';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

const PASSWORD = 'demo password for the scan';

describe('the learning-culture scan in Chromium', () => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let product: RunningProduct;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function signedIn(key: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${product.url}/sign-in`);
    await page.locator('input[type=email]').fill(demoEmail(key));
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.getByTestId('submit').click();
    await page.getByTestId('nav-scan').waitFor();
    return { page, errors };
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    await seedDemoOrganisation(database.ownerUrl, PASSWORD);
    smtp = await startSmtpCatcher();
    product = await startBuiltProduct({
      DATABASE_URL: database.url,
      AUTH_SECRET: 'e'.repeat(40),
      SMTP_URL: smtp.url,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  it('an admin opens a scan and answers it; the form insists on every statement and thanks without a name', async () => {
    const { page, errors } = await signedIn('admin');
    await page.getByTestId('nav-scan').click();
    await page.waitForURL(/\/scan$/);
    await page.getByTestId('scan-list').locator('li').nth(1).waitFor();
    await page.getByTestId('instrument-lead').filter({ hasText: /33/ }).waitFor();
    await expect(page.getByTestId('threshold').inputValue()).resolves.toBe('5');
    await shoot(page, 'scan-01-list-admin');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.locator('#kz-open-name').fill('Leercultuur najaar');
    await page.getByTestId('open-submit').click();
    await page.getByTestId('scan-note').waitFor();
    await page.getByTestId('scan-list').locator('li').nth(2).waitFor();
    await expect(page.getByTestId('scan-note').textContent()).resolves.toMatch(/Leercultuur najaar/);

    await page.getByTestId('answer-link').click();
    await page.getByTestId('answer-form').waitFor();
    await page.getByTestId('answer-submit').click();
    await page.getByTestId('answer-missing').waitFor();
    await expect(page.getByTestId('answer-missing').textContent()).resolves.toMatch(/33/);
    await shoot(page, 'scan-02-answer-missing');
    expect(await accessibilityProblems(page)).toEqual([]);

    const fours = page.locator('input[type=radio][value="4"]');
    expect(await fours.count()).toBe(33);
    for (let i = 0; i < 33; i++) await fours.nth(i).check();
    await page.locator('#kz-comment').fill('Meer tijd om samen terug te blikken zou helpen.');
    // The count follows the last check on the next render: wait for it rather than read it once.
    await expect
      .poll(() => page.getByTestId('answer-progress').textContent(), { timeout: hangGuardMs(10_000) })
      .toMatch(/33\D+33/);
    await page.getByTestId('answer-submit').click();
    await page.getByTestId('answer-thanks').waitFor();
    await shoot(page, 'scan-03-answer-thanks');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('results show a radar, the trend across the two past scans, departments beside their roll-ups, and "fewer than 5" for small groups', async () => {
    const { page, errors } = await signedIn('admin');
    await page.goto(`${product.url}/scan`);
    await page.getByTestId('results-link').first().click();
    // A radar where the card has room for its names, else a dot plot.
    await page.getByTestId('radar-card').locator('canvas, [data-testid=profile-dots]').first().waitFor();
    await page.getByTestId('trend-table').locator('tbody tr').nth(1).waitFor();
    await expect(page.getByTestId('trend-table').locator('tbody tr').count()).resolves.toBe(2);
    await expect(page.getByTestId('group-responses').textContent()).resolves.toMatch(/20/);
    // The departments table: culture beside outcomes, with hidden departments worded, never shown.
    const departments = page.getByTestId('departments-table');
    await departments.locator('tbody tr').first().waitFor();
    await expect(departments.textContent()).resolves.toMatch(/Zorg/);
    await page.waitForTimeout(300); // chart.js draws on the next frame
    await shoot(page, 'scan-04-results-organisation');
    expect(await accessibilityProblems(page)).toEqual([]);

    // A team of three: hidden, said plainly, and no scores.
    const options = await page.getByTestId('group-select').locator('option').allTextContents();
    const physio = options.find((o) => o.includes('Fysiotherapie')) as string;
    await page.getByTestId('group-select').selectOption({ label: physio });
    await page.getByTestId('group-suppressed').waitFor();
    await expect(page.getByTestId('group-suppressed').textContent()).resolves.toMatch(
      /Fewer than 5 responses|Minder dan 5 reacties|smaller group|kleinere groep/,
    );
    await expect(page.getByTestId('scores-table').count()).resolves.toBe(0);
    // Its trend shows the same protection in every scan, never the organisation's figures.
    await page
      .getByTestId('trend-table')
      .filter({ hasText: /Fewer than 5 responses|Minder dan 5 reacties/ })
      .waitFor();
    await expect(page.getByTestId('trend-table').textContent()).resolves.not.toMatch(/\b(19|20)\b/);
    await shoot(page, 'scan-05-results-suppressed');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a member sees the scan to answer but no results, and cannot open them', async () => {
    const { page, errors } = await signedIn('m1');
    await page.getByTestId('nav-scan').click();
    await page.getByTestId('scan-list').locator('li').first().waitFor();
    await expect(page.getByTestId('results-link').count()).resolves.toBe(0);
    await expect(page.getByTestId('open-form').count()).resolves.toBe(0);
    await shoot(page, 'scan-06-list-member');
    expect(await accessibilityProblems(page)).toEqual([]);

    // In Dutch, the same page speaks Dutch, statements included.
    await page.getByTestId('language-switcher').selectOption('nl');
    await page.getByTestId('answer-link').filter({ hasText: 'Nu invullen' }).waitFor();
    await page.getByTestId('answer-link').click();
    await page
      .getByTestId('statement-sv1')
      .filter({ hasText: 'Ik weet wat onze organisatie de komende jaren wil bereiken.' })
      .waitFor();
    await expect(page.getByTestId('statement-sv1').textContent()).resolves.toMatch(
      /Helemaal oneens[\s\S]*Helemaal eens/,
    );
    await shoot(page, 'scan-07-answer-member-nl');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
