import { Module } from '@nestjs/common';
import { OrganisationDataModule } from '@kaizen/api/data-access-organisation';
import { ScimDiscoveryController, ScimGroupsController, ScimUsersController } from './scim.controllers';
import { ScimGroupsService } from './scim-groups.service';
import { ScimRepository } from './scim.repository';
import { ScimUsersService } from './scim-users.service';

/** SCIM 2.0 provisioning (RFC 7643/7644): a directory creates, changes and removes people (Users) and teams (Groups). */
@Module({
  imports: [OrganisationDataModule],
  controllers: [ScimUsersController, ScimGroupsController, ScimDiscoveryController],
  providers: [ScimUsersService, ScimGroupsService, ScimRepository],
})
export class ScimModule {}
