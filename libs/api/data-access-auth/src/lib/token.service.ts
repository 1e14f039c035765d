import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { isRole } from '@kaizen/shared/domain-access';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { Actor } from './actor';

const ISSUER = 'kaizen-loop';

/** Short-lived access tokens (HS256 JWTs) naming the person, the organisation and the role. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.AUTH_SECRET);
  }

  get accessTokenTtlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  issueAccessToken(actor: Actor): Promise<string> {
    return new SignJWT({ org: actor.organisationId, mid: actor.membershipId, role: actor.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(actor.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.config.ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** The actor a valid token names, or null for anything else. */
  async verifyAccessToken(token: string): Promise<Actor | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const { sub, org, mid, role } = payload;
      if (typeof sub !== 'string' || typeof org !== 'string' || typeof mid !== 'string' || !isRole(role))
        return null;
      return { userId: sub, organisationId: org, membershipId: mid, role };
    } catch {
      return null;
    }
  }
}
