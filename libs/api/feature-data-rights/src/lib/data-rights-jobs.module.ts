import { Module } from '@nestjs/common';
import { AuditModule } from '@kaizen/api/data-access-auth';
import { OrganisationDataModule } from '@kaizen/api/data-access-organisation';
import { DataRightsJobs } from './data-rights.jobs';
import { DataRightsRepository } from './data-rights.repository';
import { DataRightsService } from './data-rights.service';

/** Exports, erasure and retention without HTTP: what the worker runs (no controllers, so no Swagger). */
@Module({
  // The audit writer comes with the module: the worker, whose retention sweep records erasures, has no AuthCoreModule.
  imports: [AuditModule, OrganisationDataModule],
  providers: [DataRightsService, DataRightsRepository, DataRightsJobs],
  exports: [DataRightsService],
})
export class DataRightsJobsModule {}
