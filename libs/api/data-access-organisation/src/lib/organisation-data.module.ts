import { Module } from '@nestjs/common';
import { AccountsDirectory } from './accounts-directory';
import { PlacementsRepository } from './placements.repository';

/** The accounts and organisation-structure writes that more than one feature makes (sign-up, SSO, SCIM, data rights). */
@Module({
  providers: [PlacementsRepository, AccountsDirectory],
  exports: [PlacementsRepository, AccountsDirectory],
})
export class OrganisationDataModule {}
