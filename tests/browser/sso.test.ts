import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOrganisation, type ApiClient } from '../support/api-client';
import {
  accessibilityProblems,
  collectConsoleErrors,
  horizontalOverflow,
  screenshots,
  seeText,
  shoot,
} from '../support/browser-page';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';

describe('single sign-on in Chromium, at phone width, through a real OpenID provider', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let provider: TestProvider;
  let browser: Browser;
  let admin: ApiClient;
  let adminLogin: { email: string; password: string };
  const contexts: BrowserContext[] = [];

  async function phonePage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors: collectConsoleErrors(page) };
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    product = await startBuiltProduct({
      DATABASE_URL: database.url,
      AUTH_SECRET: 's'.repeat(40),
      SSO_ALLOW_HTTP_ISSUERS: 'true',
    });
    provider = await startTestProvider(`${product.url}/api/auth/sso/callback`);
    const signedUp = await signUpOrganisation(product.url, 'Zorggroep Zuid');
    admin = signedUp.client;
    adminLogin = { email: signedUp.email, password: signedUp.password };
    const saved = await admin.put('/api/organisation/sso', {
      slug: 'zorg-zuid',
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      allowedDomains: ['zorg-zuid.nl'],
      defaultRole: 'member',
      required: false,
    });
    expect(saved.status).toBe(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await provider?.close();
    await product?.stop();
    await database?.drop();
  });

  it('signs a new colleague in with their organisation and lands them signed in at home', async () => {
    provider.signInAs(provider.addAccount({ email: 'lotte@zorg-zuid.nl', name: 'Lotte Smit' }));
    const { page, errors } = await phonePage();
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('Organisation sign-in name').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'sso-01-sign-in-phone');

    await page.getByLabel('Organisation sign-in name').fill('zorg-zuid');
    await page.getByTestId('sso-submit').click();
    await seeText(page, 'home-membership', /Zorggroep Zuid/);
    await shoot(page, 'sso-02-home-after-sso');
    expect(errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });

  it('brings someone from another domain back to the sign-in page with the reason', async () => {
    provider.signInAs(provider.addAccount({ email: 'guest@elsewhere.test' }));
    const { page } = await phonePage();
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('Organisation sign-in name').fill('zorg-zuid');
    await page.getByTestId('sso-submit').click();
    await seeText(page, 'sso-error', /not in a domain your organisation allows/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'sso-03-domain-refused');
  });

  it('shows the admin the single sign-on settings, without the secret, at phone width', async () => {
    const { page, errors } = await phonePage();
    await page.goto(`${product.url}/sign-in`);
    await page.getByTestId('email').fill(adminLogin.email);
    await page.getByTestId('password').fill(adminLogin.password);
    await page.getByTestId('submit').click();
    await page.getByTestId('home-signed-in').waitFor();
    await page.goto(`${product.url}/admin`);
    await page.getByTestId('admin-tab-settings').click();
    await seeText(page, 'sso-redirect-uri', /\/api\/auth\/sso\/callback/);
    await expect(page.getByTestId('sso-slug').inputValue()).resolves.toBe('zorg-zuid');
    await expect(page.getByTestId('sso-client-secret').inputValue()).resolves.toBe('');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'sso-04-admin-settings-phone');
    expect(errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
