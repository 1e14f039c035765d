import type { Role } from '@kaizen/shared/domain-access';
import type { MembershipRow, UserRow } from './accounts.repository';
import type { InvitationRow } from './invitations-acceptance.repository';
import type { RefreshTokenRow } from '@kaizen/api/data-access-auth';

/** Rows as this feature uses them: the one place it turns columns into fields. An absent row maps to null. */

export interface Account {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  locale: 'en' | 'nl';
}

export interface ActiveMembership {
  id: string;
  organisationId: string;
  organisationName: string;
  currency: string;
  timeZone: string;
  userId: string;
  role: Role;
}

export interface RefreshTokenState {
  id: string;
  familyId: string;
  userId: string;
  organisationId: string;
  expired: boolean;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** Used within the grace period the lookup was given. */
  justUsed: boolean;
}

export interface OpenInvitation {
  id: string;
  organisationId: string;
  email: string;
  role: Role;
  expiresAt: Date;
  usable: boolean;
  /** The membership that sent it. */
  invitedBy: string;
}

export function account(row: UserRow | undefined): Account | null {
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    displayName: row.display_name,
    locale: row.locale as Account['locale'],
  };
}

export function activeMembership(row: MembershipRow): ActiveMembership {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    currency: row.currency,
    timeZone: row.time_zone,
    userId: row.user_id,
    role: row.role as Role,
  };
}

export function refreshTokenState(row: RefreshTokenRow | undefined): RefreshTokenState | null {
  if (!row) return null;
  return {
    id: row.id,
    familyId: row.family_id,
    userId: row.user_id,
    organisationId: row.acting_organisation_id,
    expired: row.expired,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
    justUsed: row.just_used,
  };
}

export function openInvitation(row: InvitationRow | undefined): OpenInvitation | null {
  if (!row) return null;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    role: row.role as Role,
    expiresAt: row.expires_at,
    usable: row.usable,
    invitedBy: row.invited_by,
  };
}
