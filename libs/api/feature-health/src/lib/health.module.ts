import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { HealthController, APP_VERSION } from './health.controller';
import { HealthJobsModule } from './health-jobs.module';
import { MetricsService } from './metrics.service';

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync('package.json', 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Liveness, readiness (with the outbox's backlog), the heartbeat job that proves API -> queue -> worker, and `GET /metrics`. */
@Module({
  imports: [HealthJobsModule],
  controllers: [HealthController],
  providers: [
    MetricsService,
    { provide: APP_VERSION, useFactory: () => process.env['npm_package_version'] ?? packageVersion() },
  ],
  exports: [HealthJobsModule],
})
export class HealthModule {}
