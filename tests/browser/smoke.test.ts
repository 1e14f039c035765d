import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { freePort, runBuilt, waitForHttp, workspaceRoot, type AppProcess } from '../support/processes';

/** CHROME_PATH, else Debian's Chromium. With CI=true a missing browser is a failure, never a skip. */
function chromePath(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`no Chromium: set CHROME_PATH or install chromium (looked at ${candidates.join(', ')})`);
  return found;
}

describe('the web app in Chromium, served by the built API, with the built worker', () => {
  let database: TestDatabase;
  let api: AppProcess;
  let worker: AppProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: database.url,
      AUTH_SECRET: 'b'.repeat(40),
      PORT: String(port),
      WEB_ROOT: join(workspaceRoot, 'dist/apps/web/browser'),
      LOG_LEVEL: 'warn',
    };
    api = runBuilt('dist/apps/api/main.js', env);
    worker = runBuilt('dist/apps/worker/main.js', env);
    await waitForHttp(`${url}/api/health/ready`);
    browser = await chromium.launch({
      executablePath: chromePath(),
      // Playwright gives every launch a fresh, temporary profile of its own.
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
  });

  afterAll(async () => {
    await browser?.close();
    for (const app of [api, worker]) {
      app?.child.kill('SIGTERM');
      await app?.exited;
    }
    await database?.drop();
  });

  it('opens the shell, navigates to the health page, and round-trips a heartbeat through the worker', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      // A signed-out visit tries to restore a session once; the API answers that 401 ("no session").
      const restoreAttempt = message.location().url.endsWith('/api/auth/refresh') && /\b401\b/.test(message.text());
      if (message.type() === 'error' && !restoreAttempt) consoleErrors.push(message.text());
    });
    await page.goto(url);
    await expect(page.title()).resolves.toMatch(/Kaizen Loop/);

    await page.getByTestId('nav-health').click();
    await page.waitForURL(/\/health$/);
    await expect(page.getByTestId('readiness-status').textContent({ timeout: 10_000 })).resolves.toBe('ready');
    await expect(page.getByTestId('check-database').textContent()).resolves.toMatch(/up/);
    await expect(page.getByTestId('check-queue').textContent()).resolves.toMatch(/up/);
    await expect(page.getByTestId('queue-backend').textContent()).resolves.toMatch(/postgres/);

    await page.getByTestId('heartbeat-button').click();
    await page.getByTestId('heartbeat-result').filter({ hasText: /\d+\s*ms/ }).waitFor({ timeout: 10_000 });

    mkdirSync(join(workspaceRoot, 'tmp'), { recursive: true });
    await page.screenshot({ path: join(workspaceRoot, 'tmp/smoke-health.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('serves deep links to the app, and API 404s as problem details', async () => {
    const deepLink = await fetch(`${url}/health`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<kz-root');
    const missing = await fetch(`${url}/api/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
