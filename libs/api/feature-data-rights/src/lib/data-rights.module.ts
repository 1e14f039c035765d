import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { OrganisationDataModule } from '@kaizen/api/data-access-organisation';
import {
  DataExportsController,
  MemberDataRightsController,
  RetentionController,
} from './data-rights.controller';
import { DataRightsJobs } from './data-rights.jobs';
import { DataRightsRepository } from './data-rights.repository';
import { DataRightsService } from './data-rights.service';

/** People's data rights: exports prepared by the worker, erasure, and retention applied by a daily sweep. */
@Module({
  // The audit writer comes with the module: the worker, whose retention sweep records erasures, has no AuthCoreModule.
  imports: [AuditModule, OrganisationDataModule],
  controllers: [DataExportsController, MemberDataRightsController, RetentionController],
  providers: [DataRightsService, DataRightsRepository, DataRightsJobs],
})
export class DataRightsModule {}
