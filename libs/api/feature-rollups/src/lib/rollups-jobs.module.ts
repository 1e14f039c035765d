import { Module } from '@nestjs/common';
import { RollupsJobs } from './rollups.jobs';
import { RollupsRepository } from './rollups.repository';
import { RollupsService } from './rollups.service';

/** Keeping the roll-ups current, without HTTP: what the worker runs (no controller, so no Swagger or audit). */
@Module({
  providers: [RollupsService, RollupsRepository, RollupsJobs],
  exports: [RollupsService],
})
export class RollupsJobsModule {}
