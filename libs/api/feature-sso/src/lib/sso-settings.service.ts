import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import { APP_CONFIG, FieldValidationException } from '@kaizen/api/util-core';
import { normaliseDomains } from '@kaizen/shared/domain-sso';
import type { AppConfig } from '@kaizen/shared/util-config';
import { IdentityProvider } from './identity-provider';
import type { CurrentSsoSettingsDto, SaveSsoSettingsDto, SsoSettingsDto } from './sso.dto';
import { ssoSettingsDto } from './sso.mappers';
import { SsoRepository } from './sso.repository';
import { SsoSeal } from './sso-seal';

/** Where every provider sends people back to: one route for all organisations, the state says which. */
export function redirectUriOf(config: AppConfig): string {
  return new URL('/api/auth/sso/callback', config.APP_URL).toString();
}

/** An admin's settings for the organisation's single sign-on; runs in the request's transaction. */
@Injectable()
export class SsoSettingsService {
  constructor(
    private readonly repository: SsoRepository,
    private readonly provider: IdentityProvider,
    private readonly seal: SsoSeal,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(): Promise<CurrentSsoSettingsDto> {
    return { settings: await this.stored() };
  }

  private async stored(): Promise<SsoSettingsDto | null> {
    const row = await this.repository.connection();
    return row ? ssoSettingsDto(row, redirectUriOf(this.config)) : null;
  }

  /**
   * Saves only a connection whose issuer answers discovery for this client: a typo in the issuer is a 400
   * on `issuer` now, not a failed sign-in later.
   */
  async save(actor: Actor, dto: SaveSsoSettingsDto, ip: string): Promise<SsoSettingsDto> {
    const existing = await this.repository.connection();
    const clientSecret =
      dto.clientSecret ?? (existing ? this.seal.open('client-secret', existing.client_secret_sealed) : null);
    if (!clientSecret) {
      throw new FieldValidationException([
        { field: 'clientSecret', rule: 'required', message: 'clientSecret is required' },
      ]);
    }
    const breakGlass = dto.breakGlassMembershipId ?? null;
    if (breakGlass && !(await this.repository.isActiveAdmin(breakGlass))) {
      throw new FieldValidationException([
        {
          field: 'breakGlassMembershipId',
          rule: 'activeAdmin',
          message: 'breakGlassMembershipId must be an active admin of this organisation',
        },
      ]);
    }
    const issuer = dto.issuer.trim();
    await this.provider.assertDiscoverable({ issuer, clientId: dto.clientId, clientSecret });
    await this.repository.saveConnection({
      organisationId: actor.organisationId,
      slug: dto.slug,
      issuer,
      clientId: dto.clientId,
      clientSecretSealed: this.seal.seal('client-secret', clientSecret),
      allowedDomains: normaliseDomains(dto.allowedDomains),
      defaultRole: dto.defaultRole,
      required: dto.required,
      breakGlassMembershipId: breakGlass,
    });
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'sso.configured',
      actorUserId: actor.userId,
      details: { issuer, required: dto.required, secretChanged: dto.clientSecret !== undefined },
      ip,
    });
    return (await this.stored()) as SsoSettingsDto;
  }

  /** SSO sessions end at their next refresh once the connection is gone. */
  async remove(actor: Actor, ip: string): Promise<void> {
    if (!(await this.repository.removeConnection(actor.organisationId))) throw notConfigured();
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'sso.removed',
      actorUserId: actor.userId,
      ip,
    });
  }
}

function notConfigured(): NotFoundException {
  return new NotFoundException('This organisation has no single sign-on configured');
}
