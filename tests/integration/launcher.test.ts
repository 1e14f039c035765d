import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, workspaceRoot } from '../support/processes';

/** `npm start` as a person runs it: in a terminal of its own, stopped with Ctrl-C. */
function startLauncher(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['tools/start.mjs'], {
    cwd: workspaceRoot,
    detached: true, // its own process group, like a terminal's foreground job
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      EMBEDDED_POSTGRES_DIR: dataDir,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = output.match(/embedded PostgreSQL on port (\d+)/);
      if (output.includes('is running at') && match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the launcher exited (${code}) before it was running:\n${output}`));
    });
  });
  const pressCtrlC = async () => {
    process.kill(-(child.pid as number), 'SIGINT'); // the whole group, as a terminal does
    return exited;
  };
  return { running, pressCtrlC, output: () => output };
}

function postgresProcessesFor(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-start-'));
  chmodSync(dir, 0o755);
  const dataDir = join(dir, 'postgres');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts everything on embedded PostgreSQL, stops it all on Ctrl-C, and keeps the data for the next start', async () => {
    const port = await freePort();
    const first = startLauncher(dataDir, port);
    await first.running;
    const heartbeat = await (
      await fetch(`http://127.0.0.1:${port}/api/health/heartbeats`, { method: 'POST' })
    ).json();
    expect(heartbeat.processedAt).not.toBeNull();
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('<kz-root');

    // The banner names the demo organisation's accounts and their password, and they work.
    const banner = first.output().replaceAll('\u001b[1m', '').replaceAll('\u001b[0m', '');
    const password = banner.match(/has the password ([\w-]{16})/)?.[1];
    const adminEmail = banner.match(/org_admin\s+(\S+@\S+)/)?.[1];
    const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password }),
    });
    expect(signIn.status).toBe(200);
    const token = (await signIn.json()).accessToken;
    const teams = await (
      await fetch(`http://127.0.0.1:${port}/api/teams`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(teams.items.length).toBeGreaterThanOrEqual(6);

    expect(await first.pressCtrlC()).toBe(0);
    expect(postgresProcessesFor(dataDir)).toBe('');

    const second = startLauncher(dataDir, port);
    const databasePort = await second.running;
    const ownerPassword = readFileSync(`${dataDir}.password`, 'utf8').trim();
    const client = new Client({
      host: '127.0.0.1',
      port: databasePort,
      user: 'postgres',
      password: ownerPassword,
      database: 'kaizen',
    });
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM system_heartbeat WHERE id = $1', [heartbeat.id]);
    const organisations = await client.query('SELECT name FROM organisation');
    await client.end();
    expect(rowCount).toBe(1);
    expect(organisations.rows).toEqual([{ name: 'Zorggroep De Linde (demo)' }]); // seeded once, not twice
    expect(second.output()).toContain(adminEmail);

    expect(await second.pressCtrlC()).toBe(0);
    expect(postgresProcessesFor(dataDir)).toBe('');
  });
});
