import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { signUpOrganisation } from '../support/api-client';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import { accessibilityProblems, collectConsoleErrors, horizontalOverflow } from '../support/browser-page';
import { workspaceRoot } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/** Before/after pictures of the design work go here; SCREENS_LABEL names the round (default "after"). */
const screens = join(workspaceRoot, 'tmp/screens');
const label = process.env['SCREENS_LABEL'] ?? 'after';

/** Selects that are not a Material form field's control: the one form-field style allows none. */
function bareSelects(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('select'))
      .filter((select) => !select.closest('.mat-mdc-form-field'))
      .map((select) => select.id || select.getAttribute('data-testid') || select.outerHTML.slice(0, 60)),
  );
}

/**
 * One design system at phone width: the shell's organisation and language pickers and a form page
 * use the same Material form fields, under one page header, and still fit 390 px and pass axe.
 */
describe('the design system in Chromium at 390 px', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  let email: string;
  let password: string;

  beforeAll(async () => {
    mkdirSync(screens, { recursive: true });
    database = await createTestDatabase();
    product = await startBuiltProduct({ DATABASE_URL: database.url });
    browser = await launchChromium();
    ({ email, password } = await signUpOrganisation(product.url, 'Zorggroep Noord'));
    await signUpOrganisation(product.url, 'Zorggroep Zuid');
    // A second membership for the same person, so the shell offers the organisation switcher.
    const owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    try {
      await owner.query(
        `INSERT INTO membership (organisation_id, id, user_id, role, joined_at)
         SELECT o.organisation_id, gen_random_uuid(), u.id, 'member', now()
           FROM organisation o, app_user u WHERE o.name = 'Zorggroep Zuid' AND u.email = $1`,
        [email],
      );
    } finally {
      await owner.end();
    }
  }, hangGuardMs(120_000));

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  it('offers organisation and language as labelled Material form fields in the phone menu, and they work', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${product.url}/`);

    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('organisation-switcher').waitFor({ state: 'visible' });
    await page.getByTestId('account-area').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screens, `shell-390-${label}.png`) });

    expect(await bareSelects(page)).toEqual([]);
    const language = page.getByRole('combobox', { name: 'Language' });
    await expect(language.getAttribute('data-testid')).resolves.toBe('language-switcher');
    await expect(
      page.getByRole('combobox', { name: 'Organisation' }).getAttribute('data-testid'),
    ).resolves.toBe('organisation-switcher');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(page)).toEqual([]);

    await language.selectOption('nl');
    await page.getByTestId('sign-out').filter({ hasText: 'Uitloggen' }).waitFor();
    const current = (await page.getByTestId('toolbar-organisation').textContent())?.trim();
    const other = current === 'Zorggroep Zuid' ? 'Zorggroep Noord' : 'Zorggroep Zuid';
    await page.getByRole('combobox', { name: 'Organisatie' }).selectOption({ label: other });
    await page.getByTestId('toolbar-organisation').filter({ hasText: other }).waitFor({ state: 'attached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a form page under the shared page header, with field errors beside their fields', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${product.url}/`);

    await page.goto(`${product.url}/experiments/new`);
    await page.getByTestId('exp-title').waitFor();
    await page.getByTestId('save-draft').click();
    await page.locator('mat-error').first().waitFor();
    await page.screenshot({ path: join(screens, `form-390-${label}.png`), fullPage: true });

    await expect(page.locator('kz-page-header h1').textContent()).resolves.toMatch(/experiment/i);
    expect(await bareSelects(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
