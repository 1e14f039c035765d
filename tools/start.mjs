// `npm start`: builds what changed, starts PostgreSQL (embedded unless DATABASE_URL is set),
// migrates, seeds the demo organisation once, then runs the API (which serves the web app)
// and the worker. Ctrl-C stops the apps first, then PostgreSQL.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appNodeFlags } from './app-node-flags.mjs';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';
import { findLinks, startSmtpCatcher } from './smtp-catcher.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: process.env.NX_DAEMON ?? 'false' };
const say = (line) => process.stdout.write(`\x1b[36m[kaizen]\x1b[0m ${line}\n`);

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** A secret made once and kept beside the data (git-ignored), so sessions and logins survive restarts. */
function persistentSecret(dataDir, name) {
  const file = `${dataDir}.${name}`;
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Mails shown in full per burst; the rest of a burst (the worker catching up on a first start) is counted. */
const MAILS_IN_FULL = 3;
const BURST_QUIET_MS = 2_000;

/**
 * Prints caught mails with their links, but never in the way of the banner: mails wait until it is shown,
 * a burst is shown as its first few and a count, and after a burst the sign-in line is repeated.
 */
const mailLog = {
  held: [],
  shown: 0,
  timer: undefined,
  reminder: undefined,
  add(mail) {
    if (!this.reminder) return void this.held.push(mail);
    if (++this.shown <= MAILS_IN_FULL) {
      say(`\x1b[33mmail\x1b[0m to ${mail.to.join(', ')}: ${mail.subject}`);
      for (const link of findLinks(mail.text)) say(`     ${link}`);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.endBurst(), BURST_QUIET_MS);
  },
  endBurst() {
    if (this.shown > MAILS_IN_FULL) {
      say(
        `\x1b[33m…and ${this.shown - MAILS_IN_FULL} more mails\x1b[0m (the demo's reminders and reviews, caught up; each is also an in-app notification)`,
      );
      say(this.reminder);
    }
    this.shown = 0;
  },
  /** The banner is out: from now on mails show, starting with those that waited. */
  open(reminder) {
    this.reminder = reminder;
    for (const mail of this.held.splice(0)) this.add(mail);
  },
};

const children = [];
let database;
let mailCatcher;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
    ),
  );
  clearTimeout(mailLog.timer);
  if (database) await database.stop();
  if (mailCatcher) await mailCatcher.stop();
  say('stopped');
  process.exit(code);
}

function startApp(name, script, appEnv) {
  // Detached: Ctrl-C reaches only this launcher, which then stops each app exactly once, in order.
  const child = spawn(process.execPath, [...appNodeFlags[name], script], {
    cwd: root,
    env: appEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.pipe(process.stdout);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} exited (${signal ?? code}); stopping everything\n`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function waitUntilReady(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));

  say('building api, worker and web (cached after the first run), and compressing the web app…');
  run('npx', [
    'nx',
    'run-many',
    '-t',
    'build',
    'compress',
    '-p',
    'api',
    'worker',
    'web',
    '--output-style=stream-without-prefixes',
  ]);

  const dataDir = resolve(root, process.env.EMBEDDED_POSTGRES_DIR ?? '.data/postgres');
  let databaseUrl = process.env.DATABASE_URL;
  let migrationUrl = process.env.DATABASE_MIGRATION_URL;
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL (data in ${dataDir})…`);
    database = await startEmbeddedPostgres(dataDir, {
      port: Number(process.env.EMBEDDED_POSTGRES_PORT) || undefined,
    });
    // Migrations run as the owner; the apps as a login that row-level security binds.
    migrationUrl = database.url;
    const app = new URL(database.url);
    app.username = 'kaizen_app_login';
    app.password = persistentSecret(dataDir, 'app-password');
    databaseUrl = app.toString();
  }
  const port = process.env.PORT ?? '3000';
  const url = `http://${process.env.HOST ?? '127.0.0.1'}:${port}`;
  let smtpUrl = process.env.SMTP_URL;
  if (!smtpUrl) {
    // A local SMTP catcher: mail never leaves this machine, and its links show up right here.
    mailCatcher = await startSmtpCatcher();
    mailCatcher.onMessage((mail) => mailLog.add(mail));
    smtpUrl = mailCatcher.url;
  }
  const webRoot = resolve(root, 'dist/apps/web/browser');
  const appEnv = {
    ...env,
    DATABASE_URL: databaseUrl,
    ...(migrationUrl ? { DATABASE_MIGRATION_URL: migrationUrl } : {}),
    AUTH_SECRET: process.env.AUTH_SECRET ?? persistentSecret(dataDir, 'auth-secret'),
    DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? persistentSecret(dataDir, 'demo-password').slice(0, 16),
    SMTP_URL: smtpUrl,
    APP_URL: process.env.APP_URL ?? url,
    PORT: port,
    WEB_ROOT: process.env.WEB_ROOT ?? (existsSync(webRoot) ? webRoot : ''),
    MIGRATE_ON_START: 'false',
    // A terminal, not a log pipeline: only what needs attention.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };

  say('migrating…');
  run(process.execPath, ['dist/apps/api/migrate.js'], appEnv);
  say('seeding the demo organisation (once)…');
  const seeded = spawnSync(process.execPath, ['dist/apps/api/seed.js'], {
    cwd: root,
    env: appEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (seeded.status !== 0) throw new Error('seeding the demo organisation failed');
  const demo = JSON.parse(seeded.stdout.trim().split('\n').pop());

  startApp('api', 'dist/apps/api/main.js', appEnv);
  startApp('worker', 'dist/apps/worker/main.js', appEnv);
  await waitUntilReady(url);
  say('');
  say(`Kaizen Loop is running at \x1b[1m${url}\x1b[0m`);
  say(`API docs: ${url}/api/docs`);
  say(
    `demo organisation "Zorggroep De Linde (demo)": every account below has the password \x1b[1m${demo.password}\x1b[0m`,
  );
  for (const account of demo.signIns) say(`  ${account.role.padEnd(16)} ${account.email}  (${account.name})`);
  say(
    `database: ${database ? `embedded PostgreSQL on port ${database.port}` : 'DATABASE_URL'}; ` +
      `queues: ${appEnv.REDIS_URL ? 'Redis' : 'PostgreSQL backend'}`,
  );
  say('press Ctrl-C to stop');
  mailLog.open(
    `sign in at \x1b[1m${url}\x1b[0m as ${demo.signIns[0]?.email ?? 'a demo account'} with password \x1b[1m${demo.password}\x1b[0m`,
  );
}

main().catch(async (error) => {
  process.stderr.write(`start: ${error.message}\n`);
  await stopAll(1);
});
