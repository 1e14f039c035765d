import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findLinks, startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import {
  accessibilityProblems,
  collectConsoleErrors,
  screenshots,
  seeText,
  shoot,
} from '../support/browser-page';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';

describe('accounts in Chromium: sign up, invite, accept, switch language, sign out and in', () => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let product: RunningProduct;
  let browser: Browser;
  let url: string;
  const contexts: BrowserContext[] = [];

  const admin = {
    organisation: 'Zorggroep Noord',
    name: 'Anna de Vries',
    email: 'anna@example.com',
    password: 'correct horse battery staple',
  };
  const colleague = { name: 'Sam Bakker', email: 'sam@example.com', password: 'another long passphrase' };

  async function newPage(
    options: { width?: number; height?: number } = {},
  ): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
      locale: 'en-GB',
    });
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors: collectConsoleErrors(page) };
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    smtp = await startSmtpCatcher();
    product = await startBuiltProduct({
      DATABASE_URL: database.url,
      AUTH_SECRET: 'c'.repeat(40),
      SMTP_URL: smtp.url,
    });
    url = product.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  it('walks a new organisation through sign-up, an invitation by mail, Dutch, sign-out and sign-in', async () => {
    // Someone new opens the app: a pitch, with a way to sign up.
    const { page, errors } = await newPage();
    await page.goto(url);
    await page.getByTestId('home-signed-out').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await shoot(page, 'account-01-home-signed-out');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByTestId('home-sign-up').click();
    await page.waitForURL(/\/sign-up$/);
    await expect(page.title()).resolves.toBe('Create account · Kaizen Loop');
    // A short password is refused next to the field, before anything is sent.
    await page.getByLabel('Password').fill('short');
    await page.getByTestId('submit').click();
    await page.getByText('Use at least 10 characters.').waitFor({ state: 'visible' });
    await page.getByText('Fill this in.').first().waitFor({ state: 'visible' });
    await shoot(page, 'account-02-sign-up-errors');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel('Organisation name').fill(admin.organisation);
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByTestId('submit').click();

    // Signed in, home greets the admin by name, with their organisation and role.
    await page.waitForURL(`${url}/`);
    await seeText(page, 'home-greeting', /Hello, Anna de Vries/);
    await seeText(page, 'home-membership', /Zorggroep Noord as Organisation admin/);
    await seeText(page, 'account-name', /Anna de Vries/);
    await shoot(page, 'account-03-home-admin');
    expect(await accessibilityProblems(page)).toEqual([]);

    // The admin invites a colleague from the People page.
    await page.getByTestId('nav-people').click();
    await page.waitForURL(/\/people$/);
    await page.getByLabel('Their email').fill(colleague.email);
    await page.getByTestId('invite-submit').click();
    await seeText(page, 'invite-sent', /sam@example.com/);
    await seeText(page, 'members', /Anna de Vries/);
    await seeText(page, 'invitations', /sam@example.com/);
    await shoot(page, 'account-04-people');
    expect(await accessibilityProblems(page)).toEqual([]);

    // A typo is withdrawn at once, for good, and its link stops working.
    const typo = 'sam@exmaple.com';
    await page.getByLabel('Their email').fill(typo);
    await page.getByTestId('invite-submit').click();
    await seeText(page, 'invitations', /exmaple/);
    await page.getByRole('button', { name: `Withdraw the invitation for ${typo}` }).click();
    await expect
      .poll(async () => (await page.getByTestId('invitations').textContent()) ?? '')
      .not.toMatch(/exmaple/);
    await page.reload();
    await seeText(page, 'invitations', /sam@example.com/);
    expect((await page.getByTestId('invitations').textContent()) ?? '').not.toMatch(/exmaple/);
    const typoMail = await smtp.waitFor(
      (message) => message.to.includes(typo),
      20_000,
      'the invitation to the typo',
    );
    const typoLink = findLinks(typoMail.text).find((candidate) =>
      candidate.startsWith(`${url}/invitations/`),
    );
    const stranger = await newPage();
    await stranger.page.goto(typoLink as string);
    await seeText(stranger.page, 'invitation-gone', /used, revoked, or it has expired/);
    expect(errors).toEqual([]);

    // The invitation arrives by mail, with a link to the app.
    const mail = await smtp.waitFor(
      (message) => message.to.includes(colleague.email),
      20_000,
      'the invitation to sam@example.com',
    );
    const link = findLinks(mail.text).find((candidate) => candidate.startsWith(`${url}/invitations/`));
    expect(link, mail.text).toBeDefined();

    // The colleague opens it in a browser of their own.
    const invited = await newPage();
    await invited.page.goto(link as string);
    await seeText(
      invited.page,
      'invitation-summary',
      /Anna de Vries invited you to join Zorggroep Noord as Member.*sam@example\.com/s,
    );
    await shoot(invited.page, 'account-05-invitation');
    expect(await accessibilityProblems(invited.page)).toEqual([]);
    await invited.page.getByLabel('Your name').fill(colleague.name);
    await invited.page.getByLabel('Password').fill(colleague.password);
    await invited.page.getByTestId('submit').click();

    await invited.page.waitForURL(`${url}/`);
    await seeText(invited.page, 'home-greeting', /Hello, Sam Bakker/);
    await seeText(invited.page, 'home-membership', /Zorggroep Noord as Member/);
    // A member may see who is in the organisation, but is not offered to invite anyone.
    await expect(invited.page.getByTestId('nav-people').count()).resolves.toBe(1);
    await expect(invited.page.getByTestId('home-invite').count()).resolves.toBe(0);

    // Dutch, chosen in the shell: the page speaks Dutch and says so to assistive technology.
    await invited.page.getByTestId('language-switcher').selectOption('nl');
    await seeText(invited.page, 'home-greeting', /Hallo, Sam Bakker/);
    await seeText(invited.page, 'home-membership', /Je werkt in Zorggroep Noord als Lid/);
    await seeText(invited.page, 'sign-out', /Uitloggen/);
    await expect(invited.page.locator('html').getAttribute('lang')).resolves.toBe('nl');
    await shoot(invited.page, 'account-06-home-dutch');
    expect(await accessibilityProblems(invited.page)).toEqual([]);

    // Sign out: back to the sign-in page, still in Dutch.
    await invited.page.getByTestId('sign-out').click();
    await invited.page.waitForURL(/\/sign-in$/);
    await invited.page
      .locator('main h1')
      .filter({ hasText: /Inloggen bij Kaizen Loop/ })
      .waitFor();
    await expect(invited.page.getByTestId('account-name').count()).resolves.toBe(0);

    // A wrong password is said in plain words; then the right one signs in.
    await invited.page.getByLabel('E-mailadres').fill(colleague.email);
    await invited.page.getByLabel('Wachtwoord').fill('not the password at all');
    await invited.page.getByTestId('submit').click();
    await seeText(invited.page, 'form-error', /Het e-mailadres of het wachtwoord klopt niet/);
    await shoot(invited.page, 'account-07-sign-in-dutch-error');
    expect(await accessibilityProblems(invited.page)).toEqual([]);

    await invited.page.getByLabel('Wachtwoord').fill(colleague.password);
    await invited.page.getByTestId('submit').click();
    await invited.page.waitForURL(`${url}/`);
    await seeText(invited.page, 'home-greeting', /Hallo, Sam Bakker/);

    // A reload restores the session from the refresh cookie, without asking to sign in again.
    await invited.page.reload();
    await seeText(invited.page, 'home-greeting', /Hallo, Sam Bakker/);
    await shoot(invited.page, 'account-08-signed-in-again');
    // The sign-in attempt with a wrong password answered 401 on purpose.
    expect(invited.errors.filter((error) => !/status of 401/.test(error))).toEqual([]);

    // The access token never reaches storage a script could read.
    const stored = await invited.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ/);
  });

  it('opens the navigation with the menu button at phone width', async () => {
    const { page, errors } = await newPage({ width: 390, height: 844 });
    await page.goto(url);
    await page.getByTestId('home-signed-out').waitFor();
    await expect(page.getByTestId('nav-home').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('toolbar-sign-in').isVisible()).resolves.toBe(true);
    await shoot(page, 'account-09-phone-closed');

    await page.getByTestId('nav-toggle').click();
    // Clicks re-render asynchronously (zoneless): wait for the state rather than reading it at once.
    await page.locator('[data-testid="nav-toggle"][aria-expanded="true"]').waitFor();
    await page.getByTestId('nav-home').waitFor({ state: 'visible' });
    await page.getByTestId('nav-sign-up').waitFor({ state: 'visible' });
    await shoot(page, 'account-10-phone-open');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByTestId('nav-sign-up').click();
    await page.waitForURL(/\/sign-up$/);
    await page.getByTestId('nav-home').waitFor({ state: 'hidden' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(page, 'account-11-phone-sign-up');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says an invitation link that is no longer valid is no longer valid', async () => {
    const { page } = await newPage();
    await page.goto(`${url}/invitations/${'x'.repeat(43)}`);
    await seeText(page, 'invitation-gone', /used, revoked, or it has expired/);
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});
