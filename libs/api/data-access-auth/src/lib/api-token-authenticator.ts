import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Db, sameTenant, TenantTransactions } from '@kaizen/api/data-access-db';
import { API_TOKEN_PREFIX, isRole, type Permission } from '@kaizen/shared/domain-access';
import type { Actor } from './actor';
import { AuditLog } from './audit-log';
import { RateLimiter } from './rate-limiter';

const UUID_CHARS = 22; // 16 bytes in base64url
const SECRET_CHARS = 43; // 32 bytes in base64url
const TOKEN_SHAPE = new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{${UUID_CHARS + SECRET_CHARS}}$`);

/** How often a token's use is written to the audit log: its first use in each such period. */
export const API_TOKEN_AUDIT_PERIOD_MINUTES = 60;

/**
 * A new API token: the prefix, the organisation's id (not secret: it says which tenant to look in), and 256 random
 * bits. Only its SHA-256 is stored.
 */
export function newApiToken(organisationId: string): { token: string; hash: Buffer; hint: string } {
  const organisation = Buffer.from(organisationId.replace(/-/g, ''), 'hex').toString('base64url');
  const token = `${API_TOKEN_PREFIX}${organisation}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), hint: token.slice(-4) };
}

export function isApiToken(bearer: string): boolean {
  return bearer.startsWith(API_TOKEN_PREFIX);
}

function hashApiToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The organisation a well-formed token names, or null. */
function organisationOf(token: string): string | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const hex = Buffer.from(
    token.slice(API_TOKEN_PREFIX.length, API_TOKEN_PREFIX.length + UUID_CHARS),
    'base64url',
  ).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface ApiTokenUse {
  method: string;
  path: string;
  ip?: string;
}

/**
 * Turns a bearer API token into the actor it acts for: valid (known, not expired, not revoked), within its rate
 * limit, and with its scopes attached for the guard. Marks its last use (at most once a minute) and audits its
 * first use in each {@link API_TOKEN_AUDIT_PERIOD_MINUTES}-minute period, so a busy integration leaves one row an
 * hour rather than one per request.
 */
@Injectable()
export class ApiTokenAuthenticator {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly db: Db,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditLog,
  ) {}

  async authenticate(token: string, use: ApiTokenUse): Promise<Actor | null> {
    const organisationId = organisationOf(token);
    if (!organisationId) return null;
    const found = await this.transactions.run({ organisationId }, async () => {
      const row = await this.db
        .selectFrom('api_token as t')
        .innerJoin('membership as m', (join) => sameTenant(join, 'm.id', 't.membership_id'))
        .select((eb) => [
          't.id',
          't.scopes',
          't.rate_limit_per_minute',
          'm.user_id',
          'm.id as membership_id',
          'm.role',
          eb
            .or([
              eb('t.last_used_at', 'is', null),
              eb(
                't.last_used_at',
                '<',
                sql<Date>`now() - make_interval(mins => ${API_TOKEN_AUDIT_PERIOD_MINUTES})`,
              ),
            ])
            .$castTo<boolean>()
            .as('audit_due'),
        ])
        .where('t.token_hash', '=', hashApiToken(token))
        .where('m.status', '=', 'active')
        .where('t.revoked_at', 'is', null)
        .where('t.expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      if (!row) return null;
      await this.db
        .updateTable('api_token')
        .set({ last_used_at: sql<Date>`now()` })
        .where('id', '=', row.id)
        .where((eb) =>
          eb.or([
            eb('last_used_at', 'is', null),
            eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
          ]),
        )
        .execute();
      if (row.audit_due) {
        await this.audit.record({
          organisationId,
          action: 'api_token.used',
          actorUserId: row.user_id,
          targetId: row.id,
          details: { method: use.method, path: use.path.split('?')[0] },
          ip: use.ip,
        });
      }
      return row;
    });
    if (!found || !isRole(found.role)) return null;
    await this.rateLimiter.consume(`api-token:${found.id}`, {
      limit: found.rate_limit_per_minute,
      windowSeconds: 60,
    });
    return {
      userId: found.user_id,
      organisationId,
      membershipId: found.membership_id,
      role: found.role,
      token: { id: found.id, scopes: found.scopes as Permission[] },
    };
  }
}
