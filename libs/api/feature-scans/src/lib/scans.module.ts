import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { ScansController } from './scans.controller';
import { ScansJobs } from './scans.jobs';
import { ScansRepository } from './scans.repository';
import { ScansService } from './scans.service';

/** The learning-capability scan: Senge's disciplines and Bersin's success areas, anonymously. */
@Module({
  imports: [AuditModule, NotificationsCoreModule],
  controllers: [ScansController],
  providers: [ScansService, ScansRepository, ScansJobs],
})
export class ScansModule {}
