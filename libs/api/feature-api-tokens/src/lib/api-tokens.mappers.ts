import { API_TOKEN_PREFIX, type ApiTokenKind, type Permission } from '@kaizen/shared/domain-access';
import type { ApiTokenDto } from './api-token.dto';
import type { ApiTokenRow } from './api-tokens.repository';

export function apiTokenDto(row: ApiTokenRow): ApiTokenDto {
  return {
    id: row.id,
    kind: row.kind as ApiTokenKind,
    name: row.name,
    scopes: row.scopes as Permission[],
    hint: `${API_TOKEN_PREFIX}…${row.hint}`,
    membershipId: row.membership_id,
    createdByName: row.display_name,
    rateLimitPerMinute: row.rate_limit_per_minute,
    status: row.revoked_at ? 'revoked' : row.expired ? 'expired' : 'active',
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
