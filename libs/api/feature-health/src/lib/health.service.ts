import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { JobProducer, withTimeout } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { OutboxBacklogReader } from './outbox-backlog';
import type { CheckDto, HeartbeatDto, LivenessDto, ReadinessDto } from './health.dto';
import { HeartbeatRepository, SCHEDULED_HEARTBEAT_ID } from './heartbeat.repository';

const CHECK_TIMEOUT_MS = 2_000;
const HEARTBEAT_WAIT_MS = 5_000;
const HEARTBEAT_POLL_MS = 25;
export const SCHEDULED_HEARTBEAT_EVERY_MS = 30_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly heartbeats: HeartbeatRepository,
    private readonly producer: JobProducer,
    private readonly backlog: OutboxBacklogReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  liveness(version: string): LivenessDto {
    return { status: 'ok', version, uptimeSeconds: Math.round(process.uptime()) };
  }

  async readiness(): Promise<ReadinessDto> {
    const checks = await Promise.all([
      check('database', () => this.heartbeats.ping()),
      check('queue', () => this.producer.ping(CHECK_TIMEOUT_MS)),
      // Messages waiting too long mean nothing is sending them: no worker, or one that cannot deliver.
      check('outbox', async () => {
        const now = this.clock.now();
        const { oldestDueAt } = await this.backlog.recent(now);
        const waitedMs = oldestDueAt ? now.getTime() - oldestDueAt.getTime() : 0;
        if (waitedMs > this.config.OUTBOX_READY_MAX_AGE_MS) {
          throw new Error(
            `the oldest outbox row due has waited ${Math.round(waitedMs / 1_000)} s (limit ${Math.round(this.config.OUTBOX_READY_MAX_AGE_MS / 1_000)} s)`,
          );
        }
      }),
    ]);
    const databaseUp = checks[0].status === 'up';
    const last = databaseUp ? await this.heartbeats.lastProcessedAt().catch(() => null) : null;
    return {
      status: checks.every((c) => c.status === 'up') ? 'ready' : 'unavailable',
      queueBackend: this.producer.backendKind,
      checks,
      worker: { lastHeartbeatAt: last ? new Date(last).toISOString() : null },
    };
  }

  /** Sends a heartbeat through the queue and waits a few seconds for a worker to process it. */
  async sendHeartbeat(): Promise<HeartbeatDto> {
    const id = uuidv7();
    const requestedAt = new Date();
    await this.heartbeats.create(id, this.producer.backendKind, requestedAt);
    await this.producer.enqueue(
      'system',
      'heartbeat',
      { heartbeatId: id, requestedAt: requestedAt.toISOString() },
      { jobId: id },
    );
    const deadline = Date.now() + HEARTBEAT_WAIT_MS;
    let processedAt = await this.heartbeats.processedAt(id);
    while (!processedAt && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_POLL_MS));
      processedAt = await this.heartbeats.processedAt(id);
    }
    return {
      id,
      backend: this.producer.backendKind,
      requestedAt: requestedAt.toISOString(),
      processedAt: processedAt?.toISOString() ?? null,
      roundTripMs: processedAt ? Math.max(0, processedAt.getTime() - requestedAt.getTime()) : null,
    };
  }

  /** Keeps `worker.lastHeartbeatAt` fresh without anyone pressing a button. */
  async scheduleWorkerHeartbeat(): Promise<void> {
    await this.producer.schedule('system', 'heartbeat', 'worker-heartbeat', SCHEDULED_HEARTBEAT_EVERY_MS, {
      heartbeatId: SCHEDULED_HEARTBEAT_ID,
      requestedAt: new Date().toISOString(),
    });
  }
}

async function check(name: CheckDto['name'], probe: () => Promise<void>): Promise<CheckDto> {
  const started = performance.now();
  try {
    await withTimeout(probe(), CHECK_TIMEOUT_MS, `${name} did not answer within ${CHECK_TIMEOUT_MS} ms`);
    return { name, status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { name, status: 'down', latencyMs: Math.round(performance.now() - started), detail };
  }
}
