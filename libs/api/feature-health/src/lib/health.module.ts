import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { readFileSync } from 'node:fs';
import { HealthController, APP_VERSION } from './health.controller';
import { HealthService } from './health.service';
import { HeartbeatJobs } from './heartbeat.job';
import { HeartbeatRepository } from './heartbeat.repository';
import { MetricsService } from './metrics.service';
import { OutboxBacklogReader } from './outbox-backlog';

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync('package.json', 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Liveness, readiness (with the outbox's backlog), the heartbeat job that proves API -> queue -> worker, and `GET /metrics`. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [HealthController],
  providers: [
    HealthService,
    HeartbeatRepository,
    HeartbeatJobs,
    OutboxBacklogReader,
    MetricsService,
    { provide: APP_VERSION, useFactory: () => process.env['npm_package_version'] ?? packageVersion() },
  ],
  exports: [HealthService],
})
export class HealthModule {}
