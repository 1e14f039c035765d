import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { PlatformDb } from '@kaizen/api/data-access-db';

export type HeartbeatBackend = 'redis' | 'postgres';

/** The worker's scheduled heartbeat reuses one row, so the table stays small. */
export const SCHEDULED_HEARTBEAT_ID = 'scheduled';

/** Heartbeats belong to no organisation: every statement runs on the platform pool, outside tenant transactions. */
@Injectable()
export class HeartbeatRepository {
  constructor(private readonly db: PlatformDb) {}

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }

  async create(id: string, backend: HeartbeatBackend, requestedAt: Date): Promise<void> {
    await this.db.insertInto('system_heartbeat').values({ id, backend, requested_at: requestedAt }).execute();
  }

  /** Idempotent: a job that runs twice records one heartbeat. */
  async markProcessed(
    id: string,
    backend: HeartbeatBackend,
    requestedAt: Date,
    processedBy: string,
  ): Promise<void> {
    await this.db
      .insertInto('system_heartbeat')
      .values({
        id,
        backend,
        requested_at: requestedAt,
        processed_at: sql<Date>`now()`,
        processed_by: processedBy,
      })
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((eb) => ({
          processed_at: eb.fn.coalesce('system_heartbeat.processed_at', sql<Date>`now()`),
          processed_by: eb.ref('excluded.processed_by'),
        })),
      )
      .execute();
  }

  /** When the heartbeat was processed; null while it waits, or when there is no such heartbeat. */
  async processedAt(id: string): Promise<Date | null> {
    const row = await this.db
      .selectFrom('system_heartbeat')
      .select('processed_at')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.processed_at ?? null;
  }

  async lastProcessedAt(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('system_heartbeat')
      .select((eb) => eb.fn.max('processed_at').as('last'))
      .executeTakeFirstOrThrow();
    return row.last;
  }

  async pruneOlderThan(cutoff: Date): Promise<void> {
    await this.db
      .deleteFrom('system_heartbeat')
      .where('requested_at', '<', cutoff)
      .where('id', '<>', SCHEDULED_HEARTBEAT_ID)
      .execute();
  }
}
