import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { findLinks, startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import {
  accessibilityProblems,
  collectConsoleErrors,
  horizontalOverflow,
  screenshots,
  seeText,
  shoot,
} from '../support/browser-page';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/**
 * The experiment loop as new users walk it, in Chromium: an admin sets up the organisation and
 * invites a colleague; the colleague proposes an experiment, the admin approves it beside its
 * budget; the colleague runs it, concludes it (refuted) and captures the lesson; another team
 * adopts the lesson; the dashboard shows all of it. Every page visited passes axe-core.
 */
describe('the experiment loop in Chromium', () => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let product: RunningProduct;
  let browser: Browser;
  let url: string;
  const contexts: BrowserContext[] = [];

  const admin = {
    organisation: 'Zorggroep Oost',
    name: 'Anna de Vries',
    email: 'anna@oost.example',
    password: 'correct horse battery staple',
  };
  const colleague = { name: 'Sam Bakker', email: 'sam@oost.example', password: 'another long passphrase' };
  const title = 'Warme overdracht bij de avonddienst';

  async function newPage(
    options: { width?: number; height?: number } = {},
  ): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors: collectConsoleErrors(page) };
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${url}/`);
  }

  async function accessible(page: Page, name: string): Promise<void> {
    await shoot(page, name);
    expect(await accessibilityProblems(page), name).toEqual([]);
  }

  /** Drags a card onto a column with the mouse, as a person would (native drag and drop). */
  async function drag(card: Locator, target: Locator): Promise<void> {
    await card.dragTo(target, { targetPosition: { x: 40, y: 80 } });
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    smtp = await startSmtpCatcher();
    product = await startBuiltProduct({
      DATABASE_URL: database.url,
      AUTH_SECRET: 'd'.repeat(40),
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

  it(
    'sets up, proposes, approves, runs, concludes, learns, adopts and shows it on the dashboard',
    { timeout: hangGuardMs(240_000) },
    async () => {
      // 1. Anna signs up and sets up her organisation: a department, two teams, a budget.
      const anna = await newPage();
      await anna.page.goto(`${url}/sign-up`);
      await anna.page.getByLabel('Organisation name').fill(admin.organisation);
      await anna.page.getByLabel('Your name').fill(admin.name);
      await anna.page.getByLabel('Email').fill(admin.email);
      await anna.page.getByLabel('Password').fill(admin.password);
      await anna.page.getByTestId('submit').click();
      await anna.page.waitForURL(`${url}/`);
      await seeText(anna.page, 'due-empty', /Nothing is due from you/);
      await seeText(anna.page, 'mine-empty', /no experiments yet/);
      await accessible(anna.page, 'loop-01-home-new-admin');

      await anna.page.getByTestId('nav-admin').click();
      await anna.page.waitForURL(/\/admin$/);
      // An empty name is refused beside the field, before anything is sent.
      await anna.page.getByTestId('department-submit').click();
      await anna.page.getByText('Fill this in.').first().waitFor();
      await anna.page.getByTestId('department-name').fill('Zorg');
      await anna.page.getByTestId('department-submit').click();
      await seeText(anna.page, 'structure-tree', /Zorg/);
      for (const team of ['Wijkzorg Oost', 'Revalidatie']) {
        await anna.page.getByTestId('team-name').fill(team);
        await anna.page.getByTestId('team-department').selectOption({ label: 'Zorg' });
        await anna.page.getByTestId('team-submit').click();
        await seeText(anna.page, 'structure-tree', new RegExp(team));
      }
      await anna.page.getByTestId('place-member').selectOption({ label: admin.name });
      await anna.page.getByTestId('place-team').selectOption({ label: 'Revalidatie' });
      await anna.page.getByTestId('place-position').selectOption('lead');
      await anna.page.getByTestId('place-submit').click();
      await seeText(anna.page, 'structure-tree', /Anna de Vries \(lead\)/);
      await accessible(anna.page, 'loop-02-admin-structure');

      // A team set up by mistake is renamed, then archived; a department with teams is not archived.
      await anna.page.getByTestId('team-name').fill('Tijdelijk');
      await anna.page.getByTestId('team-department').selectOption({ label: 'Zorg' });
      await anna.page.getByTestId('team-submit').click();
      await anna.page.getByRole('button', { name: 'Rename Tijdelijk' }).click();
      await anna.page.getByTestId('rename-input').fill('Tijdelijk project');
      await anna.page.getByTestId('rename-save').click();
      await seeText(anna.page, 'structure-tree', /Tijdelijk project/);
      await anna.page.getByRole('button', { name: 'Archive Tijdelijk project' }).click();
      await accessible(anna.page, 'loop-02b-admin-archive-confirm');
      await anna.page.getByTestId('archive-confirm').click();
      await seeText(anna.page, 'admin-saved', /Archived/);
      expect(await anna.page.getByTestId('structure-tree').textContent()).not.toMatch(/Tijdelijk/);
      await anna.page.getByRole('button', { name: 'Archive Zorg' }).click();
      await anna.page.getByTestId('archive-confirm').click();
      await seeText(anna.page, 'admin-error', /active teams or sub-departments/);
      await seeText(anna.page, 'structure-tree', /Zorg/);
      // Anna heads Zorg for a moment, then hands it back.
      await anna.page.getByTestId('head-department').selectOption({ label: 'Zorg' });
      await anna.page.getByTestId('head-member').selectOption({ label: admin.name });
      await anna.page.getByTestId('head-submit').click();
      await seeText(anna.page, 'admin-saved', /Department head appointed/);
      await seeText(anna.page, 'structure-tree', /Heads:\s+Anna de Vries/);
      await anna.page.getByRole('button', { name: 'End Anna de Vries as head of Zorg' }).click();
      await expect
        .poll(async () => (await anna.page.getByTestId('structure-tree').textContent()) ?? '')
        .not.toMatch(/Heads/);

      await anna.page.getByTestId('admin-tab-budgets').click();
      await anna.page.getByTestId('envelope-scope').selectOption({ label: 'Wijkzorg Oost' });
      await anna.page.getByTestId('envelope-hours').fill('40');
      await anna.page.getByTestId('envelope-amount').fill('1000');
      await anna.page.getByTestId('envelope-submit').click();
      await seeText(anna.page, 'envelopes', /Wijkzorg Oost/);
      await seeText(anna.page, 'envelopes', /40 of 40 hours left/);
      await accessible(anna.page, 'loop-03-admin-budgets');

      // She invites Sam, who accepts from the mail; then she puts Sam in Wijkzorg Oost.
      await anna.page.getByTestId('nav-people').click();
      await anna.page.getByLabel('Their email').fill(colleague.email);
      await anna.page.getByTestId('invite-submit').click();
      await seeText(anna.page, 'invite-sent', /sam@oost.example/);
      const mail = await smtp.waitFor(
        (message) => message.to.includes(colleague.email),
        20_000,
        'the invitation',
      );
      const link = findLinks(mail.text).find((candidate) => candidate.startsWith(`${url}/invitations/`));
      expect(link, mail.text).toBeDefined();
      const sam = await newPage();
      await sam.page.goto(link as string);
      await sam.page.getByLabel('Your name').fill(colleague.name);
      await sam.page.getByLabel('Password').fill(colleague.password);
      await sam.page.getByTestId('submit').click();
      await sam.page.waitForURL(`${url}/`);

      await anna.page.getByTestId('nav-admin').click();
      await anna.page.getByTestId('place-member').selectOption({ label: colleague.name });
      await anna.page.getByTestId('place-team').selectOption({ label: 'Wijkzorg Oost' });
      await anna.page.getByTestId('place-submit').click();
      await seeText(anna.page, 'structure-tree', /Sam Bakker/);

      // 2. Sam writes a proposal with the guided form. Proposing too early names what is missing.
      await sam.page.reload();
      await sam.page.getByTestId('home-new-experiment').click();
      await sam.page.waitForURL(/\/experiments\/new$/);
      await seeText(sam.page, 'checklist-summary', /Still missing: 11/);
      await sam.page.getByTestId('save-propose').click();
      await sam.page.getByText('Fill this in.').first().waitFor();
      await sam.page.getByTestId('exp-title').fill(title);
      await sam.page.getByTestId('exp-change').fill('the day nurse hands over at the bedside');
      await seeText(
        sam.page,
        'hypothesis-sentence',
        /We believe that the day nurse hands over at the bedside will result in \[outcome\]/,
      );
      await sam.page.getByTestId('save-propose').click();
      await seeText(sam.page, 'form-error', /still missing; see the checklist/);
      await seeText(sam.page, 'checklist-summary', /Still missing: 10/);
      await sam.page.getByText('Needed before you can propose.').first().waitFor();
      await accessible(sam.page, 'loop-04-form-gaps');

      // The draft was saved; Sam completes the plan on the same page and proposes it.
      await sam.page
        .getByTestId('exp-problem')
        .fill('Evening staff start without knowing what happened during the day.');
      await sam.page.getByTestId('exp-outcome').fill('fewer missed medications in the evening');
      await sam.page.getByTestId('exp-measure').fill('the weekly incident count drops below two');
      await sam.page.getByTestId('metric-name').fill('Missed evening medications');
      await sam.page.getByTestId('metric-unit').fill('per week');
      await sam.page.getByTestId('metric-baseline').fill('5');
      await sam.page.getByTestId('metric-target').fill('2');
      await sam.page.getByTestId('metric-direction').selectOption('decrease');
      await sam.page.getByTestId('plan-start').fill('2026-12-01');
      await sam.page.getByTestId('plan-end').fill('2027-01-31');
      await sam.page.getByTestId('request-hours').fill('16');
      await sam.page.getByTestId('request-amount').fill('250');
      await seeText(sam.page, 'checklist-summary', /Everything is there/);
      await sam.page.getByTestId('save-propose').click();
      await sam.page.waitForURL(/\/experiments\/[0-9a-f-]{36}$/);
      await seeText(sam.page, 'exp-status', /Proposed/);
      const experimentUrl = sam.page.url();
      await accessible(sam.page, 'loop-05-detail-proposed');

      // Anna sees it waiting for her, beside what the team's budget has left, and approves it with a comment.
      await anna.page.goto(`${url}/`);
      await seeText(anna.page, 'due-approvals', /waiting for your decision: 1/);
      await anna.page.getByTestId('due-approvals').click();
      await anna.page.waitForURL(/\/approvals$/);
      await seeText(anna.page, 'approvals', new RegExp(title));
      await seeText(anna.page, 'approval-hypothesis', /We believe that/);
      await seeText(anna.page, 'envelope-hours', /of 40 hours left after approval[\s\S]*40 hours left now/);
      await seeText(anna.page, 'envelope-fits', /fits/);
      // Rejecting needs a comment: the form says so before anything is sent.
      await anna.page.getByTestId('decision-reject').click();
      await anna.page.getByText('Say why: the team reads it when you reject or ask for changes.').waitFor();
      await accessible(anna.page, 'loop-06-approvals');
      await anna.page.getByTestId('decision-reason').fill('Good, small and measurable. Go ahead.');
      await anna.page.getByTestId('decision-approve').click();
      await seeText(anna.page, 'decided', /You approved/);
      await seeText(anna.page, 'approvals-empty', /Nothing is waiting/);

      // 3. Sam starts it from the board, by dragging the card from Approved to Running.
      await sam.page.goto(`${url}/experiments?view=board`);
      const experimentId = experimentUrl.split('/').pop() as string;
      const card = sam.page.getByTestId(`card-${experimentId}`);
      await sam.page.getByTestId('column-approved').getByTestId(`card-${experimentId}`).waitFor();
      // A card does not jump ahead: dropped on Learned, it stays where it is.
      await drag(card, sam.page.getByTestId('column-learned'));
      await sam.page.getByTestId('column-approved').getByTestId(`card-${experimentId}`).waitFor();
      await drag(card, sam.page.getByTestId('column-running'));
      await seeText(sam.page, 'board-notice', /is now Running/);
      await sam.page.getByTestId('column-running').getByTestId(`card-${experimentId}`).waitFor();
      await accessible(sam.page, 'loop-07-board');

      // Sam checks in, then records a refuted result and concludes.
      await sam.page.goto(experimentUrl);
      await seeText(sam.page, 'exp-status', /Running/);
      await sam.page.getByTestId('checkin-progress').fill('Three weeks of bedside handovers done.');
      await sam.page.getByTestId('checkin-submit').click();
      await seeText(sam.page, 'check-ins', /Three weeks of bedside handovers/);
      await sam.page.getByTestId('result-submit').click();
      await sam.page.getByText('Fill this in.').first().waitFor();
      await accessible(sam.page, 'loop-08-running-errors');
      await sam.page.getByTestId('result-value').fill('5');
      await sam.page.getByTestId('result-verdict').selectOption('refuted');
      await sam.page
        .getByTestId('result-evidence')
        .fill('Incidents stayed at five a week: the handover was not the cause.');
      await sam.page.getByTestId('result-hours').fill('14');
      await sam.page.getByTestId('result-spend').fill('200');
      await sam.page.getByTestId('result-submit').click();
      await seeText(sam.page, 'exp-status', /Concluded/);
      await seeText(sam.page, 'result', /Refuted/);

      // ... and captures the lesson, which marks it learned.
      await sam.page
        .getByTestId('lesson-insight')
        .fill('Missed evening medications come from the pharmacy round, not from the handover.');
      await sam.page.getByTestId('lesson-recommendation').selectOption('abandon');
      await sam.page.getByTestId('lesson-tags').fill('medicatie, overdracht');
      await sam.page.getByTestId('lesson-submit').click();
      await seeText(sam.page, 'exp-status', /Learned/);
      await seeText(sam.page, 'lesson-captured', /in the library/);
      await seeText(sam.page, 'lesson-captured', /come from the pharmacy round, not from the handover/);
      await seeText(
        sam.page,
        'timeline',
        /Proposed.*Approved.*Started.*Checked in.*Result recorded.*Concluded.*Lesson captured.*Marked as learned/s,
      );
      await accessible(sam.page, 'loop-09-detail-learned');

      // 4. Anna finds the lesson in the library and adopts it for Revalidatie.
      await anna.page.getByTestId('nav-lessons').click();
      await anna.page.waitForURL(/\/lessons$/);
      await anna.page.getByTestId('lessons-q').fill('pharmacy');
      await anna.page.getByTestId('lessons-q').press('Enter');
      await seeText(anna.page, 'lessons', /pharmacy round/);
      await seeText(anna.page, 'adoption-count', /Adopted by\s*0 teams/);
      await anna.page.getByTestId('adopt-team').selectOption({ label: 'Revalidatie' });
      await anna.page.getByTestId('adopt').click();
      await seeText(anna.page, 'adopted', /follow-up experiment has started/);
      await seeText(anna.page, 'adoption-count', /Adopted by\s*1 team\b/);
      await accessible(anna.page, 'loop-10-lessons-adopted');
      await anna.page.getByTestId('follow-up').click();
      await seeText(anna.page, 'exp-heading', new RegExp(title));
      await seeText(anna.page, 'exp-status', /Draft/);

      // 5. The dashboard shows it: the roll-up worker folds the events in shortly after each commit.
      // It is read again by switching the period (this quarter holds this month), not by reloading:
      // a reload interrupted mid-refresh would lose the rotated session cookie.
      await anna.page.getByTestId('nav-dashboards').click();
      await anna.page.waitForURL(/\/dashboards/);
      let period: 'month' | 'quarter' = 'month';
      await expect
        .poll(
          async () => {
            period = period === 'month' ? 'quarter' : 'month';
            await anna.page.getByTestId('dash-period').selectOption(period);
            await anna.page.waitForURL(new RegExp(`period=${period}`));
            await anna.page.getByTestId('tiles').waitFor();
            await anna.page.waitForTimeout(500);
            return (await anna.page.locator('main').innerText()).replace(/\s+/g, ' ');
          },
          { timeout: hangGuardMs(30_000), interval: 1_000 },
        )
        .toMatch(
          /1 Started .*1 Concluded .*1 Learned .*100% Loop closure rate .* 1 Adoptions by other teams/,
        );
      // Departments sit on a funnel plot against the organisation's rate: placed within or outside limits, never ranked.
      await seeText(anna.page, 'comparison-table', /Zorg[\s\S]*(within|above|below)/);
      await seeText(anna.page, 'funnel-target', /organisation's rate/);
      // A tile puts its figure in context: the organisation is new, so nothing started the period before.
      await seeText(anna.page, 'tile-started', /up from 0 the period before/);
      await anna.page.locator('canvas').first().waitFor();
      await accessible(anna.page, 'loop-11-dashboard');
      const download = anna.page.waitForEvent('download');
      await anna.page.getByTestId('export-dashboard').click();
      const csv = readFileSync(await (await download).path(), 'utf8');
      expect(csv.split('\n')[0]).toMatch(/period/i);

      // The team dashboard counts it for Wijkzorg Oost too.
      await anna.page.getByTestId('dash-scope').selectOption({ label: 'Wijkzorg Oost' });
      await seeText(anna.page, 'dash-unit', /Wijkzorg Oost/);
      await seeText(anna.page, 'tile-learned', /1/);

      // Sam's home now has nothing due; in Dutch, the refuted result reads "Weerlegd".
      await sam.page.goto(`${url}/`);
      await seeText(sam.page, 'due-empty', /Nothing is due/);
      await sam.page.getByTestId('language-switcher').selectOption('nl');
      await seeText(sam.page, 'due-empty', /Er ligt nu niets op je te wachten/);
      await sam.page.getByTestId('my-experiments').getByRole('link', { name: title }).click();
      await seeText(sam.page, 'result', /Weerlegd/, 20_000);
      await seeText(sam.page, 'exp-status', /Geleerd/);
      await accessible(sam.page, 'loop-12-detail-dutch');

      // The only failed request of Anna's is the refused archiving of a department with teams.
      expect(anna.errors.filter((error) => !/status of 409 .*\/api\/departments\//.test(error))).toEqual([]);
      expect(sam.errors.filter((error) => !/status of (400|409)/.test(error))).toEqual([]);
    },
  );

  it('fits the pages at phone width', { timeout: hangGuardMs(120_000) }, async () => {
    const { page, errors } = await newPage({ width: 390, height: 844 });
    await signIn(page, admin.email, admin.password);
    for (const [path, testId, name] of [
      ['/', 'my-experiments', 'loop-phone-01-home'],
      ['/experiments', 'experiment-list', 'loop-phone-02-experiments'],
      ['/experiments/new', 'checklist-summary', 'loop-phone-03-form'],
      ['/approvals', 'approvals-empty', 'loop-phone-04-approvals'],
      ['/lessons', 'lessons', 'loop-phone-05-lessons'],
      ['/dashboards', 'tiles', 'loop-phone-06-dashboard'],
      ['/admin', 'structure-tree', 'loop-phone-07-admin'],
    ] as const) {
      await page.goto(`${url}${path}`);
      await page.getByTestId(testId).first().waitFor();
      expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
      await accessible(page, name);
    }
    await page.goto(`${url}/experiments`);
    await page.getByTestId('experiment-list').locator('a').first().click();
    await page.getByTestId('timeline').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await accessible(page, 'loop-phone-08-detail');
    expect(errors).toEqual([]);
  });
});
