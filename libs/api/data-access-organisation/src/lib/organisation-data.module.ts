import { Module } from '@nestjs/common';
import { PlacementsRepository } from './placements.repository';

/** The organisation's structure writes that more than one feature makes (its own screens, SCIM, data rights). */
@Module({
  providers: [PlacementsRepository],
  exports: [PlacementsRepository],
})
export class OrganisationDataModule {}
