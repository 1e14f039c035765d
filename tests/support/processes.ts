import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  errors: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a built entry point (`dist/apps/...`) as its own process, as production does. */
export function runBuilt(
  script: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
): AppProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => stdout, errors: () => stderr, exited };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits until `url` answers 2xx, however long a loaded machine takes (the hook's own timeout bounds it), and
 * fails at once, with what it printed, when one of the processes it depends on exits first.
 */
export async function waitForHttp(url: string, ...apps: AppProcess[]): Promise<void> {
  let failure: string | null = null;
  for (const app of apps)
    void app.exited.then(({ code, signal }) => {
      failure ??= `a process exited (${signal ?? code}) before ${url} answered:\n${app.errors()}${app.output()}`;
    });
  for (;;) {
    if (failure) throw new Error(failure);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The JSON lines a process logged, skipping anything that is not JSON. */
export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
}
