import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { RollupsController } from './rollups.controller';
import { RollupsJobs } from './rollups.jobs';
import { RollupsRepository } from './rollups.repository';
import { RollupsExport } from './rollups-export';
import { RollupsService } from './rollups.service';

/** Learning roll-ups: kept current by the worker, read by dashboards and the department comparison. */
@Module({
  imports: [AuditModule],
  controllers: [RollupsController],
  providers: [RollupsService, RollupsExport, RollupsRepository, RollupsJobs],
  exports: [RollupsService],
})
export class RollupsModule {}
