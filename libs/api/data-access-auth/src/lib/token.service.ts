import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { isRole } from '@kaizen/shared/domain-access';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { Actor } from './actor';

const ISSUER = 'kaizen-loop';

/** Tokens verified and not yet expired, remembered so a client's next request skips the signature check. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Short-lived access tokens (HS256 JWTs) naming the person, the organisation and the role. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  // A token's validity depends only on its text, the key and the time, so a verified token stays valid until its
  // `exp`. Only verified tokens are kept (no one can fill this without the key); the signature check was ~14 % of
  // a signed-in read's CPU.
  private readonly verified = new Map<string, { actor: Actor; exp: number }>();

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
    const known = this.verified.get(token);
    // jose's own rule: expired once `exp` is not after the current whole second
    if (known && known.exp > Math.floor(Date.now() / 1000)) return { ...known.actor };
    if (known) this.verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const { sub, org, mid, role, exp } = payload;
      if (typeof sub !== 'string' || typeof org !== 'string' || typeof mid !== 'string' || !isRole(role))
        return null;
      const actor: Actor = { userId: sub, organisationId: org, membershipId: mid, role };
      if (typeof exp === 'number') {
        const oldest =
          this.verified.size >= VERIFIED_TOKENS_KEPT ? this.verified.keys().next().value : undefined;
        if (oldest !== undefined) this.verified.delete(oldest);
        this.verified.set(token, { actor, exp });
      }
      return { ...actor };
    } catch {
      return null;
    }
  }
}
