import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface HeartbeatRow {
  id: string;
  backend: 'redis' | 'postgres';
  requestedAt: Date;
  processedAt: Date | null;
}

/** The worker's scheduled heartbeat reuses one row, so the table stays small. */
export const SCHEDULED_HEARTBEAT_ID = 'scheduled';

@Injectable()
export class HeartbeatRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async create(id: string, backend: HeartbeatRow['backend'], requestedAt: Date): Promise<void> {
    await this.db.query('INSERT INTO system_heartbeat (id, backend, requested_at) VALUES ($1, $2, $3)', [
      id,
      backend,
      requestedAt,
    ]);
  }

  /** Idempotent: a job that runs twice records one heartbeat. */
  async markProcessed(id: string, backend: HeartbeatRow['backend'], requestedAt: Date, processedBy: string): Promise<void> {
    await this.db.query(
      `INSERT INTO system_heartbeat (id, backend, requested_at, processed_at, processed_by)
       VALUES ($1, $2, $3, now(), $4)
       ON CONFLICT (id) DO UPDATE
         SET processed_at = COALESCE(system_heartbeat.processed_at, now()), processed_by = EXCLUDED.processed_by`,
      [id, backend, requestedAt, processedBy],
    );
  }

  async find(id: string): Promise<HeartbeatRow | null> {
    const [row] = await this.db.query(
      'SELECT id, backend, requested_at AS "requestedAt", processed_at AS "processedAt" FROM system_heartbeat WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  async lastProcessedAt(): Promise<Date | null> {
    const [row] = await this.db.query('SELECT max(processed_at) AS "last" FROM system_heartbeat');
    return row?.last ?? null;
  }

  async pruneOlderThan(cutoff: Date): Promise<void> {
    await this.db.query('DELETE FROM system_heartbeat WHERE requested_at < $1 AND id <> $2', [cutoff, SCHEDULED_HEARTBEAT_ID]);
  }
}
