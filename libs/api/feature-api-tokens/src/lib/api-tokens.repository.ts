import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db, keysetPage, personName } from '@kaizen/api/data-access-db';
import type { ApiTokenKind } from '@kaizen/shared/domain-access';

export type ApiTokenRow = NonNullable<Awaited<ReturnType<ApiTokensRepository['find']>>>;

/** Whose tokens a statement may see: the organisation's, or one person's own. */
export interface TokenOwner {
  kind: ApiTokenKind;
  /** For personal tokens: the person's membership. */
  membershipId?: string;
}

/** API tokens of the acting organisation; never their hash. */
@Injectable()
export class ApiTokensRepository {
  constructor(private readonly db: Db) {}

  list(owner: TokenOwner, page: { limit?: number; cursor?: string }) {
    return keysetPage(
      this.tokens(owner),
      { by: 't.created_at', id: 't.id', sort: 'timestamp', direction: 'desc' },
      page,
    );
  }

  find(owner: TokenOwner, id: string) {
    return this.tokens(owner).where('t.id', '=', id).executeTakeFirst();
  }

  async create(token: {
    id: string;
    kind: ApiTokenKind;
    name: string;
    membershipId: string;
    scopes: string[];
    tokenHash: Buffer;
    hint: string;
    rateLimitPerMinute: number;
    expiresInDays: number;
  }): Promise<void> {
    await this.db
      .insertInto('api_token')
      .values({
        organisation_id: currentOrganisationId,
        id: token.id,
        kind: token.kind,
        name: token.name,
        membership_id: token.membershipId,
        scopes: token.scopes,
        token_hash: token.tokenHash,
        hint: token.hint,
        rate_limit_per_minute: token.rateLimitPerMinute,
        expires_at: sql<Date>`now() + make_interval(days => ${token.expiresInDays})`,
      })
      .execute();
  }

  /** Whether a token that was not yet revoked is now. */
  async revoke(owner: TokenOwner, id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_token')
      .set({ revoked_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('kind', '=', owner.kind)
      .$if(owner.membershipId !== undefined, (q) =>
        q.where('membership_id', '=', owner.membershipId as string),
      )
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  private tokens(owner: TokenOwner) {
    return this.db
      .selectFrom('api_token as t')
      .select((eb) => [
        't.id',
        't.kind',
        't.name',
        't.scopes',
        't.hint',
        't.membership_id',
        personName(this.db, eb, 't.membership_id').as('display_name'),
        't.rate_limit_per_minute',
        't.expires_at',
        't.last_used_at',
        't.revoked_at',
        't.created_at',
        eb('t.expires_at', '<=', sql<Date>`now()`)
          .$castTo<boolean>()
          .as('expired'),
      ])
      .where('t.kind', '=', owner.kind)
      .$if(owner.membershipId !== undefined, (q) =>
        q.where('t.membership_id', '=', owner.membershipId as string),
      );
  }
}
