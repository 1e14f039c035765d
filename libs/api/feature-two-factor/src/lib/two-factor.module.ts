import { Global, Module } from '@nestjs/common';
import { SECOND_FACTOR } from '@kaizen/api/data-access-auth';
import {
  AccountTwoFactorController,
  SignInEnrolmentController,
  TwoFactorPolicyController,
} from './two-factor.controller';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';

/** Two-factor sign-in: the account's authenticator app, recovery codes and the organisation's requirement. */
// Global: sign-in (feature-auth) asks for the second step through SECOND_FACTOR, without importing this feature.
@Global()
@Module({
  controllers: [AccountTwoFactorController, TwoFactorPolicyController, SignInEnrolmentController],
  providers: [
    TwoFactorService,
    TwoFactorRepository,
    { provide: SECOND_FACTOR, useExisting: TwoFactorService },
  ],
  exports: [SECOND_FACTOR],
})
export class TwoFactorModule {}
