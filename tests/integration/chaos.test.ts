import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { WebhookOutbox } from '@kaizen/api/data-access-notifications';
import type { AppConfig } from '@kaizen/shared/util-config';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { signUpOrganisation, uniqueEmail, type ApiClient } from '../support/api-client';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { runBuilt, type AppProcess } from '../support/processes';
import { startApi, type RunningApi } from '../support/running-apps';
import { latestCheckInMoment, wipeQueue } from '../support/delivery-world';
import { asOwner, seedRecipients } from '../support/tenants';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';

const REMINDERS = 200;
/** Reminders' recipients: the first TWICE of them have two of one moment, which go as one mail. */
const PEOPLE = 160;
const TWICE = REMINDERS - PEOPLE;
const INVITATIONS = 20;
const WEBHOOKS = 20;
const FAULTS = 4;

/** A small seeded generator (mulberry32): the same seed gives the same schedule of faults. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Chaos: while 200 reminders, 20 invitations and 20 webhook deliveries are in flight, a seeded schedule
 * kills the worker with SIGKILL at random moments, and at some of them wipes the queue backend too. Every
 * message arrives; in-app notifications are never doubled; a mail or post arrives twice only when its row
 * was claimed and not yet marked when its worker died (the one window the outbox leaves).
 */
describe.each(['redis', 'postgres'] as const)('chaos on the %s queue backend', (backend) => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let redis: PrivateRedis | undefined;
  let config: AppConfig;
  let api: RunningApi;
  let receiver: { url: string; deliveries: string[]; stop: () => Promise<void> };
  let worker: AppProcess | undefined;
  let admin: ApiClient;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpCatcher({ delayMs: 10 });
    redis = backend === 'redis' ? await startPrivateRedis() : undefined;
    receiver = await startReceiver();
    config = testConfig(database.url, backend, {
      SMTP_URL: smtp.url,
      APP_URL: 'https://kaizen.example',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      ...(redis ? { REDIS_URL: redis.url } : {}),
    });
    api = await startApi(config);
    ({ client: admin } = await signUpOrganisation(api.url, `Chaos ${backend}`));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
  });

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await worker?.exited;
    await api?.close();
    await receiver?.stop();
    await redis?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  function startChildWorker(): AppProcess {
    return runBuilt('dist/apps/worker/main.js', {
      NODE_ENV: 'production',
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      AUTH_SECRET: config.AUTH_SECRET,
      SMTP_URL: smtp.url,
      APP_URL: 'https://kaizen.example',
      QUEUE_LOCK_MS: '1000',
      QUEUE_RETRY_DELAY_MS: '100',
      // Above the slowest send on a loaded test machine: a claim that lapses mid-send is a duplicate no crash caused.
      OUTBOX_CLAIM_MS: '5000',
      WORKER_CONCURRENCY: '10',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: 'warn',
    });
  }

  /** What could arrive twice if the worker died now: rows claimed and not yet marked, by the id their receiver sees. */
  async function inTheWindow(): Promise<string[]> {
    const rows = await asOwner<{
      channel: string;
      dedupe_key: string;
      payload: Record<string, string> | null;
    }>(
      database.ownerUrl,
      `SELECT channel, dedupe_key, payload FROM outbox WHERE status = 'pending' AND claimed_at IS NOT NULL
       UNION ALL SELECT channel, dedupe_key, payload FROM account_outbox WHERE status = 'pending' AND claimed_at IS NOT NULL`,
    );
    return rows.map((row) =>
      row.channel === 'webhook'
        ? String(row.payload?.['deliveryId'])
        : row.channel === 'notification-email' && row.payload?.['notificationId']
          ? `<notification-${row.payload['notificationId']}@kaizen.example>`
          : `<${row.dedupe_key}@kaizen.example>`,
    );
  }

  it(`delivers every reminder, invitation and webhook through ${FAULTS} random kills and wipes, duplicating only within the window`, async () => {
    const seed = Number(process.env['CHAOS_SEED'] || (backend === 'redis' ? 1501 : 1502));
    const next = random(seed);
    const people = await seedRecipients(database.ownerUrl, organisationId, PEOPLE);
    const team = (
      await admin.post('/api/teams', {
        name: 'Chaos',
        departmentId: (await admin.post('/api/departments', { name: 'Ops' })).body.id,
      })
    ).body.id;
    const hook = await admin.post('/api/webhooks', {
      name: 'Chaos',
      url: receiver.url,
      format: 'slack',
      events: ['review.opened'],
    });
    expect(hook.status).toBe(201);

    // 200 check-ins due (their moment is today's 09:00 in the organisation's zone), to fire now: one for each
    // person, and a second for the first TWICE of them (one mail names both). One statement writes them all.
    const due = latestCheckInMoment(new Date()).toJSDate();
    const startedAt = new Date(due.getTime() - 7 * 86_400_000 + 3_600_000);
    await asOwner(
      database.ownerUrl,
      `WITH e AS (
         INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, status, check_in_cadence, started_at, created_at, updated_at)
         SELECT $1, gen_random_uuid(), $2, p.id, 'Chaos ' || p.n || '-' || g, 'running', 'weekly', $3, $3, $3
           FROM unnest($4::uuid[]) WITH ORDINALITY AS p(id, n), generate_series(1, 2) AS g
          WHERE g = 1 OR p.n <= $5
         RETURNING id, owner_membership_id)
       INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
       SELECT $1, gen_random_uuid(), 'check_in_due', e.id, e.owner_membership_id, $6, now() FROM e`,
      [organisationId, team, startedAt, people.map((person) => person.membershipId), TWICE, due],
    );
    const messages = PEOPLE + INVITATIONS + WEBHOOKS;

    const window = new Set<string>();
    const schedule: string[] = [];
    worker = startChildWorker();
    // The faults strike while the invitations and webhook deliveries are still being made, and the reminders fire.
    const faults = (async () => {
      const sent = () => smtp.messages().length + receiver.deliveries.length;
      for (let fault = 0; fault < FAULTS; fault++) {
        // Strike while the worker is sending: once it delivered something more, after a random moment.
        const before = sent();
        await until(async () => sent() > before || sent() >= messages, 60_000);
        if (sent() >= messages) break;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 400)));
        const current = worker as AppProcess;
        current.child.kill('SIGKILL');
        await current.exited;
        for (const id of await inTheWindow()) window.add(id);
        const wipe = next() < 0.5;
        if (wipe) await wipeQueue(database.ownerUrl, redis?.url);
        schedule.push(wipe ? 'kill+wipe' : 'kill');
        worker = startChildWorker();
      }
    })();
    const invited: string[] = [];
    const transactions = api.app.get(TenantTransactions);
    const webhooks = api.app.get(WebhookOutbox, { strict: false });
    for (let i = 0; i < INVITATIONS; i++) {
      const email = uniqueEmail(`chaos${i}`);
      invited.push(email);
      expect((await admin.post('/api/invitations', { email, role: 'member' })).status).toBe(201);
      if (i < WEBHOOKS) {
        await transactions.run({ organisationId }, () =>
          webhooks.publish('review.opened', `chaos-${i}`, {
            title: `Chaos ${i}`,
            lines: [],
            link: 'https://kaizen.example',
          }),
        );
      }
    }
    await faults;

    const reminderStatus = () =>
      asOwner<{ sent: number; emailed: number; pending: number }>(
        database.ownerUrl,
        `SELECT (SELECT count(*)::int FROM reminder WHERE status = 'sent') AS sent,
                (SELECT count(*)::int FROM notification WHERE emailed_at IS NOT NULL AND kind = 'check_in_due') AS emailed,
                (SELECT count(*)::int FROM outbox WHERE status = 'pending') AS pending`,
      );
    await until(async () => {
      const [status] = await reminderStatus();
      const invitationsMailed = invited.every((email) =>
        smtp.messages().some((mail) => mail.to.includes(email)),
      );
      const posted = new Set(receiver.deliveries).size;
      return (
        status.sent === REMINDERS &&
        status.emailed === REMINDERS &&
        status.pending === 0 &&
        invitationsMailed &&
        posted === WEBHOOKS
      );
    }, 120_000).catch(async (error) => {
      throw new Error(
        `not everything arrived (seed ${seed}, ${schedule.join(', ')}): ${JSON.stringify(await reminderStatus())}, ` +
          `${new Set(receiver.deliveries).size} webhook posts; worker: ${worker?.errors().slice(-2_000)}`,
        { cause: error },
      );
    });

    // In-app: once each, by construction and by count.
    const [inApp] = await asOwner<{ notifications: number; distinct: number }>(
      database.ownerUrl,
      `SELECT count(*)::int AS notifications, count(DISTINCT (recipient_membership_id, dedupe_key))::int AS distinct FROM notification WHERE kind = 'check_in_due'`,
    );
    expect(inApp).toEqual({ notifications: REMINDERS, distinct: REMINDERS });

    // By mail: every check-in named in a mail to its own person, each person's in one message (copies aside).
    const titles = await asOwner<{ title: string; owner: string }>(
      database.ownerUrl,
      `SELECT e.title, e.owner_membership_id AS owner FROM experiment e WHERE e.title LIKE 'Chaos %'`,
    );
    expect(titles).toHaveLength(REMINDERS);
    const emailOf = new Map(people.map((person) => [person.membershipId, person.email]));
    for (const { title, owner } of titles) {
      const named = new RegExp(`${title}(?![0-9])`);
      const naming = smtp.messages().filter((mail) => named.test(mail.text));
      expect(naming.length, title).toBeGreaterThan(0);
      expect(new Set(naming.map((mail) => mail.to.join())), title).toEqual(new Set([emailOf.get(owner)]));
      expect(new Set(naming.map((mail) => mail.messageId)).size, title).toBe(1);
    }

    // Mail and posts: a second copy only of what was in the window when a worker died, and with the same id.
    const copies = new Map<string, number>();
    for (const mail of smtp.messages()) copies.set(mail.messageId, (copies.get(mail.messageId) ?? 0) + 1);
    for (const id of receiver.deliveries) copies.set(id, (copies.get(id) ?? 0) + 1);
    const duplicated = [...copies].filter(([, n]) => n > 1).map(([id]) => id);
    const outside = duplicated.filter((id) => !window.has(id));
    if (outside.length > 0) {
      const rows = await asOwner(
        database.ownerUrl,
        `SELECT channel, dedupe_key, payload, status, attempts, claimed_at, delivered_at, last_error FROM outbox`,
      );
      const about = rows.filter((row) =>
        outside.some((id) =>
          JSON.stringify(row).includes(id.replace(/^<(notification-)?|@kaizen\.example>$/g, '')),
        ),
      );
      throw new Error(
        `duplicated outside the window (seed ${seed}, ${schedule.join(', ')}): ${outside.join(', ')}; rows: ${JSON.stringify(about)}`,
      );
    }
    expect(smtp.messages().every((mail) => mail.messageId.length > 0)).toBe(true);
    console.log(
      `chaos ${backend} seed ${seed} [${schedule.join(', ')}]: ${smtp.messages().length} mails and ${receiver.deliveries.length} posts for ` +
        `${messages} messages (${REMINDERS} reminders); ${duplicated.length} duplicated, ${window.size} in the window at a kill`,
    );
  });
});

/** A webhook receiver that answers 200 and records each post's X-Kaizen-Delivery. */
async function startReceiver(): Promise<{ url: string; deliveries: string[]; stop: () => Promise<void> }> {
  const deliveries: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      deliveries.push(String(request.headers['x-kaizen-delivery']));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
