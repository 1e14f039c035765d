import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { APP_CONFIG, CLOCK, FieldValidationException, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type { SsoSeal } from './sso-seal';

/** How to reach an organisation's OpenID provider. */
export interface ProviderAccess {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The connection's way to its provider, with the client secret opened. */
export function providerAccess(
  conn: { issuer: string; clientId: string; clientSecretSealed: Buffer },
  seal: SsoSeal,
): ProviderAccess {
  const clientSecret = seal.open('client-secret', conn.clientSecretSealed);
  if (clientSecret === null) throw new SecretUnreadable();
  return { issuer: conn.issuer, clientId: conn.clientId, clientSecret };
}

/** The secret was sealed under another SSO_SECRET_KEY (it changed since): an admin must enter it again. */
class SecretUnreadable extends HttpException {
  constructor() {
    super(
      {
        message:
          "The stored client secret cannot be opened with this deployment's SSO_SECRET_KEY: an admin must enter it again",
        errors: [{ field: 'clientSecret', rule: 'readable', message: 'clientSecret must be entered again' }],
      },
      HttpStatus.CONFLICT,
    );
  }
}

/** What a sign-in asks the provider for: the refresh token (offline_access) lets a refresh re-check the person. */
export const SSO_SCOPE = 'openid email profile offline_access';

/** Seconds the provider may wait to answer before the sign-in fails with a clear 4xx. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * openid-client, as this product uses it: discovery from the issuer, with our clock (tests move it) and
 * plain http only when SSO_ALLOW_HTTP_ISSUERS allows it. openid-client checks the discovered issuer
 * against the configured one, and an ID token's issuer, audience, nonce, times and signature.
 */
@Injectable()
export class IdentityProvider {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The provider's configuration, read from its discovery document; a provider that does not answer is a 424. */
  async discover(access: ProviderAccess): Promise<oidc.Configuration> {
    try {
      return await this.configuration(access);
    } catch (error) {
      throw new HttpException(
        {
          message: `The identity provider at ${access.issuer} does not answer as an OpenID provider: ${reason(error)}`,
          errors: [{ field: 'issuer', rule: 'discoverable', message: `issuer ${reason(error)}` }],
        },
        HttpStatus.FAILED_DEPENDENCY,
      );
    }
  }

  /** The same check when an admin saves the connection: a field error on `issuer`. */
  async assertDiscoverable(access: ProviderAccess): Promise<void> {
    if (new URL(access.issuer).protocol !== 'https:' && !this.config.SSO_ALLOW_HTTP_ISSUERS) {
      throw new FieldValidationException([
        { field: 'issuer', rule: 'https', message: 'issuer must be an https:// URL' },
      ]);
    }
    try {
      await this.configuration(access);
    } catch (error) {
      throw new FieldValidationException([
        {
          field: 'issuer',
          rule: 'discoverable',
          message: `issuer has no OpenID discovery document that names it: ${reason(error)}`,
        },
      ]);
    }
  }

  private configuration(access: ProviderAccess): Promise<oidc.Configuration> {
    return oidc.discovery(
      new URL(access.issuer),
      access.clientId,
      {
        client_secret: access.clientSecret,
        // Our clock, as openid-client sees it: tests move it to put the provider's clock out of step.
        [oidc.clockSkew]: Math.round((this.clock.now().getTime() - Date.now()) / 1000),
      },
      undefined,
      {
        execute: this.config.SSO_ALLOW_HTTP_ISSUERS ? [oidc.allowInsecureRequests] : [],
        timeout: PROVIDER_TIMEOUT_SECONDS,
      },
    );
  }
}

/** Why a call to the provider failed, in words an admin can act on. */
export function reason(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError)
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
