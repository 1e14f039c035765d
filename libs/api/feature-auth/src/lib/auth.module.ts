import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { OrganisationDataModule } from '@kaizen/api/data-access-organisation';
import { AccountsRepository } from './accounts.repository';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { InvitationsAcceptanceRepository } from './invitations-acceptance.repository';

/** Accounts and sessions: sign-up, sign-in, refresh, sign-out, switching, resets, accepting invitations. */
@Module({
  imports: [NotificationsCoreModule, OrganisationDataModule],
  controllers: [AuthController],
  providers: [AuthService, AccountsRepository, InvitationsAcceptanceRepository],
})
export class AuthModule {}
