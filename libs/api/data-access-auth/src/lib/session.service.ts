import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { Role } from '@kaizen/shared/domain-access';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { Actor } from './actor';
import { newSecretToken } from './secret-token';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';

/** What a sign-in answers with (the API's SessionDto); the refresh token travels separately, in a cookie. */
export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  organisationId: string;
  role: Role;
}

export interface IssuedSession {
  session: Session;
  /** The refresh-token family: every token of one sign-in. */
  familyId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** Issues an access token plus a refresh token, for every way of signing in; call inside a transaction. */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new sign-in: a new refresh-token family. */
  start(actor: Actor): Promise<IssuedSession> {
    return this.issue(actor, uuidv7());
  }

  /** The next token of an existing family, after its predecessor was used. */
  continue(actor: Actor, familyId: string): Promise<IssuedSession> {
    return this.issue(actor, familyId);
  }

  private async issue(actor: Actor, familyId: string): Promise<IssuedSession> {
    const { token, hash } = newSecretToken();
    const refreshExpiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000);
    await this.sessions.create({
      id: uuidv7(),
      familyId,
      userId: actor.userId,
      organisationId: actor.organisationId,
      tokenHash: hash,
      expiresAt: refreshExpiresAt,
    });
    return {
      session: {
        accessToken: await this.tokens.issueAccessToken(actor),
        tokenType: 'Bearer',
        expiresIn: this.tokens.accessTokenTtlSeconds,
        organisationId: actor.organisationId,
        role: actor.role,
      },
      familyId,
      refreshToken: token,
      refreshExpiresAt,
    };
  }
}
