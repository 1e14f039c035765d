import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@kaizen/shared/util-config';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { signUpOrganisation, uniqueEmail, type ApiClient } from '../support/api-client';
import { OffsetClock } from '../support/clock';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';

const TOKEN = 'a-metrics-token-for-tests';

/** What operators see: `GET /metrics` behind its token, and readiness that notices an outbox nobody drains. */
describe('metrics and the outbox in readiness', () => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let config: AppConfig;
  let api: RunningApi;
  let worker: INestApplicationContext | undefined;
  let clock: OffsetClock;
  let admin: ApiClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpCatcher();
    config = testConfig(database.url, 'postgres', {
      SMTP_URL: smtp.url,
      METRICS_TOKEN: TOKEN,
      OUTBOX_READY_MAX_AGE_MS: '60000',
    });
    clock = new OffsetClock();
    api = await startApi(config, { clock });
    ({ client: admin } = await signUpOrganisation(api.url, 'Metrics'));
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.stop();
    await database?.drop();
  });

  const scrape = (token?: string) =>
    fetch(`${api.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const ready = async () => {
    const response = await fetch(`${api.url}/api/health/ready`);
    return { status: response.status, body: await response.json() };
  };

  it('asks for the bearer token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('not-the-metrics-token-at-all')).status).toBe(401);
  });

  it('shows queues, the outbox and request durations per route in Prometheus text; readiness fails while nothing drains the outbox', async () => {
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    // No worker runs: the invitation's mail waits in the outbox.
    expect(
      (await admin.post('/api/invitations', { email: uniqueEmail('waiting'), role: 'member' })).status,
    ).toBe(201);
    const response = await scrape(TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^kaizen_queue_jobs\{queue="outbox",state="waiting"\} 1$/m);
    expect(text).toMatch(/^kaizen_queue_jobs\{queue="reminders",state="failed"\} 0$/m);
    expect(text).toMatch(/^kaizen_outbox_rows\{channel="mail",status="pending"\} 1$/m);
    expect(text).toMatch(/^kaizen_outbox_oldest_pending_seconds \d/m);
    expect(text).toMatch(
      /^kaizen_http_request_duration_seconds_count\{method="GET",route="\/api\/auth\/me",status_code="200"\} 1$/m,
    );
    expect((await ready()).status).toBe(200);

    // Two minutes later it still waits: longer than the limit of one minute.
    clock.moveTo(new Date(clock.now().getTime() + 120_000));
    const stuck = await ready();
    expect(stuck.status).toBe(503);
    expect(stuck.body.checks).toContainEqual(
      expect.objectContaining({
        name: 'outbox',
        status: 'down',
        detail: expect.stringMatching(/waited 1\d\d s \(limit 60 s\)/),
      }),
    );

    // A worker drains it, and readiness recovers.
    worker = await startWorker(config, { clock });
    await smtp.waitFor(() => true, 20_000, 'the invitation');
    await until(async () => {
      clock.moveTo(new Date(clock.now().getTime() + 6_000)); // past the backlog's few seconds of caching
      return (await ready()).status === 200;
    }, 20_000);
    const after = await (await scrape(TOKEN)).text();
    expect(after).toMatch(/^kaizen_outbox_rows\{channel="mail",status="delivered"\} 1$/m);
    expect(after).toMatch(/^kaizen_outbox_oldest_pending_seconds 0$/m);
  });
});
