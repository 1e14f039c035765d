// Screenshots of the screens managers and organisations judge the product by (board, approvals, dashboards, scan
// results), in Dutch at phone (390 px) and desktop (1366 px) width, from a running product with the demo
// organisation (`npm start`). Used for before/after pictures of a redesign, so it asks the pages nothing the first
// version of the web app did not have: it signs in through the form and follows links.
//   node tools/screenshots.mjs --url http://127.0.0.1:3000 --password <demo password> --out tmp/screenshots/after
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    password: { type: 'string' },
    out: { type: 'string', default: 'tmp/screenshots/current' },
  },
});
if (!values.password) throw new Error('--password: the demo password `npm start` printed');
const domain = 'delinde.example';
mkdirSync(values.out, { recursive: true });

// Who looks at what: a department head decides on requests; the admin sees the whole organisation.
const screens = [
  { name: 'board', as: 'admin', path: '/experiments?view=board' },
  { name: 'approvals', as: 'head-care', path: '/approvals' },
  { name: 'dashboards', as: 'admin', path: '/dashboards' },
  { name: 'scan-results', as: 'admin', path: '/scan', follow: 'a[href*="/results"]' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const width of [390, 1366]) {
    for (const screen of screens) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      await page.goto(`${values.url}/sign-in`);
      await page.getByLabel('E-mailadres').fill(`${screen.as}@${domain}`);
      await page.getByLabel('Wachtwoord', { exact: true }).fill(values.password);
      await page.getByLabel('Wachtwoord', { exact: true }).press('Enter');
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      await page.goto(`${values.url}${screen.path}`, { waitUntil: 'networkidle' });
      if (screen.follow) {
        await page.locator(screen.follow).first().click();
        await page.waitForLoadState('networkidle');
      }
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(500); // charts animate in
      const file = join(values.out, `${screen.name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
