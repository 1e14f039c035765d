import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { ScansJobs } from './scans.jobs';
import { ScansRepository } from './scans.repository';
import { ScansService } from './scans.service';

/** The scans' service and job handlers, without HTTP: what the worker runs (no controller, so no Swagger). */
@Module({
  imports: [AuditModule, NotificationsCoreModule],
  providers: [ScansService, ScansRepository, ScansJobs],
  exports: [ScansService],
})
export class ScansJobsModule {}
