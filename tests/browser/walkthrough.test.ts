import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { demoEmail, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
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

const password = 'demo password 123';

/** Every page the demo admin's navigation offers, and the ones reached from them. */
const pages = [
  '/',
  '/experiments',
  '/experiments?view=board',
  '/approvals',
  '/lessons',
  '/dashboards',
  '/reviews',
  '/reviews/cadences',
  '/scan',
  '/people',
  '/admin',
  '/webhooks',
  '/notifications',
  '/notifications/preferences',
  '/health',
];

/**
 * The measures list and one measure with a year of weekly points, a baseline and a change, linked to an
 * experiment, so its chart has limits, annotations and signals to show.
 */
async function measurePages(api: ApiClient): Promise<string[]> {
  const measure = await api.post('/api/measures', {
    name: 'Valincidenten per 1.000 ligdagen',
    unit: 'per 1.000 ligdagen',
    definition: 'Valincidenten uit het meldsysteem.',
    direction: 'lower-is-better',
    kind: 'value',
    unitType: 'organisation',
  });
  expect(measure.status).toBe(201);
  const weeks = Array.from({ length: 52 }, (_, i) =>
    new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10),
  );
  const value = (i: number) => (i < 30 ? 4 + ((i * 7) % 5) / 4 : 2 + ((i * 3) % 4) / 4);
  const csv = ['period,value', ...weeks.map((week, i) => `${week},${value(i)}`)].join('\n');
  expect((await api.post(`/api/measures/${measure.body.id}/points/import`, { csv })).status).toBe(200);
  const team = (await api.get('/api/teams')).body.items[0];
  const experiment = await api.post('/api/experiments', {
    title: 'Bewegingssensoren naast het bed',
    teamId: team.id,
  });
  const link = await api.put(`/api/experiments/${experiment.body.id}/measure`, {
    measureId: measure.body.id,
    baseline: { from: weeks[0], through: weeks[29] },
    changes: [{ period: weeks[30], label: 'PDSA 1: sensoren' }],
  });
  expect(link.status).toBe(200);
  return ['/measures', `/measures/${measure.body.id}`];
}

/**
 * What a walk-through in Dutch found, as the demo organisation's admin sees it in Chromium: plan
 * days, Dutch dates and words, the bell after a fresh load, the page reminder mails link to,
 * visible keyboard focus, and nothing wider than a phone.
 */
describe('a Dutch walk-through of the demo organisation in Chromium', () => {
  let database: TestDatabase;
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let api: ApiClient;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    database = await createTestDatabase();
    await seedDemoOrganisation(database.ownerUrl, password);
    product = await startBuiltProduct({ DATABASE_URL: database.url, AUTH_SECRET: 'w'.repeat(40) });
    browser = await launchChromium();
    api = new ApiClient(product.url);
    expect((await api.post('/api/auth/sign-in', { email: demoEmail('admin'), password })).status).toBe(200);
    pages.push(...(await measurePages(api)));

    // An organisation in Amsterdam, read by someone in Amsterdam: local midnight is 23:00 UTC the day before.
    context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    page = await context.newPage();
    errors = collectConsoleErrors(page);
    await page.goto(`${product.url}/sign-in`);
    await page.getByLabel('E-mailadres').fill(demoEmail('admin'));
    await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
    await page.getByTestId('submit').click();
    await page.waitForURL(`${product.url}/`);
  }, hangGuardMs(120_000));

  // Each test starts from the desktop width in Dutch, whatever the one before it left behind when it failed.
  beforeEach(async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.evaluate(() => localStorage.setItem('kz.language', 'nl'));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
    await database?.drop();
  });

  it('shows the plan days as entered (3 to 31 December), not a day early', async () => {
    const team = (await api.get('/api/teams')).body.items[0];
    const created = await api.post('/api/experiments', {
      title: 'Overdracht met een vaste volgorde',
      teamId: team.id,
      plan: { start: '2026-12-03', end: '2026-12-31', checkInCadence: 'weekly' },
    });
    expect(created.status).toBe(201);
    await page.goto(`${product.url}/experiments/${created.body.id}`);
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '', { timeout: hangGuardMs(10_000) })
      .toMatch(/3 dec 2026\s*–\s*31 dec 2026/);
    await shoot(page, 'walkthrough-plan-days');
  });

  it('words dates, rhythms, counts and audit events in Dutch, in the organisation’s zone', async () => {
    const usDate =
      /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}\b|\d{1,2}:\d{2}:\d{2}\s?[AP]M/;
    const dutchDate = /\b\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}\b/;

    await page.goto(`${product.url}/reviews`);
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '', { timeout: hangGuardMs(10_000) })
      .toMatch(dutchDate);
    const reviews = (await page.locator('main').textContent()) ?? '';
    expect(reviews).not.toMatch(usDate);
    expect(reviews).not.toMatch(/\b1 reflecties\b/);

    await page.goto(`${product.url}/reviews/cadences`);
    await seeText(page, 'cadences', /Elke week op vrijdag om 15:00/);
    const cadences = (await page.getByTestId('cadences').textContent()) ?? '';
    expect(cadences).not.toMatch(/weekly|quarterly|#\d/);
    expect(cadences).toMatch(/Elk kwartaal/);
    expect(cadences).not.toMatch(usDate);
    await shoot(page, 'walkthrough-cadences-nl');

    await page.goto(`${product.url}/admin`);
    await page.getByTestId('admin-tab-audit').click();
    await seeText(page, 'audit', /Ingelogd/);
    const audit = (await page.getByTestId('audit').textContent()) ?? '';
    expect(audit).not.toMatch(/auth\.signed_in|[a-z]+\.[a-z_]+_[a-z]+/);
    expect(audit).not.toMatch(usDate);
    // Filtered to one action, on a phone: only that action, the filters and the log fit the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('audit-filter-action').selectOption('auth.signed_in');
    await page.getByTestId('audit-filter-apply').click();
    await expect
      .poll(async () => [...new Set(await page.getByTestId('audit-action').allTextContents())], {
        timeout: hangGuardMs(10_000),
      })
      .toEqual(['Ingelogd']);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await clippedContent(page)).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'walkthrough-390-audit-filtered');
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.goto(`${product.url}/notifications`);
    await page.getByTestId('unread-count').waitFor();
    expect((await page.locator('main').textContent()) ?? '').not.toMatch(usDate);
  });

  it('shows the bell after a fresh load of / and of /health', async () => {
    for (const path of ['/', '/health']) {
      await page.goto(`${product.url}${path}`);
      await page.getByTestId('toolbar-notifications').waitFor({ timeout: hangGuardMs(10_000) });
    }
  });

  it('reads the experiments list once on a fresh load (the read ahead and the page share it), for the filter in the URL', async () => {
    const listReads = async () => {
      // From a blank page: nothing the page before still sends is counted.
      await page.goto('about:blank');
      const seen: URL[] = [];
      const onRequest = (request: { url(): string; method(): string }) => {
        const requested = new URL(request.url());
        if (request.method() === 'GET' && requested.pathname === '/api/experiments') seen.push(requested);
      };
      page.on('request', onRequest);
      return {
        seen,
        stop: () => page.off('request', onRequest),
      };
    };
    for (const [path, limit] of [
      ['/experiments', '50'],
      ['/experiments?view=board', '200'],
    ] as const) {
      const reads = await listReads();
      await page.goto(`${product.url}${path}`);
      await page
        .locator(path.includes('board') ? '[data-testid="board"]' : '[data-testid="experiment-list"] a')
        .first()
        .waitFor({ timeout: hangGuardMs(10_000) });
      // The page has rendered with the answer: a second read would have left by now.
      await page.waitForLoadState('networkidle');
      reads.stop();
      expect(
        reads.seen.map((url) => url.searchParams.get('limit')),
        path,
      ).toEqual([limit]);
    }
    // One experiment's page reads no list ahead.
    const reads = await listReads();
    const first = (await api.get('/api/experiments?limit=1')).body.items[0];
    await page.goto(`${product.url}/experiments/${first.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: hangGuardMs(10_000) });
    await page.waitForLoadState('networkidle');
    reads.stop();
    expect(reads.seen).toEqual([]);
  });

  it('opens the notification settings that reminder mails link to', async () => {
    await page.goto(`${product.url}/notifications/preferences`);
    await page.getByTestId('pref-time-zone').waitFor({ timeout: hangGuardMs(10_000) });
    expect(new URL(page.url()).pathname).toBe('/notifications/preferences');
    await shoot(page, 'walkthrough-preferences');
  });

  it('shows keyboard focus on every kind of control: a change of at least a 1 px perimeter at 3:1 contrast', async () => {
    const weak: string[] = [];
    const paths = [
      '/',
      '/experiments',
      '/experiments?view=board',
      '/approvals',
      '/dashboards',
      '/notifications/preferences',
      '/reviews/cadences',
    ];
    const probed = new Set<string>();
    for (const path of paths) {
      await page.goto(`${product.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.mouse.move(0, 0);
      // The header and navigation are the same on every page: probed once, on the first.
      weak.push(...(await focusProblems(page, path, path === paths[0] ? 'body' : 'main', probed)));
    }
    expect(probed.size).toBeGreaterThan(10);
    expect(weak).toEqual([]);
  });

  it('keeps every page within a 390 px wide phone screen, also after narrowing a desktop window, with no serious axe finding', async () => {
    const wide: string[] = [];
    for (const path of pages) {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`${product.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.setViewportSize({ width: 390, height: 844 });
      // Charts follow their box a few frames later (a resize observer, then a redraw), later still on a
      // loaded machine: wait until the page fits and nothing is cut off, and say what did not.
      const fits = async () =>
        (await horizontalOverflow(page)) <= 0 && (await clippedContent(page)).length === 0;
      await expect
        .poll(fits, { timeout: hangGuardMs(15_000) })
        .toBe(true)
        .catch(() => undefined);
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) wide.push(`${path}: ${overflow} px too wide`);
      wide.push(...(await clippedContent(page)).map((problem) => `${path}: ${problem}`));
      wide.push(...(await accessibilityProblems(page)).map((problem) => `${path} (axe): ${problem}`));
      await shoot(page, `walkthrough-390${path === '/' ? '-home' : path.replace(/[/?=]/g, '-')}`);
    }
    expect(wide).toEqual([]);
    expect(errors).toEqual([]);
  });

  // One test per width, so each has its own hang guard: 17 pages with axe is a long walk on a loaded machine.
  for (const width of [1366, 390]) {
    it(`reads in English at ${width} px too: no US dates, nothing too wide or cut off${width === 1366 ? ', no serious axe finding' : ''}`, async () => {
      await page.evaluate(() => localStorage.setItem('kz.language', 'en'));
      await page.setViewportSize({ width, height: 900 });
      const problems: string[] = [];
      for (const path of pages) {
        await page.goto(`${product.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
        const overflow = await horizontalOverflow(page);
        if (overflow > 0) problems.push(`${width} ${path}: ${overflow} px too wide`);
        problems.push(...(await clippedContent(page)).map((problem) => `${width} ${path}: ${problem}`));
        // axe at 390 px ran in the Dutch walk
        if (width === 1366)
          problems.push(
            ...(await accessibilityProblems(page)).map((problem) => `${width} ${path} (axe): ${problem}`),
          );
        const text = (await page.locator('main').textContent()) ?? '';
        if (
          /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}\b|\d:\d{2}:\d{2}\s?[AP]M/.test(
            text,
          )
        )
          problems.push(`${width} ${path}: a US date or time`);
        if (width === 390)
          await shoot(page, `walkthrough-en-390${path === '/' ? '-home' : path.replace(/[/?=]/g, '-')}`);
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});

/**
 * What sticks out of the box that holds it, unless that box scrolls: a chart or table cut off by a
 * card at phone width passes the page's own width check, yet people cannot see or reach it.
 */
function clippedContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('main *'))) {
      const rect = element.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) continue; // visually hidden helpers
      // Material cuts a long floating label with an ellipsis by design, draws focus rings past a chip's edge,
      // and clips a click's ripple to its button while it fades.
      if (element.closest('.mdc-floating-label, .mat-focus-indicator, .mat-ripple-element')) continue;
      for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
        const overflow = getComputedStyle(box).overflowX;
        if (overflow === 'visible') continue;
        if (overflow === 'hidden' || overflow === 'clip') {
          const limit = box.getBoundingClientRect().right;
          if (rect.right > limit + 1)
            problems.push(
              `${element.tagName.toLowerCase()}.${element.className} cut off by ${Math.round(rect.right - limit)} px`,
            );
        }
        break; // a scrolling box lets people reach what it holds
      }
      if (problems.length >= 5) break;
    }
    return problems;
  });
}

/**
 * Focuses each kind of control in scope and compares its surroundings focused and unfocused: the pixels
 * that change by at least 3:1 must cover at least the area of a 1 CSS px perimeter of the control (WCAG 2.2's
 * focus appearance minimum). A kind is what decides how focus is drawn: the element, its type and role, its
 * classes, and the background it sits on; one of each kind is probed in the whole walk (`probed` is shared by
 * the pages), since its twins are drawn by the same rules.
 */
async function focusProblems(
  page: Page,
  path: string,
  scope: 'body' | 'main',
  probed: Set<string>,
): Promise<string[]> {
  const problems: string[] = [];
  const kinds = await page.evaluate((scope) => {
    const selector = [
      'a[href]',
      'button:not([disabled])',
      'input:not([disabled]):not([type=hidden])',
      'select:not([disabled])',
      'textarea:not([disabled])',
      '[tabindex]:not([tabindex="-1"])',
    ]
      .map((control) => `${scope} ${control}`)
      .join(', ');
    const controls = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    });
    const backdrop = (element: Element): string => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        const colour = getComputedStyle(at).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
      }
      return 'page';
    };
    // State classes (focused, touched, animating) say nothing about how focus is drawn.
    const styleClasses = (element: Element) =>
      Array.from(element.classList)
        .filter((name) => !/^(ng-|cdk-)|focused|touched|animating/.test(name))
        .sort()
        .join('.');
    controls.forEach((element, index) => element.setAttribute('data-focus-probe', String(index)));
    return controls.map((element) =>
      [
        element.tagName,
        element.getAttribute('type') ?? '',
        element.getAttribute('role') ?? '',
        styleClasses(element),
        styleClasses(element.parentElement ?? element),
        backdrop(element),
      ].join('|'),
    );
  }, scope);
  for (const [index, kind] of kinds.entries()) {
    if (probed.has(kind)) continue;
    probed.add(kind);
    const probe = page.locator(`[data-focus-probe="${index}"]`);
    const problem = await focusProblem(page, path, probe);
    if (problem) problems.push(problem);
  }
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return problems;
}

/**
 * Whether focusing one control changes enough pixels around it. The control's place is read before it takes focus
 * and once it has lost it again: a page that moved in between (a chart drawn, or data arriving after the network
 * went quiet, on a loaded machine) or a control that lost focus to a re-render is measured again, not compared
 * across two places.
 */
async function focusProblem(page: Page, path: string, probe: Locator): Promise<string | null> {
  const place = () =>
    probe.evaluate((element) => {
      // The visible control: a Material checkbox is an invisible native input inside its box and label.
      const target = element.closest('.mat-mdc-checkbox .mdc-form-field') ?? element;
      const rect = target.getBoundingClientRect();
      return {
        x: rect.x,
        y: rect.y,
        width: rect.width,
        height: rect.height,
        focused: document.activeElement === element,
        name: `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || element.getAttribute('name') || '').trim().slice(0, 30)}"`,
      };
    });
  const pad = 6;
  for (let attempt = 1; ; attempt++) {
    await probe.scrollIntoViewIfNeeded();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await settle(page);
    const box = await place();
    const clip = {
      x: Math.max(0, box.x - pad),
      y: Math.max(0, box.y - pad),
      width: box.width + 2 * pad,
      height: box.height + 2 * pad,
    };
    const before = (await page.screenshot({ clip })).toString('base64');
    await probe.evaluate((element) => (element as HTMLElement).focus({ focusVisible: true } as FocusOptions));
    await settle(page);
    const after = (await page.screenshot({ clip })).toString('base64');
    const { focused } = await place();
    // Where it sits unfocused again (a skip link moves into view only while focused).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await settle(page);
    const again = await place();
    const still = focused && again.x === box.x && again.y === box.y && again.width === box.width;
    if (!still && attempt < 5) continue;
    if (!still) return `${path} ${box.name}: would not hold still or keep focus for a measurement`;
    const changed = await page.evaluate(contrastingPixels, { before, after });
    const minimum = 2 * (box.width + box.height);
    return changed < minimum
      ? `${path} ${box.name}: ${changed} px changed at 3:1, needs ${Math.round(minimum)}`
      : null;
  }
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
}

/** Runs in the page: how many pixels differ between two PNGs by a contrast ratio of at least 3:1. */
async function contrastingPixels({ before, after }: { before: string; after: string }): Promise<number> {
  const pixels = async (png: string) => {
    const bitmap = await createImageBitmap(
      new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' }),
    ); // not fetch(data:): the CSP allows connect-src 'self' only
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.drawImage(bitmap, 0, 0);
    return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  };
  const [a, b] = await Promise.all([pixels(before), pixels(after)]);
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (data: Uint8ClampedArray, i: number) =>
    0.2126 * channel(data[i]) + 0.7152 * channel(data[i + 1]) + 0.0722 * channel(data[i + 2]);
  let count = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 4) {
    const [l1, l2] = [luminance(a, i), luminance(b, i)].sort((x, y) => y - x);
    if ((l1 + 0.05) / (l2 + 0.05) >= 3) count++;
  }
  return count;
}
