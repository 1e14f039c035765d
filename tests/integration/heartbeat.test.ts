import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { createTestDatabase, testConfig, until, type QueueBackendChoice } from '../support/test-environment';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';

describe.each<QueueBackendChoice>(['postgres', 'redis'])(
  'API -> queue -> worker on the %s backend',
  (backend) => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let api: RunningApi;
    let worker: INestApplicationContext;

    beforeAll(async () => {
      database = await createTestDatabase();
      const config = testConfig(database.url, backend);
      api = await startApi(config);
      worker = await startWorker(config);
    });

    afterAll(async () => {
      await worker?.close();
      await api?.close();
      await database?.drop();
    });

    it('round-trips a heartbeat through the queue and a worker', async () => {
      const response = await fetch(`${api.url}/api/health/heartbeats`, { method: 'POST' });
      expect(response.status).toBe(201);
      const heartbeat = await response.json();
      expect(heartbeat).toMatchObject({ backend, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(heartbeat.processedAt).not.toBeNull();
      expect(heartbeat.roundTripMs).toBeGreaterThanOrEqual(0);
    });

    it('reports itself ready, names its backend and when a worker last answered', async () => {
      const response = await fetch(`${api.url}/api/health/ready`);
      expect(response.status).toBe(200);
      const readiness = await response.json();
      expect(readiness).toMatchObject({
        status: 'ready',
        queueBackend: backend,
        checks: [
          { name: 'database', status: 'up' },
          { name: 'queue', status: 'up' },
          { name: 'outbox', status: 'up' },
        ],
      });
      expect(Date.parse(readiness.worker.lastHeartbeatAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('treats a job id as an idempotency key: the same id enqueued twice is processed once', async () => {
      const producer = api.app.get(JobProducer);
      const id = `idem-${backend}-${Date.now()}`;
      const payload = { heartbeatId: id, requestedAt: new Date().toISOString() };
      await producer.enqueue('system', 'heartbeat', payload, { jobId: id });
      await producer.enqueue('system', 'heartbeat', payload, { jobId: id });
      const processedBy = await until(async () => {
        const [row] = await query('SELECT processed_by FROM system_heartbeat WHERE id = $1', [id]);
        return row?.processed_by as string | undefined;
      });
      expect(processedBy).toMatch(/:\d+$/);
      const jobs = await producer.queue('system').getJobs();
      expect(jobs.filter((job) => job.id === id)).toHaveLength(1);
    });

    async function query(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
      const { Client } = await import('pg');
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    }
  },
);
