import { Inject, Injectable, Logger } from '@nestjs/common';
import { PlatformDb } from '@kaizen/api/data-access-db';
import { JobHandler, JobProducer, type JobContext } from '@kaizen/api/data-access-queue';
import { CLOCK, type Clock } from '@kaizen/api/util-core';

/** How often every organisation's schedules are rebuilt from PostgreSQL, besides at every worker boot. */
export const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * What is due lives in PostgreSQL; the queue only holds timers. This fans out one reconcile per
 * organisation and feature, each of which re-adds the timers the queue lost (after a flushed Redis, say),
 * and relays each outbox, so every pending message gets its job again.
 */
@Injectable()
export class ScheduleReconciler {
  private readonly logger = new Logger('Schedules');

  constructor(
    private readonly jobs: JobProducer,
    private readonly platform: PlatformDb,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Schedules the periodic run and runs once now, so a worker that starts after a Redis loss repairs at once. */
  async start(): Promise<void> {
    await this.jobs.schedule('schedules', 'reconcile-all', 'schedule-reconciler', RECONCILE_EVERY_MS, {});
    await this.jobs.enqueue(
      'schedules',
      'reconcile-all',
      {},
      { jobId: `reconcile-all-boot-${this.clock.now().getTime()}` },
    );
  }

  @JobHandler('schedules', 'reconcile-all')
  async reconcileAll(_payload: Record<string, never>, context: JobContext): Promise<void> {
    const organisations = await this.platform.organisationIds();
    // Named after this run, so a boot right after another run (or a run asked for by hand) is not swallowed.
    const slot = `${Math.floor(this.clock.now().getTime() / 60_000)}-${context.jobId}`;
    for (const id of organisations) {
      const payload = { organisationId: id };
      await this.jobs.enqueue('reminders', 'reconcile', payload, {
        jobId: `reconcile-reminders-${id}-${slot}`,
      });
      await this.jobs.enqueue('reviews', 'reconcile', payload, { jobId: `reconcile-reviews-${id}-${slot}` });
      await this.jobs.enqueue('notifications', 'reconcile', payload, {
        jobId: `reconcile-digest-${id}-${slot}`,
      });
      await this.jobs.enqueue('outbox', 'relay', payload, { jobId: `relay-outbox-${id}-${slot}` });
    }
    await this.jobs.enqueue(
      'outbox',
      'relay',
      { organisationId: null },
      { jobId: `relay-account-outbox-${slot}` },
    );
    this.logger.log({ organisations: organisations.length }, 'schedules reconciled');
  }
}
