import { Module } from '@nestjs/common';
import { ScansController } from './scans.controller';
import { ScansJobsModule } from './scans-jobs.module';

/** The learning-capability scan: Senge's disciplines and Bersin's success areas, anonymously. */
@Module({
  imports: [ScansJobsModule],
  controllers: [ScansController],
})
export class ScansModule {}
