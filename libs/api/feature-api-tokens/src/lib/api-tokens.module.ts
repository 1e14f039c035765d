import { Module } from '@nestjs/common';
import { OrganisationTokensController, PersonalTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';

/** API tokens for integrations: organisation tokens (admins) and personal ones, scoped, expiring, revocable. */
@Module({
  controllers: [OrganisationTokensController, PersonalTokensController],
  providers: [ApiTokensService, ApiTokensRepository],
})
export class ApiTokensModule {}
