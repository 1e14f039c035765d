import { Injectable, Logger } from '@nestjs/common';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { JobHandler, type JobContext } from '@kaizen/api/data-access-queue';
import type { FireReminderPayload, PlanRemindersPayload, TenantJob } from '@kaizen/shared/util-jobs';
import { RemindersService } from './reminders.service';

/** The worker's side of reminders; each job is one tenant transaction. */
@Injectable()
export class RemindersJobs {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly reminders: RemindersService,
  ) {}

  @JobHandler('reminders', 'plan')
  async plan(payload: PlanRemindersPayload): Promise<void> {
    await this.transactions.run({ organisationId: payload.organisationId }, () => this.reminders.plan(payload.experimentId));
  }

  @JobHandler('reminders', 'fire')
  async fire(payload: FireReminderPayload, context: JobContext): Promise<void> {
    const outcome = await this.transactions.run({ organisationId: payload.organisationId }, () => this.reminders.fire(payload.reminderId));
    this.logger.log({ jobId: context.jobId, attempt: context.attempt, reminderId: payload.reminderId, outcome }, 'reminder');
  }

  @JobHandler('reminders', 'reconcile')
  async reconcile(payload: TenantJob): Promise<void> {
    const result = await this.transactions.run({ organisationId: payload.organisationId }, () => this.reminders.reconcile());
    if (result.planned + result.ensured > 0) this.logger.log({ organisationId: payload.organisationId, ...result }, 'reminders reconciled');
  }
}
