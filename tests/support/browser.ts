import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort, runBuilt, waitForHttp, workspaceRoot, type AppProcess } from './processes';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/** CHROME_PATH, else Debian's Chromium. With CI=true a missing browser is a failure, never a skip. */
export function chromePath(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(`no Chromium: set CHROME_PATH or install chromium (looked at ${candidates.join(', ')})`);
  return found;
}

/**
 * Headless Chromium that never reaches for the internet (this machine has none). Each page's waits are hang
 * guards that stretch with the machine's load, like the tests' own timeouts.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
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
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(hangGuardMs(15_000));
    return context;
  };
  return browser;
}

export interface RunningProduct {
  url: string;
  api: AppProcess;
  worker: AppProcess;
  stop(): Promise<void>;
}

/** The built API (serving the built web app) and the built worker, as production runs them. */
export async function startBuiltProduct(env: Record<string, string>): Promise<RunningProduct> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fullEnv = {
    AUTH_SECRET: 'b'.repeat(40),
    WEB_ROOT: join(workspaceRoot, 'dist/apps/web/browser'),
    LOG_LEVEL: 'warn',
    APP_URL: url,
    ...env,
    PORT: String(port),
  };
  const api = runBuilt('dist/apps/api/main.js', fullEnv);
  const worker = runBuilt('dist/apps/worker/main.js', fullEnv);
  await waitForHttp(`${url}/api/health/ready`, api, worker);
  return {
    url,
    api,
    worker,
    stop: async () => {
      for (const app of [api, worker]) {
        app.child.kill('SIGTERM');
        await app.exited;
      }
    },
  };
}
