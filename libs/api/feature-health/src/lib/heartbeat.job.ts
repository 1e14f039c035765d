import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { JobHandler, JobProducer, type JobContext } from '@kaizen/api/data-access-queue';
import type { HeartbeatPayload } from '@kaizen/shared/util-jobs';
import { HeartbeatRepository } from './heartbeat.repository';

const WEEK_MS = 7 * 24 * 3600 * 1000;

@Injectable()
export class HeartbeatJobs {
  constructor(
    private readonly heartbeats: HeartbeatRepository,
    private readonly producer: JobProducer,
  ) {}

  @JobHandler('system', 'heartbeat')
  async handle(payload: HeartbeatPayload, _context: JobContext): Promise<void> {
    const requestedAt = new Date(payload.requestedAt);
    await this.heartbeats.markProcessed(
      payload.heartbeatId,
      this.producer.backendKind,
      requestedAt,
      `${hostname()}:${process.pid}`,
    );
    await this.heartbeats.pruneOlderThan(new Date(Date.now() - WEEK_MS));
  }
}
