import { Module } from '@nestjs/common';
import { RollupsModule } from '@kaizen/api/feature-rollups';
import { ScansController } from './scans.controller';
import { ScansJobs } from './scans.jobs';
import { ScansRepository } from './scans.repository';
import { ScansService } from './scans.service';

/** The learning-capability scan: Senge's disciplines and Bersin's success areas, anonymously, beside the roll-ups. */
@Module({
  imports: [RollupsModule],
  controllers: [ScansController],
  providers: [ScansService, ScansRepository, ScansJobs],
})
export class ScansModule {}
