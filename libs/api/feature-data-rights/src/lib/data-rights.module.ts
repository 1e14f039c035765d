import { Module } from '@nestjs/common';
import {
  DataExportsController,
  MemberDataRightsController,
  RetentionController,
} from './data-rights.controller';
import { DataRightsJobsModule } from './data-rights-jobs.module';

/** People's data rights: exports prepared by the worker, erasure, and retention applied by a daily sweep. */
@Module({
  imports: [DataRightsJobsModule],
  controllers: [DataExportsController, MemberDataRightsController, RetentionController],
})
export class DataRightsModule {}
