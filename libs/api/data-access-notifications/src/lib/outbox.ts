import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { dueMoment } from './notifications-core.mappers';
import { OutboxRepository, type OutboxEntry } from './outbox.repository';

/** The relay makes sure the rows that may go out within this span have their job. */
const RELAY_HORIZON_MS = 3_600_000;
/** Moments relayed per organisation and run; more are taken by the next run. */
const RELAY_LIMIT = 1_000;

/**
 * The job that delivers what is ready of one organisation's outbox (null: the account outbox) at a moment: the
 * scope and the moment are its idempotency key. Rows are not named: a job takes whatever is ready when it runs.
 */
export function outboxJobId(organisationId: string | null, at: Date): string {
  return `outbox-${organisationId ?? 'account'}-${at.getTime()}`;
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
    this.nudgeAfterCommit(created.map((row) => row.dueAt));
    return created.map((row) => row.id);
  }

  /**
   * After the commit, a delivery job per moment at which rows written or moved in this transaction come due: one
   * job for everything due now (its id is new, since a job of an earlier moment may have run already), one per
   * later moment.
   */
  nudgeAfterCommit(moments: Date[]): void {
    if (moments.length === 0) return;
    const organisationId = this.db.scope.organisationId ?? null;
    const now = this.clock.now().getTime();
    const later = [...new Set(moments.map((at) => at.getTime()).filter((at) => at > now))];
    const jobs = [
      ...(later.length < moments.length
        ? [{ jobId: `${outboxJobId(organisationId, new Date(now))}-${uuidv7()}`, delayMs: 0 }]
        : []),
      ...later.map((at) => ({ jobId: outboxJobId(organisationId, new Date(at)), delayMs: at - now })),
    ];
    this.db.afterCommit(async () => {
      try {
        await this.jobs.enqueueMany(
          'outbox',
          'deliver',
          jobs.map((job) => ({ payload: { organisationId }, ...job })),
        );
      } catch (error) {
        // Committed is promised: the relay will enqueue it.
        this.logger.warn({ err: error, jobs: jobs.length }, 'outbox nudge failed; the relay will deliver');
      }
    });
  }

  /**
   * The relay: every moment within the hour at which pending rows may be tried gets its job, added when the queue
   * lost it and run now when the moment has come (all moments already past: one job). Runs at every worker boot
   * and every few minutes, per organisation (and once without one, for the account outbox).
   */
  async relay(): Promise<{ relayed: number }> {
    const now = this.clock.now();
    const moments = await this.rows.readyMoments(
      new Date(now.getTime() + RELAY_HORIZON_MS),
      this.config.OUTBOX_CLAIM_MS,
      RELAY_LIMIT,
    );
    const organisationId = this.db.scope.organisationId ?? null;
    const past = moments.filter((at) => at.getTime() <= now.getTime());
    const jobs = [...past.slice(0, 1), ...moments.slice(past.length)].map((at) => ({
      payload: { organisationId },
      jobId: outboxJobId(organisationId, at),
      delayMs: Math.max(0, at.getTime() - now.getTime()),
    }));
    this.db.afterCommit(async () => {
      await this.jobs.ensureMany('outbox', 'deliver', jobs);
    });
    return { relayed: jobs.length };
  }
}
