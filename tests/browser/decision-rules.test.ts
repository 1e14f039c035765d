import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signUpOrganisation } from '../support/api-client';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import {
  accessibilityProblems,
  collectConsoleErrors,
  horizontalOverflow,
  screenshots,
  seeText,
  shoot,
} from '../support/browser-page';
import { addMember, MEMBER_PASSWORD } from '../support/tenants';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/** Weekly periods from Monday 6 January 2025: 20 weeks of baseline around 10, then 10 weeks after the change. */
const weeks = Array.from({ length: 30 }, (_, i) =>
  new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10),
);
const baseline = [
  10.2, 9.6, 10.5, 9.9, 10.1, 9.4, 10.3, 9.8, 10.6, 9.7, 10.0, 9.5, 10.4, 9.9, 10.2, 9.6, 10.1, 9.8, 10.3,
  9.7,
];
const after = [6.1, 5.8, 6.3, 5.9, 6.0, 6.2, 5.7, 6.1, 5.9, 6.0];
const csvOf = (from: number, values: number[]) =>
  ['period,value', ...values.map((value, i) => `${weeks[from + i]},${value}`)].join('\n');

/**
 * Decision rules in Chromium: the owner states a prediction and rule on the linked measure and proposes; the team
 * lead sees the rule on the approval card and approves it with the time and budget; the owner enters the data after
 * the change, sees the signal, records the result, sees what the data propose and decides.
 */
describe('decision rules in Chromium', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner: Page;
  let lead: Page;
  const consoles: string[][] = [];
  let experimentId: string;
  let measureId: string;
  let teamId: string;
  let memberClient: Awaited<ReturnType<typeof addMember>>['client'];

  async function accessible(page: Page, name: string): Promise<void> {
    await shoot(page, name);
    expect(await accessibilityProblems(page), name).toEqual([]);
  }

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    consoles.push(collectConsoleErrors(page));
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(MEMBER_PASSWORD);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${product.url}/`);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    product = await startBuiltProduct({ DATABASE_URL: database.url, AUTH_SECRET: 'd'.repeat(40) });
    browser = await launchChromium();
    const { client: admin } = await signUpOrganisation(product.url, 'Zorggroep Bewijs');
    const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const department = (await admin.post('/api/departments', { name: 'Zorg' })).body;
    teamId = (await admin.post('/api/teams', { name: 'Afdeling 5', departmentId: department.id })).body.id;
    const member = await addMember(database.ownerUrl, product.url, organisationId, 'member');
    const teamLead = await addMember(database.ownerUrl, product.url, organisationId, 'team_lead');
    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: member.membershipId,
      position: 'member',
    });
    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: teamLead.membershipId,
      position: 'lead',
    });
    // A measure with its baseline already entered, and a complete plan linked to it.
    measureId = (
      await member.client.post('/api/measures', {
        name: 'Falls per week',
        unit: 'falls',
        direction: 'lower-is-better',
        kind: 'value',
        unitType: 'team',
        teamId,
      })
    ).body.id;
    await member.client.post(`/api/measures/${measureId}/points/import`, { csv: csvOf(0, baseline) });
    experimentId = (
      await member.client.post('/api/experiments', {
        title: 'Night round',
        teamId,
        problem: 'Residents fall at night',
        hypothesis: { change: 'a night round at 02:00', outcome: 'fewer falls', measure: 'falls per week' },
        metric: { name: 'Falls', unit: 'per week', baseline: 10, target: 7, direction: 'decrease' },
        plan: { start: '2025-05-26', end: '2025-08-31', checkInCadence: 'weekly' },
        request: { hours: 4, amountMinor: 0 },
      })
    ).body.id;
    const linked = await member.client.put(`/api/experiments/${experimentId}/measure`, {
      measureId,
      baseline: { from: weeks[0], through: weeks[19] },
      changes: [{ period: weeks[20], label: 'PDSA 1: night round' }],
    });
    expect(linked.status).toBe(200);
    memberClient = member.client;
    owner = await signedIn(member.email);
    lead = await signedIn(teamLead.email);
  }, hangGuardMs(180_000));

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  it(
    'states the measure, baseline, prediction and rule in the form that creates the experiment, at 390 px',
    { timeout: hangGuardMs(300_000) },
    async () => {
      await owner.setViewportSize({ width: 390, height: 844 });
      await owner.goto(`${product.url}/experiments/new`);
      await owner.getByTestId('exp-title').fill('Night round, stated up front');
      await owner.getByTestId('exp-team').selectOption(teamId);
      await owner.getByTestId('exp-problem').fill('Residents fall at night');
      await owner.getByTestId('exp-change').fill('a night round at 02:00');
      await owner.getByTestId('exp-outcome').fill('fewer falls');
      await owner.getByTestId('exp-measure').fill('falls per week');
      await owner.getByTestId('metric-name').fill('Falls');
      await owner.getByTestId('metric-unit').fill('per week');
      await owner.getByTestId('metric-baseline').fill('10');
      await owner.getByTestId('metric-target').fill('7');
      await owner.getByTestId('metric-direction').selectOption('decrease');
      await owner.getByTestId('plan-start').fill('2025-05-26');
      await owner.getByTestId('plan-end').fill('2025-08-31');
      await owner.getByTestId('request-hours').fill('4');
      // The proof is optional; once a measure is chosen, its baseline and the rule's fields appear.
      expect(await owner.getByTestId('rule-within').count()).toBe(0);
      await owner.getByTestId('proof-measure').selectOption(measureId);
      await owner.getByTestId('proof-baseline-from').fill(weeks[0]);
      await owner.getByTestId('proof-baseline-through').fill(weeks[19]);
      await owner.getByTestId('rule-direction').selectOption('decrease');
      await owner.getByTestId('rule-size').fill('2');
      // 2.5 passes the form's own checks (at least 1); the API refuses it (whole periods only).
      await owner.getByTestId('rule-within').fill('2.5');
      // The draft and its proof travel in one request: what the form writes is recorded.
      const writes: string[] = [];
      const record = (request: { method(): string; url(): string }) => {
        const path = new URL(request.url()).pathname;
        if (request.method() !== 'GET' && path.startsWith('/api/experiments'))
          writes.push(`${request.method()} ${path}`);
      };
      owner.on('request', record);
      await owner.getByTestId('save-propose').click();
      // The API refuses the rule, naming `decisionRule.rule.withinPeriods`: the message stands beside that field.
      await expect
        .poll(async () => ((await owner.getByTestId('rule-within-error').textContent()) ?? '').trim())
        .not.toBe('');
      // Refused whole: no draft without its rule.
      expect(writes).toEqual(['POST /api/experiments']);
      const before = (await memberClient.get('/api/experiments?limit=100')).body.items as Array<{
        title: string;
      }>;
      expect(before.filter((e) => e.title === 'Night round, stated up front')).toHaveLength(0);
      await expect
        .poll(() => horizontalOverflow(owner), { timeout: hangGuardMs(10_000) })
        .toBeLessThanOrEqual(0);
      await accessible(owner, 'decisions-00-create-with-rule-390');
      await owner.getByTestId('rule-within').fill('8');
      await owner.getByTestId('rule-adopt-wording').fill('Roll it out to every ward');
      await owner.getByTestId('save-propose').click();
      await owner.waitForURL(/\/experiments\/[0-9a-f-]{36}$/);
      owner.off('request', record);
      // The browser logs the one refusal this test asked for; nothing else may be logged.
      const refusal = /status of 400 .*\/api\/experiments\)$/;
      expect(consoles.flat().filter((error) => refusal.test(error))).toHaveLength(1);
      for (const errors of consoles)
        errors.splice(0, errors.length, ...errors.filter((e) => !refusal.test(e)));
      // The second try is again one create (with its proof), then the proposal.
      expect(writes.map((w) => w.replace(/[0-9a-f-]{36}/, ':id'))).toEqual([
        'POST /api/experiments',
        'POST /api/experiments',
        'POST /api/experiments/:id/transitions',
      ]);
      await seeText(owner, 'exp-status', /Proposed/);
      await owner.getByTestId('decision-rule-proposed').waitFor();
      await seeText(owner, 'decision-prediction', /We predict the measure falls\s+by at least 2/);
      await seeText(owner, 'decision-rule-text', /Roll it out to every ward\s+if an improvement signal/);
      await seeText(owner, 'experiment-measure-link', /Falls per week/);

      // One experiment: the refused rule did not leave a second draft behind.
      const mine = (await memberClient.get('/api/experiments?limit=100')).body.items as Array<{
        title: string;
      }>;
      expect(mine.filter((e) => e.title === 'Night round, stated up front')).toHaveLength(1);
      await owner.setViewportSize({ width: 1366, height: 900 });
    },
  );

  it(
    'proposes with a rule, approves it, enters the data, sees the signal and decides',
    { timeout: hangGuardMs(300_000) },
    async () => {
      // The owner sees the gap, states the prediction and rule, and proposes.
      await owner.goto(`${product.url}/experiments/${experimentId}`);
      await owner.getByTestId('decision-rule-gap').waitFor();
      await owner.getByTestId('rule-edit').click();
      await owner.getByTestId('rule-direction').selectOption('decrease');
      await owner.getByTestId('rule-size').fill('2');
      await owner.getByTestId('rule-within').fill('0');
      await owner.getByTestId('rule-save').click();
      // The API refuses it, naming the field: the message stands beside it.
      await expect
        .poll(async () => ((await owner.getByTestId('rule-within-error').textContent()) ?? '').trim())
        .not.toBe('');
      await owner.getByTestId('decision-rule-gap').waitFor();
      await owner.getByTestId('rule-within').fill('8');
      await owner.getByTestId('rule-adopt-wording').fill('Roll the night round out to every ward');
      await owner.getByTestId('rule-save').click();
      await seeText(owner, 'decision-prediction', /We predict the measure falls\s+by at least 2/);
      await seeText(
        owner,
        'decision-rule-text',
        /Roll the night round out to every ward\s+if an improvement signal/,
      );
      await accessible(owner, 'decisions-01-rule-stated');
      await owner.getByTestId('step-propose').click();
      await seeText(owner, 'exp-status', /Proposed/);

      // The lead approves the rule with the time and budget, seeing the prediction and the baseline chart.
      await lead.goto(`${product.url}/approvals`);
      const card = lead.getByTestId(`approval-${experimentId}`);
      await card.getByTestId('decision-prediction').waitFor();
      expect(await card.getByTestId('decision-rule-text').textContent()).toMatch(/within 8 periods/);
      await card.locator('canvas[role=img]').waitFor();
      await accessible(lead, 'decisions-02-approval-card');
      await lead.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(() => horizontalOverflow(lead), { timeout: hangGuardMs(10_000) })
        .toBeLessThanOrEqual(0);
      await card.getByTestId('decision-approve').click();
      await seeText(lead, 'decided', /You approved/);

      // The owner starts it and enters the data after the change on the measure's page.
      await owner.reload();
      await owner.getByTestId('decision-rule-approved').waitFor();
      await owner.getByTestId('step-start').click();
      await seeText(owner, 'exp-status', /Running/);
      await owner.goto(`${product.url}/measures/${measureId}`);
      await owner.getByTestId('import-csv').fill(csvOf(20, after));
      await owner.getByTestId('import-check').click();
      await seeText(owner, 'import-ready', /10 rows are ready/);
      await owner.getByTestId('import-submit').click();
      await seeText(owner, 'import-done', /10 points were imported/);

      // Back on the experiment: the signal shows, the result is recorded, the data propose adopt.
      await owner.goto(`${product.url}/experiments/${experimentId}`);
      await seeText(owner, 'signals', /improvement/);
      await owner.getByTestId('result-value').fill('6');
      await owner.getByTestId('result-verdict').selectOption('confirmed');
      await owner.getByTestId('result-evidence').fill('Ten weeks of falls after the night round');
      await owner.getByTestId('result-hours').fill('3');
      await owner.getByTestId('result-spend').fill('0');
      await owner.getByTestId('result-submit').click();
      await seeText(owner, 'exp-status', /Concluded/);
      await seeText(owner, 'decision-proposed-decision', /Roll the night round out to every ward/);
      await seeText(owner, 'decision-proposed-reason', /an improvement in the predicted direction/);
      await accessible(owner, 'decisions-03-proposed');

      // Deciding otherwise needs a reason; following the rule needs none, and no second review.
      await owner.getByTestId('decide-decision').selectOption('adapt');
      await owner.getByTestId('decide-otherwise').click();
      await owner.getByTestId('decide-reason-error').waitFor();
      await owner.getByTestId('decide-follow').click();
      await seeText(owner, 'decision-decided', /Decision: Adopt/);
      await owner.getByTestId('decision-review-not_needed').waitFor();

      await owner.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(() => horizontalOverflow(owner), { timeout: hangGuardMs(10_000) })
        .toBeLessThanOrEqual(0);
      await accessible(owner, 'decisions-04-decided-390');
      expect(consoles.flat()).toEqual([]);
    },
  );
});
