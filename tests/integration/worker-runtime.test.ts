import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Injectable, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule } from '@kaizen/api/data-access-db';
import { JobHandler, JobHandlerRegistryError, JobProducer, QueueModule } from '@kaizen/api/data-access-queue';
import { AppConfigModule } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { jobCatalog, type HeartbeatPayload } from '@kaizen/shared/util-jobs';
import {
  createTestDatabase,
  testConfig,
  until,
  type QueueBackendChoice,
  type TestDatabase,
} from '../support/test-environment';

/** A handler that takes its time, so shutdown can be caught in the middle of a job. */
@Injectable()
class SlowHeartbeats {
  static started: string[] = [];
  static finished: string[] = [];

  @JobHandler('system', 'heartbeat')
  async handle(payload: HeartbeatPayload): Promise<void> {
    SlowHeartbeats.started.push(payload.heartbeatId);
    await new Promise((resolve) => setTimeout(resolve, 700));
    SlowHeartbeats.finished.push(payload.heartbeatId);
  }
}

@Injectable()
class SecondHeartbeats {
  @JobHandler('system', 'heartbeat')
  async handle(): Promise<void> {
    return undefined;
  }
}

/** Only the system queue, so these tests need no other module's handlers. */
const systemOnly = { system: jobCatalog.system };

function workerWith(config: AppConfig, handlers: Type[]): Promise<INestApplicationContext> {
  @Module({
    imports: [AppConfigModule.forRoot(config), DatabaseModule.forRoot(), QueueModule.forWorker(systemOnly)],
    providers: handlers,
  })
  class TestWorkerModule {}
  return NestFactory.createApplicationContext(TestWorkerModule, { logger: false, abortOnError: false });
}

describe('the worker refuses to boot without exactly one handler per declared job', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('names a declared job that has no handler', async () => {
    const error = await workerWith(testConfig(database.url, 'postgres'), []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobHandlerRegistryError);
    expect((error as JobHandlerRegistryError).problems).toEqual(['job system/heartbeat has no handler']);
  });

  it('names a job with two handlers, and both of them', async () => {
    const error = await workerWith(testConfig(database.url, 'postgres'), [
      SlowHeartbeats,
      SecondHeartbeats,
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobHandlerRegistryError);
    expect((error as JobHandlerRegistryError).problems).toEqual([
      'job system/heartbeat has 2 handlers: SlowHeartbeats.handle, SecondHeartbeats.handle',
    ]);
  });
});

describe.each<QueueBackendChoice>(['postgres', 'redis'])(
  'graceful worker shutdown on the %s backend',
  (backend) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('lets a running job finish before the worker closes, and the job ends completed', async () => {
      const config = testConfig(database.url, backend);
      const worker = await workerWith(config, [SlowHeartbeats]);
      const producer = worker.get(JobProducer);
      const id = `slow-${backend}-${Date.now()}`;
      await producer.enqueue(
        'system',
        'heartbeat',
        { heartbeatId: id, requestedAt: new Date().toISOString() },
        { jobId: id },
      );
      await until(async () => SlowHeartbeats.started.includes(id));
      expect(SlowHeartbeats.finished).not.toContain(id);

      await worker.close();
      expect(SlowHeartbeats.finished).toContain(id);

      const observer = await workerWith(config, [SlowHeartbeats]);
      const job = await observer.get(JobProducer).queue('system').getJob(id);
      expect(await job?.getState()).toBe('completed');
      await observer.close();
    });
  },
);
