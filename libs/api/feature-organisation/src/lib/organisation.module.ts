import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { OrganisationDataModule } from '@kaizen/api/data-access-organisation';
import { AuditController } from './audit.controller';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditService } from './audit.service';
import { DepartmentsController } from './departments.controller';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { MembersController } from './members.controller';
import { MembersRepository } from './members.repository';
import { OrganisationController } from './organisation.controller';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { StructureRepository } from './structure.repository';
import { TeamsController } from './teams.controller';

/** An organisation's settings, departments, teams, people, invitations and audit log. */
@Module({
  imports: [NotificationsCoreModule, OrganisationDataModule],
  controllers: [
    OrganisationController,
    DepartmentsController,
    TeamsController,
    MembersController,
    InvitationsController,
    AuditController,
  ],
  providers: [
    OrganisationService,
    OrganisationRepository,
    StructureRepository,
    MembersRepository,
    InvitationsRepository,
    AuditEventsRepository,
    AuditService,
  ],
})
export class OrganisationModule {}
