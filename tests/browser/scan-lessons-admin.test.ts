import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoEmail, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
import { launchChromium, startBuiltProduct, type RunningProduct } from '../support/browser';
import { accessibilityProblems, collectConsoleErrors, horizontalOverflow } from '../support/browser-page';
import { workspaceRoot } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

const password = 'demo password for design';
/** Screenshots for the before/after comparison: SCREENS_STAGE=before on the unchanged app. */
const stage = process.env['SCREENS_STAGE'] ?? 'after';
const screens = join(workspaceRoot, 'tmp/screens');

interface View {
  lang: 'nl' | 'en';
  width: number;
  height: number;
  locale: string;
}
const views: View[] = [
  { lang: 'nl', width: 390, height: 844, locale: 'nl-NL' },
  { lang: 'en', width: 1366, height: 900, locale: 'en-GB' },
];

const words = {
  nl: {
    verdict: 'Oordeel',
    confirmed: 'Bevestigd',
    meta: ['Team', 'Oordeel', 'Advies', 'Datum', 'Onderbouwing'],
    sengePlain: /Hoe mensen en teams denken en leren/,
    bersinPlain: /Wat de organisatie doet om leren mogelijk te maken/,
    systems: /onderdelen op elkaar inwerken/,
    you: /^\s*jij\s*$/,
    confirmDeactivate: /deactiveren\?/i,
  },
  en: {
    verdict: 'Verdict',
    confirmed: 'Confirmed',
    meta: ['Team', 'Verdict', 'Recommendation', 'Date', 'Evidence'],
    sengePlain: /How people and teams think and learn/,
    bersinPlain: /What the organisation does to make learning possible/,
    systems: /parts affect each other/,
    you: /^\s*you\s*$/,
    confirmDeactivate: /Deactivate .*\?/,
  },
};

/**
 * The scan results, the lessons library and the admin pages as the design asks, each in Dutch
 * on a phone and in English on a desktop: readable, labelled, nothing wider than the screen, no
 * serious axe finding, no console error.
 */
describe('scan results, lessons and admin at 390 px (nl) and 1366 px (en)', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function signedIn(view: View): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: view.width, height: view.height },
      locale: view.locale,
      timezoneId: 'Europe/Amsterdam',
    });
    contexts.push(context);
    await context.addInitScript((lang) => localStorage.setItem('kz.language', lang), view.lang);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${product.url}/sign-in`);
    await page.locator('input[type=email]').fill(demoEmail('admin'));
    await page.locator('input[type=password]').fill(password);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${product.url}/`);
    return { page, errors };
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(screens, `${stage}-${name}.png`), fullPage: true });
  }

  /** What the page must always be: as wide as the screen at most, and free of serious axe findings. */
  async function fits(page: Page, where: string): Promise<string[]> {
    const overflow = await horizontalOverflow(page);
    return [
      ...(overflow > 0 ? [`${where}: ${overflow} px too wide`] : []),
      ...(await accessibilityProblems(page)).map((problem) => `${where} (axe): ${problem}`),
    ];
  }

  beforeAll(async () => {
    mkdirSync(screens, { recursive: true });
    database = await createTestDatabase();
    await seedDemoOrganisation(database.ownerUrl, password);
    product = await startBuiltProduct({ DATABASE_URL: database.url, AUTH_SECRET: 'd'.repeat(40) });
    browser = await launchChromium();
  }, hangGuardMs(180_000));

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  for (const view of views) {
    const w = words[view.lang];

    it(`scan results (${view.lang}, ${view.width} px): a readable profile, a scrolling trend table, local numbers, plain words`, async () => {
      const { page, errors } = await signedIn(view);
      await page.goto(`${product.url}/scan`);
      await page.getByTestId('results-link').first().click();
      await page.getByTestId('radar-card').waitFor();
      await page.getByTestId('trend-table').locator('tbody tr').nth(1).waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300); // chart.js draws on the next frame
      await shot(page, `scan-${view.width}`);

      // The profile: on a phone a dot plot whose eleven names are whole text, on a desktop a radar.
      const card = page.getByTestId('radar-card');
      if (view.width < 600) {
        await card.getByTestId('profile-dots').waitFor();
        expect(await card.locator('canvas').count()).toBe(0);
        const labels = await card.getByTestId('profile-label').evaluateAll((elements) =>
          elements.map((element) => ({
            text: element.textContent?.trim() ?? '',
            cut: element.scrollWidth > element.clientWidth + 1,
            size: parseFloat(getComputedStyle(element).fontSize),
          })),
        );
        expect(labels).toHaveLength(11);
        for (const label of labels) expect(label).toMatchObject({ cut: false, size: expect.any(Number) });
        expect(Math.min(...labels.map((label) => label.size))).toBeGreaterThanOrEqual(13);
      } else {
        await card.locator('canvas').waitFor();
        expect(await card.getByTestId('profile-dots').count()).toBe(0);
        expect((await card.locator('canvas').boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(440);
      }

      // The trend table scrolls inside its own box, with each scan's name kept in view.
      const scroller = page.getByTestId('trend-scroll');
      const scroll = await scroller.evaluate((element) => {
        const before = element.querySelector('tbody th')?.getBoundingClientRect().left ?? 0;
        element.scrollLeft = element.scrollWidth;
        const after = element.querySelector('tbody th')?.getBoundingClientRect().left ?? 0;
        return {
          overflowX: getComputedStyle(element).overflowX,
          scrolls: element.scrollWidth > element.clientWidth,
          stays: Math.abs(after - before) < 1,
        };
      });
      expect(scroll.overflowX).toBe('auto');
      if (view.width < 600) expect(scroll).toMatchObject({ scrolls: true, stays: true });

      // Figures in the language's own notation.
      const scores = (await page.getByTestId('scores-table').textContent()) ?? '';
      expect(scores).toMatch(view.lang === 'nl' ? /\d,\d\d/ : /\d\.\d\d/);
      expect(scores).not.toMatch(view.lang === 'nl' ? /\d\.\d\d/ : /\d,\d\d/);

      // Plain words beside Senge and Bersin, and a line on what each dimension means.
      await expect(page.getByTestId('framework-senge').first().textContent()).resolves.toMatch(w.sengePlain);
      await expect(page.getByTestId('framework-bersin').first().textContent()).resolves.toMatch(
        w.bersinPlain,
      );
      await expect(page.getByTestId('explain-systems_thinking').textContent()).resolves.toMatch(w.systems);

      expect(await fits(page, 'scan results')).toEqual([]);
      expect(errors).toEqual([]);
    });

    it(`lessons (${view.lang}, ${view.width} px): cards with labelled facts, a verdict filter, filters folded on a phone`, async () => {
      const { page, errors } = await signedIn(view);
      await page.goto(`${product.url}/lessons`);
      await page.getByTestId('lessons').locator('li').first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `lessons-${view.width}`);

      const terms = await page
        .getByTestId('lessons')
        .locator('li')
        .first()
        .locator('dl dt')
        .allTextContents();
      expect(terms.map((term) => term.trim())).toEqual(expect.arrayContaining(w.meta));
      expect(await page.getByText(/^Hypothese$|^Hypothesis$/).count()).toBe(0);

      const toggle = page.getByTestId('filters-toggle');
      const verdict = page.getByLabel(w.verdict, { exact: true });
      if (view.width < 600) {
        await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
        expect(await verdict.isVisible()).toBe(false);
        await toggle.click();
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      } else {
        expect(await toggle.isVisible()).toBe(false);
      }
      await verdict.selectOption('confirmed');
      await page.waitForURL(/verdict=confirmed/);
      await expect
        .poll(async () => {
          const shown = await page.getByTestId('lesson-verdict').allTextContents();
          return shown.length > 0 && shown.every((text) => text.trim() === w.confirmed);
        })
        .toBe(true);
      if (view.width < 600) await expect(toggle.textContent()).resolves.toMatch(/Filters\s*\(?1\)?/);
      await shot(page, `lessons-${view.width}-filtered`);

      expect(await fits(page, 'lessons')).toEqual([]);
      expect(errors).toEqual([]);
    });

    it(`admin (${view.lang}, ${view.width} px): a structure tree, labelled inputs, no self-deactivation, destructive actions marked`, async () => {
      const { page, errors } = await signedIn(view);
      await page.goto(`${product.url}/admin`);
      await page.getByText('Wijkzorg Noord').first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `admin-${view.width}`);
      const tree = page.getByTestId('structure-tree');

      // Departments hold their sub-departments, which hold their teams.
      const care = tree.locator('[data-kind=department][data-name="Zorg"]');
      const north = care.locator('[data-kind=department][data-name="Wijkzorg Noord"]');
      await north.waitFor();
      expect(await north.locator('[data-kind=team]').count()).toBeGreaterThan(0);
      // Folding and unfolding, also from the keyboard.
      const toggle = care.getByTestId('tree-toggle').first();
      await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      await expect.poll(() => north.isVisible()).toBe(false);
      await toggle.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => north.isVisible()).toBe(true);

      const problems: string[] = [...(await fits(page, 'admin structure'))];
      for (const tab of ['structure', 'members', 'settings', 'budgets', 'audit']) {
        await page.getByTestId(`admin-tab-${tab}`).click();
        await page.waitForLoadState('networkidle');
        problems.push(...(await unlabelled(page)).map((problem) => `${tab}: ${problem}`));
        if (tab !== 'structure') problems.push(...(await fits(page, `admin ${tab}`)));
      }

      // Members: one's own row offers no deactivation; another's is marked destructive and asks first.
      await page.getByTestId('admin-tab-members').click();
      const own = page
        .getByTestId('admin-members')
        .locator('li')
        .filter({ hasText: demoEmail('admin') });
      await expect(own.getByTestId('member-self').textContent()).resolves.toMatch(w.you);
      expect(await own.getByTestId('deactivate').count()).toBe(0);
      const rows = page.getByTestId('admin-members').locator('li');
      // By position: once asked, the row's button gives way to the question.
      const index = await rows.evaluateAll((items) =>
        items.findIndex((item) => item.querySelector('[data-testid=deactivate]')),
      );
      expect(index).toBeGreaterThanOrEqual(0);
      const other = rows.nth(index);
      const deactivate = other.getByTestId('deactivate');
      expect(await isWarn(deactivate)).toBe(true);
      await deactivate.click();
      await expect.poll(async () => (await other.textContent()) ?? '').toMatch(w.confirmDeactivate);
      expect(await isWarn(other.getByTestId('deactivate-confirm'))).toBe(true);
      problems.push(...(await fits(page, 'admin members confirming')));
      await shot(page, `admin-${view.width}-members-confirm`);
      await other.getByTestId('deactivate-cancel').click();
      await expect.poll(() => other.getByTestId('deactivate-confirm').count()).toBe(0);

      await page.getByTestId('admin-tab-structure').click();
      expect(await isWarn(tree.getByTestId('archive-unit').first())).toBe(true);

      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});

/** Visible form controls in main with no visible label of their own: a placeholder or hidden text is not enough. */
function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const visible = (element: Element | null) => {
      if (!element) return false;
      const box = element.getBoundingClientRect();
      return box.width > 1 && box.height > 1 && getComputedStyle(element).visibility !== 'hidden';
    };
    const problems: string[] = [];
    const controls = document.querySelectorAll<HTMLInputElement>(
      'main input:not([type=hidden]):not([type=radio]):not([type=checkbox]), main select, main textarea',
    );
    for (const control of Array.from(controls)) {
      if (!visible(control)) continue;
      const own = Array.from(control.labels ?? []).some(
        (label) => visible(label) && (label.textContent ?? '').trim().length > 0,
      );
      const floating = control.closest('mat-form-field')?.querySelector('.mdc-floating-label');
      if (own || (visible(floating ?? null) && (floating?.textContent ?? '').trim())) continue;
      problems.push(
        `${control.tagName.toLowerCase()}#${control.id || control.name || '?'} has no visible label`,
      );
    }
    return problems;
  });
}

/** Whether a control is drawn in the theme's error colour, the mark of a destructive action. */
function isWarn(locator: ReturnType<Page['getByTestId']>): Promise<boolean> {
  return locator.evaluate((element) => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--mat-sys-error)';
    document.body.append(probe);
    const error = getComputedStyle(probe).color;
    probe.remove();
    const style = getComputedStyle(element);
    return style.color === error || style.backgroundColor === error;
  });
}
