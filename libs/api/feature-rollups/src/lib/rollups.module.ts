import { Module } from '@nestjs/common';
import { RollupsController } from './rollups.controller';
import { RollupsJobs } from './rollups.jobs';
import { RollupsRepository } from './rollups.repository';
import { RollupsService } from './rollups.service';

/** Learning roll-ups: kept current by the worker, read by dashboards and the department comparison. */
@Module({
  controllers: [RollupsController],
  providers: [RollupsService, RollupsRepository, RollupsJobs],
  exports: [RollupsService],
})
export class RollupsModule {}
