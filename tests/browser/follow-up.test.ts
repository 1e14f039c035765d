import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
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
import { asOwner } from '../support/tenants';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/**
 * The follow-up pages as an admin uses them, in Chromium: notification preferences with quiet
 * hours, review cadences, a review from reflection to closing, and a webhook whose secret is shown
 * once. Every page passes axe-core.
 */
describe('notifications, review cycles and webhooks in Chromium', () => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let reviewId: string;
  let me: { organisationId: string; membershipId: string };

  const admin = {
    organisation: 'Zorggroep Noord',
    name: 'Noor Jansen',
    email: 'noor@noord.example',
    password: 'a long enough passphrase',
  };

  async function accessible(name: string): Promise<void> {
    await shoot(page, name);
    expect(await accessibilityProblems(page), name).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    smtp = await startSmtpCatcher();
    product = await startBuiltProduct({
      DATABASE_URL: database.url,
      AUTH_SECRET: 'f'.repeat(40),
      SMTP_URL: smtp.url,
    });
    browser = await launchChromium();

    const api = new ApiClient(product.url);
    const signUp = await api.post('/api/auth/sign-up', {
      organisationName: admin.organisation,
      displayName: admin.name,
      email: admin.email,
      password: admin.password,
    });
    expect(signUp.status).toBe(201);
    me = (await api.get('/api/auth/me')).body;
    const department = (await api.post('/api/departments', { name: 'Wonen' })).body;
    const team = (await api.post('/api/teams', { name: 'De Linde', departmentId: department.id })).body;
    const cadence = (
      await api.post('/api/review-cadences', {
        unitType: 'team',
        teamId: team.id,
        frequency: 'biweekly',
        weekday: 4,
        hour: 14,
      })
    ).body;
    // The worker opens reviews when their moment comes; this one is arranged as if it had.
    reviewId = randomUUID();
    await asOwner(
      database.ownerUrl,
      `WITH scope AS (SELECT set_config('app.organisation_id', $1::text, true))
       INSERT INTO review (organisation_id, id, cadence_id, unit_type, team_id, opens_at, period_start, period_end)
       SELECT $1::uuid, $2::uuid, $3::uuid, 'team', $4::uuid, now(), now() - interval '14 days', now() FROM scope`,
      [me.organisationId, reviewId, cadence.id, team.id],
    );

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
    await smtp?.stop();
    await database?.drop();
  });

  it('keeps quiet hours and a time zone per person, and names a wrong time zone beside the field', async () => {
    await page.goto(`${product.url}/notifications`);
    await seeText(page, 'unread-count', /0 unread/);
    await expect.poll(() => page.getByText('No notifications yet').isVisible()).toBe(true);
    // The settings have a page of their own, the one every reminder mail links to.
    await page.getByTestId('open-preferences').click();
    await page.waitForURL(`${product.url}/notifications/preferences`);
    await page.getByTestId('pref-time-zone').fill('Mars/Olympus');
    await page.getByTestId('save-preferences').click();
    await page
      .locator('mat-form-field', { has: page.getByTestId('pref-time-zone') })
      .locator('mat-error')
      .filter({ hasText: /time ?zone/i })
      .waitFor();
    await accessible('follow-up-preferences-error');
    await page.getByTestId('pref-time-zone').fill('Europe/Lisbon');
    await page.getByLabel('Quiet from').selectOption({ label: '21:00' });
    await page.getByTestId('save-preferences').click();
    await expect.poll(() => page.getByText('Saved.').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('pref-time-zone').inputValue()).toBe('Europe/Lisbon');
    await accessible('follow-up-preferences');
  });

  it('shows unread notifications on the bell in the header on every page, and clears it when they are read', async () => {
    // Two reminders went out while the admin was away.
    for (const title of ['Warme overdracht', 'Stille nachtdienst']) {
      await asOwner(
        database.ownerUrl,
        `INSERT INTO notification (organisation_id, id, recipient_membership_id, kind, dedupe_key, subject_type, params)
         VALUES ($1, gen_random_uuid(), $2, 'check_in_due', $3, 'experiment', $4)`,
        [
          me.organisationId,
          me.membershipId,
          `browser-${title}`,
          { experimentId: randomUUID(), experimentTitle: title, dueAt: new Date().toISOString() },
        ],
      );
    }
    await page.goto(`${product.url}/reviews`);
    await seeText(page, 'unread-badge', /^2$/);
    expect(await page.getByTestId('toolbar-notifications').getAttribute('aria-label')).toBe(
      'Notifications, 2 unread',
    );
    await page.getByTestId('toolbar-notifications').click();
    await page.waitForURL(`${product.url}/notifications`);
    await seeText(page, 'unread-count', /2 unread/);
    await expect.poll(() => page.getByText('Time for a check-in: Stille nachtdienst').isVisible()).toBe(true);
    await accessible('follow-up-bell');
    await page.getByTestId('mark-all-read').click();
    await seeText(page, 'unread-count', /0 unread/);
    await expect.poll(() => page.getByTestId('unread-badge').count()).toBe(0);
    expect(await page.getByTestId('toolbar-notifications').getAttribute('aria-label')).toBe(
      'Notifications, 0 unread',
    );
  });

  it('sets a review cadence for the organisation and shows when the next review opens', async () => {
    await page.goto(`${product.url}/reviews/cadences`);
    await seeText(page, 'cadences', /De Linde/);
    await page.getByTestId('cadence-frequency').selectOption('monthly');
    await page.getByTestId('cadence-hour').fill('10');
    await page.getByTestId('create-cadence').click();
    await seeText(page, 'cadences', /Zorggroep Noord/);
    await expect
      .poll(async () => (await page.getByTestId('cadences').textContent()) ?? '')
      .toMatch(/next review/);
    await page.getByTestId('create-cadence').click();
    await seeText(page, 'cadence-error', /already has a cadence/);
    await accessible('follow-up-cadences');
  });

  it('takes a review from reflection to closing with lessons', async () => {
    await page.goto(`${product.url}/reviews`);
    await seeText(page, 'reviews-open', /De Linde/);
    await accessible('follow-up-reviews');
    await page.getByRole('link', { name: 'De Linde' }).click();
    await page.waitForURL(`${product.url}/reviews/${reviewId}`);
    await page.getByTestId('reflection-body').fill('We keep forgetting to write down what we tried.');
    await page.getByTestId('add-reflection').click();
    await seeText(page, 'reflections', /We keep forgetting/);
    await accessible('follow-up-review-open');
    await page.getByTestId('close-review').click();
    await expect.poll(() => page.getByText('Write at least one lesson').isVisible()).toBe(true);
    await page.getByTestId('takeaways').fill('Write the attempt on the board\nReview it on Thursday');
    await page.getByTestId('close-review').click();
    await seeText(page, 'review-status', /Closed/);
    await seeText(page, 'takeaways-list', /Review it on Thursday/);
    await accessible('follow-up-review-closed');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await seeText(page, 'takeaways-list', /Write the attempt on the board/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await accessible('follow-up-review-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('adds a webhook and shows its signing secret once', async () => {
    await page.goto(`${product.url}/webhooks`);
    await expect.poll(() => page.getByText('No webhooks yet.').isVisible()).toBe(true);
    await page.getByTestId('webhook-name').fill('Slack #verbeteren');
    await page.getByTestId('webhook-url').fill('http://intranet.local/hook');
    await page.getByTestId('create-webhook').click();
    await seeText(page, 'webhook-url-error', /https/);
    await page.getByTestId('webhook-url').fill('https://hooks.slack.example/services/T0/B0/x');
    await page.getByTestId('create-webhook').click();
    await seeText(page, 'webhook-secret', /[A-Za-z0-9_-]{40,}/);
    await seeText(page, 'webhooks', /Slack #verbeteren/);
    await accessible('follow-up-webhooks');
    await page.reload();
    await seeText(page, 'webhooks', /Slack #verbeteren/);
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    // The refusals this walk provoked (400 time zone, 409 cadence, 400 webhook address) are the browser's
    // own log lines for those responses; anything else would be a fault of the pages.
    const unexpected = errors.filter(
      (error) => !/status of (400 \(Bad Request\)|409 \(Conflict\))/.test(error),
    );
    expect(unexpected).toEqual([]);
    expect(errors).toHaveLength(3);
  });
});
