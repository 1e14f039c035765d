import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { JobHandler, JobProducer, type JobContext } from '@kaizen/api/data-access-queue';
import type { PlanRemindersPayload, TenantJob } from '@kaizen/shared/util-jobs';
import { momentJobId, RemindersService } from './reminders.service';

/**
 * Batches one job works through before it hands the rest to a new job: a backlog of one organisation
 * (after downtime, say) then waits its turn behind other organisations' jobs instead of holding a worker slot.
 */
const BATCHES_PER_JOB = 40;
/**
 * Batches one job runs side by side: one computes while the other waits on PostgreSQL. They lock their rows in
 * turn, so neither splits a person's reminders of a moment (their one e-mail) with the other.
 */
const SIDE_BY_SIDE = 2;

/** The worker's side of reminders; firing runs each batch in a tenant transaction of its own. */
@Injectable()
export class RemindersJobs {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly reminders: RemindersService,
    private readonly jobs: JobProducer,
  ) {}

  @JobHandler('reminders', 'plan')
  async plan(payload: PlanRemindersPayload): Promise<void> {
    await this.reminders.plan(payload.experimentId);
  }

  /**
   * Fires everything of the organisation whose moment has come; the job's own moment only woke it up.
   * Batches run side by side, each passing over rows the other holds; a last pass then waits for rows held
   * elsewhere (a plan in flight, or a worker that died mid-batch and whose transaction is rolling back).
   */
  @JobHandler('reminders', 'fire')
  async fire(payload: TenantJob, context: JobContext): Promise<void> {
    const { organisationId } = payload;
    const total = { due: 0, sent: 0, cancelled: 0 };
    let budget = BATCHES_PER_JOB;
    const inTurn = takingTurns();
    const batch = async (sideBySide: boolean): Promise<boolean> => {
      budget--;
      const summary = await this.transactions.run({ organisationId }, () =>
        this.reminders.fireDue(sideBySide ? { skipLocked: true, inTurn } : {}),
      );
      total.due += summary.due;
      total.sent += summary.sent;
      total.cancelled += summary.cancelled;
      return summary.due > 0;
    };
    await Promise.all(
      Array.from({ length: SIDE_BY_SIDE }, async () => {
        while (budget > 0 && (await batch(true)));
      }),
    );
    while (budget > 0 && (await batch(false)));
    if (budget <= 0) {
      await this.jobs.enqueue(
        'reminders',
        'fire',
        { organisationId },
        { jobId: `${momentJobId(organisationId, Date.now())}-more-${uuidv7()}` },
      );
    }
    this.logger.log(
      { jobId: context.jobId, attempt: context.attempt, organisationId, ...total, continued: budget <= 0 },
      'reminders fired',
    );
  }

  @JobHandler('reminders', 'reconcile')
  async reconcile(payload: TenantJob): Promise<void> {
    const result = await this.reminders.reconcile();
    if (result.planned + result.ensured > 0)
      this.logger.log({ organisationId: payload.organisationId, ...result }, 'reminders reconciled');
  }
}

/** Runs the steps given to it one after the other, in the order given, whatever each one's callers do meanwhile. */
function takingTurns(): <T>(step: () => Promise<T>) => Promise<T> {
  let previous: Promise<unknown> = Promise.resolve();
  return (step) => {
    const result = previous.then(step);
    previous = result.catch(() => undefined);
    return result;
  };
}
