import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer } from 'node:net';
import { DatabaseModule } from '@kaizen/api/data-access-db';
import { MailModule } from '@kaizen/api/data-access-mail';
import { JobHandler, JobProducer, QueueModule } from '@kaizen/api/data-access-queue';
import { AppConfigModule } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { jobCatalog, type SendMailPayload } from '@kaizen/shared/util-jobs';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { jsonLines, runBuilt } from '../support/processes';
import {
  createTestDatabase,
  testConfig,
  until,
  type QueueBackendChoice,
  type TestDatabase,
} from '../support/test-environment';

const MAIL_FROM = 'Kaizen Loop <noreply@kaizen-loop.test>';

/** The worker boots only when every declared job has a handler; heartbeats are not under test here. */
@Injectable()
class IgnoredHeartbeats {
  @JobHandler('system', 'heartbeat')
  async handle(): Promise<void> {
    return undefined;
  }
}

function mailWorker(config: AppConfig): Promise<INestApplicationContext> {
  @Module({
    imports: [
      AppConfigModule.forRoot(config),
      DatabaseModule.forRoot(),
      QueueModule.forWorker({ system: jobCatalog.system, mail: jobCatalog.mail }),
      MailModule,
    ],
    providers: [IgnoredHeartbeats],
  })
  class MailWorkerModule {}
  return NestFactory.createApplicationContext(MailWorkerModule, { logger: false, abortOnError: false });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function jobState(worker: INestApplicationContext, jobId: string) {
  const job = await worker.get(JobProducer).queue('mail').getJob(jobId);
  return job ? { state: await job.getState(), attemptsMade: job.attemptsMade } : undefined;
}

describe.each<QueueBackendChoice>(['postgres', 'redis'])('mail/send on the %s backend', (backend) => {
  let database: TestDatabase;
  let catcher: SmtpCatcher;
  let worker: INestApplicationContext;
  let config: AppConfig;
  const unique = `${backend}-${Date.now()}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    catcher = await startSmtpCatcher({ port: 0 });
    config = testConfig(database.url, backend, { SMTP_URL: catcher.url, MAIL_FROM });
    worker = await mailWorker(config);
  });
  afterAll(async () => {
    await worker?.close();
    await catcher?.stop();
    await database?.drop();
  });

  it('delivers a Dutch password reset with its link', async () => {
    const to = `anna.${unique}@example.com`;
    const link = `https://app.example.com/reset-password?token=nl-${unique}`;
    const payload: SendMailPayload = {
      to,
      locale: 'nl',
      template: 'password-reset',
      params: { link, expiresInMinutes: 60 },
    };
    await worker.get(JobProducer).enqueue('mail', 'send', payload, { jobId: `reset-${unique}` });

    const mail = await catcher.waitFor((m) => m.to.includes(to), 10_000, `the password reset to ${to}`);
    expect(mail.to).toEqual([to]);
    expect(mail.from).toContain('noreply@kaizen-loop.test');
    expect(mail.subject).toBe('Je wachtwoord voor Kaizen Loop opnieuw instellen');
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('Deze link is 1 uur geldig.');
    expect(mail.html).toContain(`href="${link}"`);
  });

  it('delivers an English invitation with its link, once per job id', async () => {
    const to = `bram.${unique}@example.com`;
    const link = `https://app.example.com/invitations/${unique}`;
    const payload: SendMailPayload = {
      to,
      locale: 'en',
      template: 'invitation',
      params: {
        link,
        organisationName: 'Acme & Sons',
        invitedBy: 'Anna de Vries',
        role: 'department_head',
        expiresInDays: 7,
      },
    };
    const producer = worker.get(JobProducer);
    await producer.enqueue('mail', 'send', payload, { jobId: `invite-${unique}` });
    await producer.enqueue('mail', 'send', payload, { jobId: `invite-${unique}` }); // same key: ignored

    const mail = await catcher.waitFor((m) => m.to.includes(to), 10_000, `the invitation to ${to}`);
    expect(mail.subject).toBe('Anna de Vries invited you to Acme & Sons on Kaizen Loop');
    expect(mail.text).toContain(
      'Anna de Vries has invited you to join Acme & Sons on Kaizen Loop as a department head.',
    );
    expect(mail.text).toContain(link);
    expect(mail.html).toContain('<strong>Acme &amp; Sons</strong>');

    await until(async () => (await jobState(worker, `invite-${unique}`))?.state === 'completed');
    expect(catcher.messages().filter((m) => m.to.includes(to))).toHaveLength(1);
  });

  it('sends many mails over the pooled SMTP connections, each exactly once, not one connection per mail', async () => {
    const before = catcher.connections();
    const producer = worker.get(JobProducer);
    const to = (i: number) => `pooled${i}.${unique}@example.com`;
    for (let i = 0; i < 20; i++) {
      const payload: SendMailPayload = {
        to: to(i),
        locale: 'en',
        template: 'password-reset',
        params: { link: `https://app.example.com/reset-password?token=pool-${i}`, expiresInMinutes: 60 },
      };
      await producer.enqueue('mail', 'send', payload, { jobId: `pooled-${unique}-${i}` });
    }
    const pooled = () => catcher.messages().filter((m) => m.to[0]?.startsWith('pooled'));
    await until(async () => pooled().length >= 20);
    await until(async () => {
      for (let i = 0; i < 20; i++)
        if ((await jobState(worker, `pooled-${unique}-${i}`))?.state !== 'completed') return false;
      return true;
    });
    for (let i = 0; i < 20; i++) expect(pooled().filter((m) => m.to.includes(to(i)))).toHaveLength(1);
    expect(new Set(pooled().map((m) => m.messageId)).size).toBe(20);
    expect(catcher.connections() - before).toBeLessThanOrEqual(config.SMTP_POOL_SIZE);
  });

  it('fails a job it can never send at once, without retrying and without mail', async () => {
    const to = `carla.${unique}@example.com`;
    const payload: SendMailPayload = {
      to,
      locale: 'en',
      template: 'password-reset',
      params: { link: 'javascript:alert(1)', expiresInMinutes: 60 },
    };
    await worker.get(JobProducer).enqueue('mail', 'send', payload, { jobId: `broken-${unique}` });

    await until(async () => (await jobState(worker, `broken-${unique}`))?.state === 'failed');
    const failed = await worker.get(JobProducer).queue('mail').getJob(`broken-${unique}`); // read again, now settled
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe('mail/send: link: expected an absolute http:// or https:// URL');
    expect(catcher.messages().filter((m) => m.to.includes(to))).toHaveLength(0);

    // Platform operators see it, with why, and can send it back.
    const env = {
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      AUTH_SECRET: config.AUTH_SECRET,
    };
    const listing = runBuilt('dist/apps/worker/failed-jobs.js', env);
    expect((await listing.exited).code, listing.errors()).toBe(0);
    const lines = jsonLines(listing.output());
    expect(lines).toContainEqual(expect.objectContaining({ queue: 'mail', failed: expect.any(Number) }));
    expect(lines).toContainEqual(
      expect.objectContaining({
        queue: 'mail',
        job: 'send',
        id: `broken-${unique}`,
        attempts: 1,
        reason: 'mail/send: link: expected an absolute http:// or https:// URL',
      }),
    );
    const retry = runBuilt('dist/apps/worker/failed-jobs.js', env, ['--retry', 'mail', `broken-${unique}`]);
    expect((await retry.exited).code, retry.errors()).toBe(0);
    expect(jsonLines(retry.output())).toEqual([{ retried: `mail/broken-${unique}` }]);
    // Still unsendable, so it fails again, now on its second attempt, and still sends nothing.
    await until(
      async () =>
        (await worker.get(JobProducer).queue('mail').getJob(`broken-${unique}`))?.attemptsMade === 2,
    );
    expect(catcher.messages().filter((m) => m.to.includes(to))).toHaveLength(0);
  });
});

// A database of its own: BullMQ's PostgreSQL backend ignores the queue prefix, so another
// worker on the same database would take the job and deliver it elsewhere.
describe.each<QueueBackendChoice>(['postgres', 'redis'])(
  'mail/send on the %s backend while SMTP is down',
  (backend) => {
    let database: TestDatabase;
    const unique = `${backend}-${Date.now()}`;

    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('retries while the SMTP server is down, and delivers once it is up', async () => {
      const port = await freePort();
      const offline = await mailWorker(
        testConfig(database.url, backend, { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM }),
      );
      let late: SmtpCatcher | undefined;
      try {
        const to = `dirk.${unique}@example.com`;
        const link = `https://app.example.com/reset-password?token=late-${unique}`;
        const jobId = `late-${unique}`;
        await offline
          .get(JobProducer)
          .enqueue(
            'mail',
            'send',
            { to, locale: 'en', template: 'password-reset', params: { link, expiresInMinutes: 30 } },
            { jobId },
          );

        // The first attempt finds nobody listening and waits for its backoff (2 s).
        const waiting = await until(async () => {
          const found = await jobState(offline, jobId);
          return found && found.attemptsMade >= 1 ? found : undefined;
        });
        expect(waiting.state).toBe('delayed');
        expect(waiting.attemptsMade).toBe(1);

        late = await startSmtpCatcher({ port });
        const mail = await late.waitFor(
          (m) => m.to.includes(to),
          10_000,
          `the password reset to ${to} after the retry`,
        );
        expect(mail.subject).toBe('Reset your Kaizen Loop password');
        expect(mail.text).toContain(link);

        await until(async () => (await jobState(offline, jobId))?.state === 'completed');
        expect(late.messages()).toHaveLength(1);
      } finally {
        await offline.close();
        await late?.stop();
      }
    });
  },
);
