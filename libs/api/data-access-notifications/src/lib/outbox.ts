import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { dueMoment, readyMoment, type Moment } from './notifications-core.mappers';
import { OutboxRepository, type OutboxEntry } from './outbox.repository';

/** The relay makes sure the rows that may go out within this span have their job. */
const RELAY_HORIZON_MS = 3_600_000;
/** Rows relayed per organisation and run; a bigger backlog is taken by the next run. */
const RELAY_LIMIT = 20_000;

/** The job that delivers an outbox row at a moment: the row and the moment are its idempotency key. */
export function outboxJobId(outboxId: string, at: Date): string {
  return `outbox-${outboxId}-${at.getTime()}`;
}

/**
 * Whatever leaves the system goes through here: a row written in the caller's transaction, then a
 * nudge onto the queue after the commit. The nudge is only for speed: when it is lost (a crash after
 * the commit, a flushed queue), the relay in every reconcile finds the row pending and enqueues it again.
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly rows: OutboxRepository,
    private readonly db: Db,
    private readonly jobs: JobProducer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Writes the rows (a second write of the same dedupe key is a no-op); returns the ids of the new ones. */
  async add(entries: OutboxEntry[]): Promise<string[]> {
    const created = (
      await this.rows.insertMany(
        entries.map(() => uuidv7()),
        entries,
      )
    ).map(dueMoment);
    this.nudgeAfterCommit(created);
    return created.map((row) => row.id);
  }

  /** Jobs for rows whose time changed in this transaction (new quiet hours, say). */
  nudgeAfterCommit(rows: Moment[]): void {
    if (rows.length === 0) return;
    const organisationId = this.db.scope.organisationId ?? null;
    const now = this.clock.now().getTime();
    this.db.afterCommit(async () => {
      try {
        await this.jobs.enqueueMany(
          'outbox',
          'deliver',
          rows.map((row) => ({
            payload: { organisationId, outboxId: row.id },
            jobId: outboxJobId(row.id, row.dueAt),
            delayMs: Math.max(0, row.dueAt.getTime() - now),
          })),
        );
      } catch (error) {
        // Committed is promised: the relay will enqueue it.
        this.logger.warn({ err: error, rows: rows.length }, 'outbox nudge failed; the relay will deliver');
      }
    });
  }

  /**
   * The relay: every pending row that may go out within the hour gets its job, added when the queue lost it
   * and run now when its moment has come. Runs at every worker boot and every few minutes, per organisation
   * (and once without one, for the account outbox).
   */
  async relay(): Promise<{ relayed: number }> {
    const now = this.clock.now();
    const pending = (
      await this.rows.pending(
        new Date(now.getTime() + RELAY_HORIZON_MS),
        this.config.OUTBOX_CLAIM_MS,
        RELAY_LIMIT,
      )
    ).map(readyMoment);
    const organisationId = this.db.scope.organisationId ?? null;
    const jobs = pending.map((row) => ({
      payload: { organisationId, outboxId: row.id },
      jobId: outboxJobId(row.id, row.readyAt),
      delayMs: Math.max(0, row.readyAt.getTime() - now.getTime()),
    }));
    this.db.afterCommit(async () => {
      await this.jobs.ensureMany('outbox', 'deliver', jobs);
    });
    return { relayed: jobs.length };
  }
}
