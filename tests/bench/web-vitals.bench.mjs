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
  // BENCH_PAGES=/sign-in,/experiments measures only those (a quicker look while working on one page).
  const only = process.env.BENCH_PAGES?.split(',');
  const pages = [
    { name: '/', path: '/', signedIn: false },
    { name: '/sign-in', path: '/sign-in', signedIn: false },
    { name: '/experiments (signed in)', path: '/experiments', signedIn: true },
  ].filter((page) => !only || only.includes(page.path));
  for (const target of pages) {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await coldLoad(api.url, target));
    samples.sort((a, b) => a.lcp - b.lcp);
    const median = samples[Math.floor(samples.length / 2)];
    log(
      `${target.name}: ${samples.map((s) => `${round(s.lcp, 0)} ms / ${round(s.bytes / 1000, 1)} kB`).join(', ')}`,
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
      window.__lcpElement = null;
      // Every candidate, not only the last: shows when the final element first counted, and what painted before it.
      window.__lcpCandidates = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.__lcp = entry.startTime;
          const element = entry.element;
          window.__lcpCandidates.push(
            `${Math.round(entry.startTime)} ms <${element?.tagName?.toLowerCase() ?? '(removed)'}> ${entry.size} px²`,
          );
          window.__lcpElement = {
            tag: element?.tagName?.toLowerCase() ?? '(removed)',
            testId: element?.getAttribute?.('data-testid') ?? null,
            text: (element?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60),
            size: entry.size,
            url: entry.url || null,
          };
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          if (entry.name === 'first-contentful-paint') window.__fcp = entry.startTime;
      }).observe({ type: 'paint', buffered: true });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
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
    // Per request: where it went, who asked (parser, script, preload...), and when it started and ended (CDP's
    // monotonic seconds; the document request's start stands for navigation start).
    const requests = new Map();
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.redirectResponse) return;
      requests.set(event.requestId, {
        name: `${event.request.method === 'GET' ? '' : `${event.request.method} `}${event.request.url.replace(url, '')}`,
        initiator: event.initiator.type,
        start: event.timestamp,
        end: null,
        size: 0,
        status: null,
      });
    });
    cdp.on('Network.responseReceived', (event) => {
      const request = requests.get(event.requestId);
      if (request) request.status = event.response.status;
    });
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
      const request = requests.get(event.requestId);
      if (request) Object.assign(request, { end: event.timestamp, size: event.encodedDataLength });
    });
    cdp.on('Network.loadingFailed', (event) => {
      const request = requests.get(event.requestId);
      if (request) Object.assign(request, { end: event.timestamp, status: event.errorText });
    });
    await cdp.send('Network.emulateNetworkConditions', network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${url}${path}`, { waitUntil: 'networkidle', timeout: 120_000 });
    await page.locator('main h1').first().waitFor({ timeout: 60_000 });
    // networkidle can come while a slow answer is still on its way (a list read on a loaded machine): LCP is read
    // once every request has ended and the page has painted what they brought.
    const patience = Date.now() + 60_000;
    while ([...requests.values()].some((request) => request.end === null) && Date.now() < patience)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const { lcp, fcp, element, candidates } = await page.evaluate(() => ({
      candidates: window.__lcpCandidates,
      lcp: window.__lcp,
      fcp: window.__fcp,
      element: window.__lcpElement,
    }));
    if (process.env.BENCH_VERBOSE) {
      // Main-thread time (throttled), for telling a wait on the network from a wait on the CPU.
      const { metrics } = await cdp.send('Performance.getMetrics');
      const seconds = (name) => Math.round((metrics.find((m) => m.name === name)?.value ?? 0) * 1000);
      log(waterfall([...requests.values()], { lcp, fcp, element, candidates }));
      log(
        `  main thread: tasks ${seconds('TaskDuration')} ms, script ${seconds('ScriptDuration')} ms, ` +
          `layout ${seconds('LayoutDuration')} ms, style ${seconds('RecalcStyleDuration')} ms (whole load)`,
      );
    }
    return { lcp, bytes };
  } finally {
    await context.close();
  }
}

/**
 * BENCH_VERBOSE: every request of one cold load in the order it started, with start and end in ms after the
 * document request started, size on the wire and initiator, then the first paint, the LCP element and the candidates
 * before it. Reading the starts against the ends shows the chain of round trips before the page could paint.
 */
function waterfall(requests, { lcp, fcp, element, candidates }) {
  const origin = Math.min(...requests.map((request) => request.start));
  const ms = (seconds) =>
    seconds === null ? '   ...' : String(Math.round((seconds - origin) * 1000)).padStart(6);
  const lines = requests
    .sort((a, b) => a.start - b.start)
    .map(
      (request) =>
        `  ${ms(request.start)} ${ms(request.end)} ms ${String(round(request.size / 1000, 1)).padStart(6)} kB ` +
        `${request.initiator.padEnd(7)} ${request.status ?? ''} ${request.name}`,
    );
  const painted = element
    ? `<${element.tag}${element.testId ? ` data-testid=${element.testId}` : ''}> "${element.text}" ` +
      `${element.size} px²${element.url ? ` ${element.url}` : ''}`
    : 'none';
  return [
    '   start    end       size initiator',
    ...lines,
    `  FCP ${Math.round(fcp ?? 0)} ms, LCP ${Math.round(lcp)} ms: ${painted}`,
    `  LCP candidates: ${candidates.join(', ')}`,
  ].join('\n');
}
