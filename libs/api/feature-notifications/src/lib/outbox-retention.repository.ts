import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { PlatformDb } from '@kaizen/api/data-access-db';

/** What a finished row is dated by: when it was delivered, or (skipped) when it was due. */
const finishedAt = sql<Date>`coalesce(delivered_at, due_at)`;

/**
 * Cross-tenant sweep of finished outbox rows, for retention: a platform job's like the reconciler's. It
 * enters one organisation of the registry at a time (row-level security still applies: each statement sees
 * that organisation only) and deletes a bounded batch of its rows delivered or skipped before the cutoff,
 * each batch in a short transaction of its own. Failed rows stay for operators; pending rows are never touched.
 */
@Injectable()
export class OutboxRetentionRepository {
  constructor(private readonly db: PlatformDb) {}

  /** The organisations to sweep: the registry is the only cross-tenant read, and holds only ids. */
  async organisations(): Promise<string[]> {
    const rows = await this.db.selectFrom('organisation_registry').select('id').orderBy('id').execute();
    return rows.map((row) => row.id);
  }

  /** Deletes up to `limit` rows of the organisation's outbox (null: the account outbox) finished before `cutoff`. */
  async deleteFinished(organisationId: string | null, cutoff: Date, limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      if (organisationId === null) {
        const result = await trx
          .deleteFrom('account_outbox')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('account_outbox')
              .select('id')
              .where('status', 'in', ['delivered', 'skipped'])
              .where(finishedAt, '<', cutoff)
              .limit(limit),
          )
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }
      await sql`SELECT set_config('app.organisation_id', ${organisationId}, true)`.execute(trx);
      const result = await trx
        .deleteFrom('outbox')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('outbox')
            .select('id')
            .where('status', 'in', ['delivered', 'skipped'])
            .where(finishedAt, '<', cutoff)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
