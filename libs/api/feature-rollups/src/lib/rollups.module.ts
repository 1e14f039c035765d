import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { RollupsController } from './rollups.controller';
import { RollupsExport } from './rollups-export';
import { RollupsJobsModule } from './rollups-jobs.module';

/** Learning roll-ups: kept current by the worker, read by dashboards and the department comparison. */
@Module({
  imports: [AuditModule, RollupsJobsModule],
  controllers: [RollupsController],
  providers: [RollupsExport],
  exports: [RollupsJobsModule],
})
export class RollupsModule {}
