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
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/** Weekly periods from Monday 6 January 2025. */
const weeks = Array.from({ length: 30 }, (_, i) =>
  new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10),
);
/** A stable process around 10, then a change that clearly lowers it (lower is better). */
const values = [
  10.2, 9.6, 10.5, 9.9, 10.1, 9.4, 10.3, 9.8, 10.6, 9.7, 10.0, 9.5, 10.4, 9.9, 10.2, 9.6, 10.1, 9.8, 10.3,
  9.7, 6.1, 5.8, 6.3, 5.9, 6.0, 6.2, 5.7, 6.1, 5.9, 6.0,
];
const goodCsv = ['period,value', ...weeks.map((week, i) => `${week},${values[i]}`)].join('\n');
/** Row 5 (the header is row 1) holds a word where a number belongs. */
const badCsv = goodCsv.replace(`${weeks[3]},${values[3]}`, `${weeks[3]},abc`);

/**
 * Measures in Chromium: create one, paste a CSV with a mistake and see the row and column named,
 * fix it and import, link the measure to an experiment with its baseline and a change, and see the
 * signal named on the measure's chart.
 */
describe('measures over time in Chromium', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let experimentId: string;
  let admin: Awaited<ReturnType<typeof signUpOrganisation>>['client'];

  async function accessible(name: string): Promise<void> {
    await shoot(page, name);
    expect(await accessibilityProblems(page), name).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    product = await startBuiltProduct({ DATABASE_URL: database.url, AUTH_SECRET: 'm'.repeat(40) });
    browser = await launchChromium();
    const { client, email, password } = await signUpOrganisation(product.url, 'Zorggroep Meten');
    admin = client;
    const department = (await client.post('/api/departments', { name: 'Zorg' })).body;
    const team = (await client.post('/api/teams', { name: 'Afdeling 3', departmentId: department.id })).body;
    experimentId = (await client.post('/api/experiments', { title: 'Structured handover', teamId: team.id }))
      .body.id;
    expect(experimentId).toEqual(expect.any(String));

    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    errors = collectConsoleErrors(page);
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${product.url}/`);
  }, hangGuardMs(120_000));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  it(
    'creates a measure, refuses a CSV with a bad row by row and column, imports the fixed one, links it and names the signal',
    { timeout: hangGuardMs(240_000) },
    async () => {
      await page.goto(`${product.url}/measures`);
      await page.getByTestId('measures-empty').waitFor();
      await page.getByLabel('Name').fill('Falls per 1,000 bed days');
      await page.getByLabel('Unit').fill('per 1,000 bed days');
      await page.getByLabel('Definition').fill('Falls reported in the incident system.');
      await page.getByTestId('measure-direction').selectOption('lower-is-better');
      await page.getByTestId('measure-kind').selectOption('value');
      await page.getByTestId('measure-create').click();
      await seeText(page, 'measures-notice', /Falls per 1,000 bed days was created/);
      await accessible('measures-01-list');

      await page.getByTestId('measure-link').filter({ hasText: 'Falls per 1,000 bed days' }).click();
      await page.getByTestId('measure-heading').waitFor();
      await page.getByTestId('chart-empty').waitFor();

      // A mistake: the preview names row 5 and the value column, and nothing can be imported.
      await page.getByTestId('import-csv').fill(badCsv);
      await page.getByTestId('import-check').click();
      await seeText(page, 'import-problems', /Row 5, value: not a number/);
      expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
      await accessible('measures-02-import-problems');

      // Fixed: the preview is clean, and the import stores every row.
      await page.getByTestId('import-csv').fill(goodCsv);
      await page.getByTestId('import-check').click();
      await seeText(page, 'import-ready', /30 rows are ready/);
      await page.getByTestId('import-submit').click();
      await seeText(page, 'import-done', /30 points were imported/);
      await expect
        .poll(() => page.getByTestId('chart-table').locator('tbody tr').count(), {
          timeout: hangGuardMs(10_000),
        })
        .toBe(30);

      // The experiment's owner links the measure with its baseline and the change.
      await page.goto(`${product.url}/experiments/${experimentId}`);
      await page.getByTestId('experiment-measure-none').waitFor();
      await page.getByTestId('experiment-measure-edit').click();
      await page
        .getByTestId('link-measure')
        .locator('option', { hasText: 'Falls per 1,000 bed days' })
        .waitFor({ state: 'attached' });
      await page.getByTestId('link-measure').selectOption({ label: 'Falls per 1,000 bed days' });
      await page.getByTestId('link-baseline-from').fill(weeks[0]);
      await page.getByTestId('link-baseline-through').fill(weeks[19]);
      await page.getByTestId('link-change-period-0').fill(weeks[20]);
      await page.getByTestId('link-change-label-0').fill('PDSA 1: structured handover');
      await page.getByTestId('link-save').click();
      await seeText(page, 'experiment-measure-link', /Judged by Falls per 1,000 bed days/);
      await seeText(page, 'signals', /A point beyond a control limit · improvement/);
      await accessible('measures-03-experiment');

      // The measure's own page names the signal and marks the change.
      await page.getByTestId('experiment-measure-open').click();
      await page.getByTestId('measure-heading').waitFor();
      await seeText(
        page,
        'signals',
        /A point beyond a control limit · improvement · detected at 26 May 2025/,
      );
      await seeText(page, 'chart-changes', /PDSA 1: structured handover \(Structured handover\)/);
      const flagged = page
        .getByTestId('chart-table')
        .locator('tbody tr', { hasText: 'A point beyond a control limit' });
      expect(await flagged.count()).toBeGreaterThan(0);
      expect(await page.locator('canvas[role=img]').getAttribute('aria-label')).toMatch(
        /The table “The chart's figures per period” below/,
      );
      await accessible('measures-04-chart');

      // The run chart names its own rules.
      await page.getByTestId('chart-run').click();
      await expect
        .poll(async () => (await page.getByTestId('chart-table').locator('thead').textContent()) ?? '')
        .toMatch(/Median/);

      // A phone: nothing wider than the screen, the chart follows its box.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(() => horizontalOverflow(page), { timeout: hangGuardMs(10_000) })
        .toBeLessThanOrEqual(0);
      await accessible('measures-05-chart-390');
      expect(errors).toEqual([]);
    },
  );

  it(
    'takes a grid of points pasted from a spreadsheet, names each bad cell by row and column, and stores it whole',
    { timeout: hangGuardMs(240_000) },
    async () => {
      const measureId = (
        await admin.post('/api/measures', {
          name: 'Handovers on time',
          direction: 'higher-is-better',
          kind: 'proportion',
          unitType: 'organisation',
        })
      ).body.id;
      const stored = async () => (await admin.get(`/api/measures/${measureId}/points`)).body.items.length;
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${product.url}/measures/${measureId}`);
      await page.getByTestId('points-grid').waitFor();

      // Four spreadsheet rows (with their header) pasted into the first cell fill the grid. Row 2 has a word for a
      // number, row 4 a denominator below its numerator, and row 4 repeats row 3's period.
      const sheet = [
        'period\tnumerator\tdenominator\tnote',
        `${weeks[0]}\t30\t40\t`,
        `${weeks[1]}\tabc\t40\t`,
        `${weeks[2]}\t33\t41\tnight shift short`,
        `${weeks[2]}\t5\t4\t`,
      ].join('\n');
      await page.getByTestId('grid-period-0').focus();
      await page.evaluate((text) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
        document.activeElement?.dispatchEvent(event);
      }, sheet);
      expect(await page.getByTestId('grid-period-3').inputValue()).toBe(weeks[2]);
      expect(await page.getByTestId('grid-note-2').inputValue()).toBe('night shift short');

      // The grid checks each row with the domain's rules for a point, names row and column, and sends nothing.
      await page.getByTestId('grid-submit').click();
      await seeText(page, 'import-problems', /Row 2, Numerator: not a number/);
      await seeText(page, 'import-problems', /Row 4, Denominator: must be at least the numerator/);
      await seeText(page, 'grid-row-3', /must be at least the numerator/);
      expect(await stored()).toBe(0);

      // Fixed, the API still refuses the whole grid for row 4's repeated period, naming it.
      await page.getByTestId('grid-numerator-1').fill('31');
      await page.getByTestId('grid-denominator-3').fill('40');
      await page.getByTestId('grid-submit').click();
      await seeText(
        page,
        'import-problems',
        /Row 4, Period \(start\): this period is also in an earlier row/,
      );
      await seeText(page, 'grid-row-3', /this period is also in an earlier row/);
      expect(await stored()).toBe(0);
      await expect
        .poll(() => horizontalOverflow(page), { timeout: hangGuardMs(10_000) })
        .toBeLessThanOrEqual(0);
      await accessible('measures-06-grid-problems-390');

      await page.getByTestId('grid-period-3').fill(weeks[3]);
      await page.getByTestId('grid-submit').click();
      await seeText(page, 'grid-done', /4 points were stored/);
      expect(await stored()).toBe(4);
      await expect
        .poll(() => page.getByTestId('chart-table').locator('tbody tr').count(), {
          timeout: hangGuardMs(10_000),
        })
        .toBe(4);
      // The one refusal asked for above is the browser's only complaint.
      expect(errors).toEqual([
        expect.stringMatching(/status of 400 .*\/api\/measures\/[0-9a-f-]{36}\/points\)$/),
      ]);
    },
  );
});
