// Speed as people feel it: Largest Contentful Paint and bytes transferred on cold loads of `/`, `/sign-in` and the
// experiments page (signed in), in Chromium with 4x CPU throttling and Lighthouse's mobile network (150 ms round
// trip, 1.6 Mbit/s down, 750 kbit/s up), both set through the DevTools protocol. The built API serves the built
// web app (WEB_ROOT), as in production without nginx. Median of BENCH_RUNS (3) cold loads per page.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  benchDatabase,
  client,
  experimentPlan,
  figure,
  loadFigure,
  log,
  round,
  startApi,
} from './bench-kit.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const webRoot = process.env.WEB_ROOT ?? join(process.cwd(), 'dist/apps/web/browser');
// Production serves the brotli and gzip copies; without them every figure here would be of uncompressed files.
if (!readdirSync(webRoot).some((name) => name.endsWith('.br'))) {
  log(`no precompressed files in ${webRoot}: run npx nx run web:compress first`);
  process.exit(1);
}
const network = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1_000_000) / 8,
  uploadThroughput: (750 * 1_000) / 8,
};
const email = 'bench.vitals@bench.example';
const password = 'a long enough bench password';

loadFigure();
const database = await benchDatabase('vitals');
let api;
let browser;
try {
  api = await startApi({ ...database.env, WEB_ROOT: webRoot, APP_URL: 'http://127.0.0.1' });
  const signUp = await client(api.url).post('/api/auth/sign-up', {
    organisationName: 'Vitals',
    displayName: 'Vera Vitals',
    email,
    password,
  });
  if (signUp.status !== 201) throw new Error(`sign-up failed: ${signUp.status}`);
  const admin = client(api.url, signUp.body.accessToken);
  const departmentId = (await admin.post('/api/departments', { name: 'Zorg' })).body.id;
  const teamId = (await admin.post('/api/teams', { name: 'Team Noord', departmentId })).body.id;
  for (let i = 0; i < 20; i++)
    await admin.post(
      '/api/experiments',
      experimentPlan(teamId, `Experiment ${i + 1}: overdracht met een vaste volgorde`),
    );

  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const pages = [
    { name: '/', path: '/', signedIn: false },
    { name: '/sign-in', path: '/sign-in', signedIn: false },
    { name: '/experiments (signed in)', path: '/experiments', signedIn: true },
  ];
  for (const target of pages) {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await coldLoad(api.url, target));
    samples.sort((a, b) => a.lcp - b.lcp);
    const median = samples[Math.floor(samples.length / 2)];
    log(
      `${target.name}: ${samples.map((s) => `${round(s.lcp, 0)} ms / ${round(s.bytes / 1000, 0)} kB`).join(', ')}`,
    );
    figure(
      `LCP ${target.name}, median of ${runs}`,
      round(median.lcp / 1000, 2),
      's',
      '<= 2.0 s',
      median.lcp <= 2000,
    );
    figure(
      `transferred ${target.name}`,
      round(median.bytes / 1000, 0),
      'kB',
      '<= 150 kB',
      median.bytes <= 150_000,
    );
  }
} finally {
  await browser?.close();
  await api?.stop();
  await database.drop();
}

/** One cold load: a fresh context (empty cache), throttled, until the network is quiet; LCP as the page reports it. */
async function coldLoad(url, { path, signedIn }) {
  const context = await browser.newContext({
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'nl-NL',
  });
  try {
    await context.addInitScript(() => {
      window.__lcp = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__lcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (signedIn) {
      // Sign in unthrottled, then empty the cache: the measured load is cold, with the session cookie in place.
      await page.goto(`${url}/sign-in`);
      await page.getByLabel('E-mailadres').fill(email);
      await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
      await page.getByTestId('submit').click();
      await page.waitForURL(`${url}/`);
      await page.goto('about:blank');
      await cdp.send('Network.clearBrowserCache');
    }
    let bytes = 0;
    const urls = new Map();
    const sizes = [];
    cdp.on('Network.requestWillBeSent', (event) =>
      urls.set(event.requestId, event.request.url.replace(url, '')),
    );
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
      sizes.push([urls.get(event.requestId), event.encodedDataLength]);
    });
    await cdp.send('Network.emulateNetworkConditions', network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${url}${path}`, { waitUntil: 'networkidle', timeout: 120_000 });
    await page.locator('main h1').first().waitFor({ timeout: 60_000 });
    const lcp = await page.evaluate(() => window.__lcp);
    // BENCH_VERBOSE lists what was transferred, biggest first: where the bytes go.
    if (process.env.BENCH_VERBOSE)
      log(
        sizes
          .sort((a, b) => b[1] - a[1])
          .map(([name, size]) => `  ${round(size / 1000, 1)} kB ${name}`)
          .join('\n'),
      );
    return { lcp, bytes };
  } finally {
    await context.close();
  }
}
