import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { HealthService } from './health.service';
import { HeartbeatJobs } from './heartbeat.job';
import { HeartbeatRepository } from './heartbeat.repository';
import { OutboxBacklogReader } from './outbox-backlog';

/**
 * The health checks and the heartbeat job, without HTTP: what the worker runs. The API's {@link HealthModule} adds
 * the probes' controller and `GET /metrics`, whose Swagger and prom-client the worker then never loads.
 */
@Module({
  imports: [NotificationsCoreModule],
  providers: [HealthService, HeartbeatRepository, HeartbeatJobs, OutboxBacklogReader],
  exports: [HealthService, OutboxBacklogReader],
})
export class HealthJobsModule {}
