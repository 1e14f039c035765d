import { Module, type OnModuleInit } from '@nestjs/common';
import { OrganisationDataModule } from '@kaizen/api/data-access-organisation';
import { SignInRules } from '@kaizen/api/data-access-auth';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { IdentityProvider } from './identity-provider';
import { SsoRepository } from './sso.repository';
import { SsoRequiredRule } from './sso-required.rule';
import { SsoSeal } from './sso-seal';
import { SsoSettingsController } from './sso-settings.controller';
import { SsoSettingsService } from './sso-settings.service';
import { SsoSignInController } from './sso-sign-in.controller';
import { SsoSignInService } from './sso-sign-in.service';

/** Single sign-on with each organisation's OpenID provider: its settings, the sign-in, and its rules for passwords and sessions. */
@Module({
  imports: [OrganisationDataModule],
  controllers: [SsoSettingsController, SsoSignInController],
  providers: [
    SsoSettingsService,
    SsoSignInService,
    SsoRepository,
    SsoRequiredRule,
    IdentityProvider,
    {
      provide: SsoSeal,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SsoSeal(config.SSO_SECRET_KEY ?? config.AUTH_SECRET),
    },
  ],
})
export class SsoModule implements OnModuleInit {
  constructor(
    private readonly rules: SignInRules,
    private readonly ssoRequired: SsoRequiredRule,
  ) {}

  onModuleInit(): void {
    this.rules.add(this.ssoRequired);
  }
}
