import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { ApiTokenAuthenticator } from './api-token-authenticator';
import { AuditModule } from './audit.module';
import { PasswordHasher } from './password-hasher';
import { RateLimiter } from './rate-limiter';
import { LeadershipRepository } from './leadership.repository';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { SignInRules } from './sign-in-rules';
import { TenantTransactionInterceptor } from './tenant-transaction.interceptor';
import { TokenService } from './token.service';

/** Installs the access guard and the per-request tenant transaction for the whole API. */
@Global()
@Module({
  imports: [AuditModule],
  providers: [
    TokenService,
    PasswordHasher,
    RateLimiter,
    LeadershipRepository,
    ApiTokenAuthenticator,
    SessionService,
    SessionsRepository,
    SignInRules,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor },
  ],
  exports: [
    TokenService,
    PasswordHasher,
    RateLimiter,
    AuditModule,
    LeadershipRepository,
    SessionService,
    SessionsRepository,
    SignInRules,
  ],
})
export class AuthCoreModule {}
