import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { HealthController, APP_VERSION } from './health.controller';
import { HealthService } from './health.service';
import { HeartbeatJobs } from './heartbeat.job';
import { HeartbeatRepository } from './heartbeat.repository';
import { MetricsService } from './metrics.service';
import { OutboxBacklogRepository } from './outbox-backlog.repository';

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync('package.json', 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Liveness, readiness (with the outbox's backlog), the heartbeat job that proves API -> queue -> worker, and `GET /metrics`. */
@Module({
  controllers: [HealthController],
  providers: [
    HealthService,
    HeartbeatRepository,
    HeartbeatJobs,
    OutboxBacklogRepository,
    MetricsService,
    { provide: APP_VERSION, useFactory: () => process.env['npm_package_version'] ?? packageVersion() },
  ],
  exports: [HealthService],
})
export class HealthModule {}
