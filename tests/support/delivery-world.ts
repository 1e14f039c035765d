import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from '@kaizen/shared/util-config';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { signUpOrganisation, type ApiClient } from './api-client';
import { OffsetClock } from './clock';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { startApi, startWorker, type RunningApi } from './running-apps';
import { addMember } from './tenants';
import {
  createTestDatabase,
  testConfig,
  type QueueBackendChoice,
  type TestDatabase,
} from './test-environment';

export type Person = Awaited<ReturnType<typeof addMember>>;

/**
 * What tests of reminders and their delivery stand on: the API and an in-process worker on one movable
 * clock, a mail catcher, a queue backend of this file's own (a flush must not touch other files' queues),
 * and an organisation with one team whose member owns experiments and whose lead approves them.
 */
export interface DeliveryWorld {
  database: TestDatabase;
  smtp: SmtpCatcher;
  redis: PrivateRedis | undefined;
  config: AppConfig;
  clock: OffsetClock;
  api: RunningApi;
  /** The in-process worker; undefined while stopped. */
  worker: INestApplicationContext | undefined;
  admin: ApiClient;
  organisationId: string;
  teamId: string;
  owner: Person;
  lead: Person;
  stopWorker(): Promise<void>;
  restartWorker(): Promise<void>;
  /** Every job of the queue backend gone, as after a Redis without persistence restarted. */
  wipeQueue(): Promise<void>;
  close(): Promise<void>;
}

export async function startDeliveryWorld(
  backend: QueueBackendChoice,
  options: { name: string; smtpDelayMs?: number; config?: Record<string, string> },
): Promise<DeliveryWorld> {
  const database = await createTestDatabase();
  const smtp = await startSmtpCatcher(options.smtpDelayMs ? { delayMs: options.smtpDelayMs } : {});
  const redis = backend === 'redis' ? await startPrivateRedis() : undefined;
  const config = testConfig(database.url, backend, {
    SMTP_URL: smtp.url,
    APP_URL: 'https://kaizen.example',
    QUEUE_LOCK_MS: '1000',
    QUEUE_RETRY_DELAY_MS: '50',
    ...options.config,
    ...(redis ? { REDIS_URL: redis.url } : {}),
  });
  const clock = new OffsetClock();
  const api = await startApi(config, { clock });
  const { client: admin } = await signUpOrganisation(api.url, options.name);
  const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
  const department = (await admin.post('/api/departments', { name: 'Care' })).body;
  const teamId = (await admin.post('/api/teams', { name: 'Nights', departmentId: department.id })).body.id;
  const owner = await addMember(database.ownerUrl, api.url, organisationId, 'member');
  const lead = await addMember(database.ownerUrl, api.url, organisationId, 'team_lead');
  await admin.post(`/api/teams/${teamId}/members`, { membershipId: owner.membershipId, position: 'member' });
  await admin.post(`/api/teams/${teamId}/members`, { membershipId: lead.membershipId, position: 'lead' });

  const world: DeliveryWorld = {
    database,
    smtp,
    redis,
    config,
    clock,
    api,
    worker: await startWorker(config, { clock }),
    admin,
    organisationId,
    teamId,
    owner,
    lead,
    async stopWorker() {
      await world.worker?.close();
      world.worker = undefined;
    },
    async restartWorker() {
      await world.stopWorker();
      world.worker = await startWorker(config, { clock });
    },
    wipeQueue: () => wipeQueue(database.ownerUrl, redis?.url),
    async close() {
      await world.worker?.close();
      await api.close();
      await redis?.stop();
      await smtp.stop();
      await database.drop();
    },
  };
  return world;
}

/** Every job of the queue backend gone: a flushed Redis, or the bullmq tables of PostgreSQL truncated. */
export async function wipeQueue(ownerUrl: string, redisUrl?: string): Promise<void> {
  if (redisUrl) {
    const connection = new Redis(redisUrl);
    await connection.flushall();
    connection.disconnect();
    return;
  }
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const tables = await client.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'bullmq' AND tablename NOT LIKE '%migration%'`,
    );
    await client.query(`TRUNCATE ${tables.rows.map((t) => `bullmq."${t.tablename}"`).join(', ')}`);
  } finally {
    await client.end();
  }
}

/**
 * The latest weekly check-in moment at or before `now`: 09:00 in the organisation's zone (Europe/Amsterdam), where
 * reminders seeded straight into the tables are due, as on a Monday morning.
 */
export function latestCheckInMoment(now: Date): DateTime {
  const local = DateTime.fromJSDate(now, { zone: 'Europe/Amsterdam' });
  return (local.hour >= 9 ? local : local.minus({ days: 1 })).set({
    hour: 9,
    minute: 0,
    second: 0,
    millisecond: 0,
  });
}
