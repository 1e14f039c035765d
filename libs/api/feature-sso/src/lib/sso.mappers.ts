import type { Role } from '@kaizen/shared/domain-access';
import type { SsoSettingsDto } from './sso.dto';
import type { ConnectionRow, ConnectionValues } from './sso.repository';

/** The connection as the sign-in code uses it: the values it was saved with. */
export type Connection = ConnectionValues;

export function connection(row: ConnectionRow | undefined): Connection | null {
  if (!row) return null;
  return {
    organisationId: row.organisation_id,
    slug: row.slug,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretSealed: row.client_secret_sealed,
    allowedDomains: row.allowed_domains,
    defaultRole: row.default_role as Role,
    required: row.required,
    breakGlassMembershipId: row.break_glass_membership_id,
  };
}

/** Rows as the API shows them; the sealed secret stays behind. */
export function ssoSettingsDto(row: ConnectionRow, redirectUri: string): SsoSettingsDto {
  return {
    slug: row.slug,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretSet: true,
    allowedDomains: row.allowed_domains,
    defaultRole: row.default_role as Role,
    required: row.required,
    breakGlassMembershipId: row.break_glass_membership_id,
    redirectUri,
    version: row.version,
  };
}
