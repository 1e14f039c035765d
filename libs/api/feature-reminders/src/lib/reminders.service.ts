import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import { NotificationsRepository, Notifier, WebhookOutbox } from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { deliveryMoment, describeNotification, dueReminders, isStillDue, type ReminderPolicy } from '@kaizen/shared/domain-schedules';
import { RemindersRepository, type ExperimentSubject, type PlannedReminder, type StoredReminder } from './reminders.repository';

/** A timer may fire a little before the clock agrees; that is still the moment. */
const EARLY_TOLERANCE_MS = 5_000;
/** Reconciling makes sure the jobs of the next hour exist; later ones are added by a later run. */
const RECONCILE_HORIZON_MS = 3_600_000;

export type FireOutcome = 'sent' | 'already-handled' | 'not-yet' | 'no-longer-due';

/**
 * Reminders: the rules say what is due, PostgreSQL keeps it, and BullMQ fires it on time.
 * Every method runs inside a tenant transaction.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly notifications: NotificationsRepository,
    private readonly notifier: Notifier,
    private readonly webhooks: WebhookOutbox,
    private readonly jobs: JobProducer,
    private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Asks the rules what the experiment has due, stores it, and schedules what is pending. */
  async plan(experimentId: string, known?: { subject: ExperimentSubject; policy: ReminderPolicy; now: Date }): Promise<StoredReminder[]> {
    const subject = known?.subject ?? (await this.reminders.subject(experimentId));
    if (!subject) return [];
    const policy = known?.policy ?? (await this.reminders.policy());
    const now = known?.now ?? this.clock.now();
    const planned: PlannedReminder[] = [];
    for (const due of dueReminders(subject, policy, now)) {
      const recipients = due.kind === 'approval_escalated' ? await this.reminders.escalationRecipients(experimentId) : [subject.ownerId];
      for (const recipientId of recipients) {
        const recipient = await this.notifications.recipient(recipientId);
        if (!recipient?.active) continue;
        const fireAt = deliveryMoment(due.dueAt, recipient.timeZone, recipient.preferences.quietHours);
        planned.push({ kind: due.kind, recipientId, dueAt: due.dueAt, fireAt });
      }
    }
    const pending = await this.reminders.upsert(experimentId, planned, planned.map(() => uuidv7()));
    await this.reminders.cancelPendingExcept(experimentId, pending.map((reminder) => reminder.id));
    const organisationId = this.organisationId();
    this.db.afterCommit(async () => {
      for (const reminder of pending) await this.jobs.enqueue('reminders', 'fire', { organisationId, reminderId: reminder.id }, this.fireJob(reminder, now));
    });
    return pending;
  }

  /** Delivers one reminder, once: the locked row says whether it went out already. */
  async fire(reminderId: string): Promise<FireOutcome> {
    const locked = await this.reminders.lockWithFacts(reminderId);
    if (!locked || locked.reminder.status !== 'pending') return 'already-handled';
    const { reminder, subject, policy } = locked;
    const now = this.clock.now();
    // The delivery time moved later (new quiet hours, say); the job for the new time will come.
    if (reminder.fireAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) return 'not-yet';
    if (!isStillDue(reminder, subject, policy, now)) {
      await this.reminders.cancel(reminder.id);
      await this.plan(reminder.experimentId);
      return 'no-longer-due';
    }
    await this.notifier.notify({
      recipientId: reminder.recipientId,
      kind: reminder.kind,
      dedupeKey: `reminder-${reminder.id}`,
      subjectType: 'experiment',
      subjectId: subject.id,
      params: {
        experimentId: subject.id,
        experimentTitle: subject.title,
        dueAt: reminder.dueAt.toISOString(),
        hoursWaiting: subject.approvalRequestedAt ? Math.round((now.getTime() - subject.approvalRequestedAt.getTime()) / 3_600_000) : undefined,
      },
    });
    if (reminder.kind === 'approval_escalated') await this.escalate(reminder, subject.id, subject.title, now);
    await this.reminders.markSent(reminder.id, now);
    // Only a check-in has a next moment; after the other kinds the rules name nothing new until the
    // experiment changes, and every change plans again. The facts just read still hold: sending changed none.
    if (reminder.kind === 'check_in_due') await this.plan(reminder.experimentId, { subject, policy, now });
    return 'sent';
  }

  /**
   * Rebuilds the schedule from PostgreSQL after the queue lost it (a flushed Redis, say): plans
   * experiments that have nothing pending, and makes sure every reminder of the next hour has its job.
   */
  async reconcile(): Promise<{ planned: number; ensured: number }> {
    const unplanned = await this.reminders.unplannedActiveExperiments();
    for (const experimentId of unplanned) await this.plan(experimentId);
    const now = this.clock.now();
    const soon = await this.reminders.pendingBefore(new Date(now.getTime() + RECONCILE_HORIZON_MS));
    const organisationId = this.organisationId();
    const jobs = soon.map((reminder) => ({ payload: { organisationId, reminderId: reminder.id }, ...this.fireJob(reminder, now) }));
    this.db.afterCommit(async () => {
      await this.jobs.ensureMany('reminders', 'fire', jobs);
    });
    return { planned: unplanned.length, ensured: soon.length };
  }

  private async escalate(reminder: StoredReminder, experimentId: string, title: string, now: Date): Promise<void> {
    await this.reminders.markApprovalEscalated(experimentId, now);
    const text = describeNotification('approval_escalated', { experimentId, experimentTitle: title }, 'en');
    await this.webhooks.publish('approval.escalated', `escalation-${experimentId}-${reminder.dueAt.getTime()}`, {
      title: text.title,
      lines: [`"${title}" has waited longer than the approval time the organisation agreed on.`],
      link: new URL('/approvals', this.config.APP_URL).toString(),
    });
  }

  /** The job id names the reminder and its delivery time: a moved delivery time is a new job. */
  private fireJob(reminder: StoredReminder, now: Date) {
    return { jobId: `reminder-${reminder.id}-${reminder.fireAt.getTime()}`, delayMs: Math.max(0, reminder.fireAt.getTime() - now.getTime()) };
  }

  private organisationId(): string {
    return this.db.scope.organisationId as string;
  }
}
