import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import {
  accessibilityProblems,
  collectConsoleErrors,
  horizontalOverflow,
  screenshots,
  seeText,
  shoot,
} from '../support/browser-page';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/** The API tokens page as an admin uses it, in Chromium, at desktop and phone width; it passes axe-core. */
describe('API tokens in Chromium', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  const admin = {
    organisation: 'Gemeente Zuid',
    name: 'Sanne Bakker',
    email: 'sanne@zuid.example',
    password: 'a long enough passphrase',
  };

  async function accessible(name: string): Promise<void> {
    await shoot(page, name);
    expect(await accessibilityProblems(page), name).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    product = await startBuiltProduct({ DATABASE_URL: database.url, AUTH_SECRET: 'f'.repeat(40) });
    browser = await launchChromium();
    const api = new ApiClient(product.url);
    const signUp = await api.post('/api/auth/sign-up', {
      organisationName: admin.organisation,
      displayName: admin.name,
      email: admin.email,
      password: admin.password,
    });
    expect(signUp.status).toBe(201);

    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    errors = collectConsoleErrors(page);
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${product.url}/`);
  }, hangGuardMs(120_000));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  it('makes an organisation token for a directory, shows it once, and the token works', async () => {
    await page.getByTestId('nav-api-tokens').click();
    await page.waitForURL(`${product.url}/api-tokens`);
    const organisation = page.locator('kz-api-token-list').nth(1);
    await organisation.getByTestId('token-name').fill('Entra ID provisioning');
    await organisation.getByText('scim.provision', { exact: true }).click();
    await page.getByTestId('create-token-organisation').click();
    await seeText(page, 'token-shown-organisation', /kzl_[\w-]{65}/);
    await seeText(page, 'tokens-organisation', /Entra ID provisioning/);
    await accessible('api-tokens-created');

    const token = /kzl_[\w-]{65}/.exec(
      (await page.getByTestId('token-shown-organisation').textContent()) ?? '',
    )?.[0];
    const scim = await fetch(`${product.url}/api/scim/v2/Users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(scim.status).toBe(200);

    await page.reload();
    await seeText(page, 'tokens-organisation', /Entra ID provisioning/);
    expect(await page.getByTestId('token-shown-organisation').count()).toBe(0);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await seeText(page, 'tokens-organisation', /Entra ID provisioning/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await accessible('api-tokens-phone');

    await page.getByRole('button', { name: 'Revoke' }).click();
    await seeText(page, 'tokens-organisation', /revoked/);
    const after = await fetch(`${product.url}/api/scim/v2/Users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
    expect(errors).toEqual([]);
  });
});
