import { Module } from '@nestjs/common';
import {
  AccountTwoFactorController,
  SignInEnrolmentController,
  TwoFactorPolicyController,
} from './two-factor.controller';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';

/** Two-factor sign-in: the account's authenticator app, recovery codes and the organisation's requirement. */
@Module({
  controllers: [AccountTwoFactorController, TwoFactorPolicyController, SignInEnrolmentController],
  providers: [TwoFactorService, TwoFactorRepository],
  exports: [TwoFactorService],
})
export class TwoFactorModule {}
