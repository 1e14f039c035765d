import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import {
  NotificationsRepository,
  Notifier,
  recipientsById,
  WebhookOutbox,
} from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import {
  describeNotification,
  plannedDelivery,
  dueReminders,
  names,
  reminderMailGroup,
  wantsEmail,
  type DueReminder,
  type ReminderKind,
} from '@kaizen/shared/domain-schedules';
import {
  experimentSubject,
  lockedReminder,
  reminderPolicy,
  storedReminder,
  type ExperimentSubject,
  type StoredReminder,
} from './reminders.mappers';
import { RemindersRepository } from './reminders.repository';

/** A timer may fire a little before the clock agrees; that is still the moment. */
const EARLY_TOLERANCE_MS = 5_000;
/** Reconciling makes sure the jobs of the next hour exist; later ones are added by a later run. */
const RECONCILE_HORIZON_MS = 3_600_000;
/**
 * Reminders fired per transaction: a morning with thousands due is a few statements per batch
 * instead of a dozen per reminder, and each lock is held briefly.
 */
export const FIRE_BATCH = 500;
/**
 * A moment closer than this gets a job of its own instead of the moment's shared one: the shared
 * job may already have run by the time the plan commits, and would swallow the new reminder.
 */
const SHARED_JOB_LEAD_MS = 60_000;

export interface FireSummary {
  /** Reminders whose moment had come, sent or not. */
  due: number;
  sent: number;
  /** No longer due by the rules (the check-in came, the experiment moved on): cancelled and planned again. */
  cancelled: number;
}

/**
 * Reminders: the rules say what is due, PostgreSQL keeps it, and BullMQ wakes the worker on time.
 * One job per organisation and moment fires everything due then, in batches. Every method runs inside
 * a tenant transaction.
 */
@Injectable()
export class RemindersService {
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
  async plan(experimentId: string): Promise<StoredReminder[]> {
    const row = await this.reminders.subject(experimentId);
    if (!row) return [];
    const subject = experimentSubject(row);
    const now = this.clock.now();
    return this.planFor(
      [{ subject, due: dueReminders(subject, reminderPolicy(await this.reminders.policy()), now) }],
      now,
    );
  }

  /**
   * Sends one batch of the reminders whose moment has come, each once: the locked rows say whether they
   * went out already. Each is checked against the rules again first, since the experiment may have moved on.
   * With `skipLocked`, rows another transaction holds are left for a later batch instead of waited for.
   * A batch takes a person's reminders of a moment whole (see `lockDue`); batches side by side lock `inTurn`, since
   * two locking at once would take alternate rows, and split a person's reminders (their one e-mail) between them.
   */
  async fireDue({
    limit = FIRE_BATCH,
    skipLocked = false,
    inTurn = (lock) => lock(),
  }: {
    limit?: number;
    skipLocked?: boolean;
    inTurn?: <T>(lock: () => Promise<T>) => Promise<T>;
  } = {}): Promise<FireSummary> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + EARLY_TOLERANCE_MS);
    const due = (await inTurn(() => this.reminders.lockDue(until, limit, { skipLocked }))).map(
      lockedReminder,
    );
    if (due.length === 0) return { due: 0, sent: 0, cancelled: 0 };
    const policy = reminderPolicy(await this.reminders.policy());
    // The rules are asked once per experiment: whether each reminder still has its reason, and what comes next.
    const answers = new Map(due.map(({ subject }) => [subject.id, dueReminders(subject, policy, now)]));
    const [named, stale] = partition(due, ({ reminder, subject }) =>
      names(answers.get(subject.id) ?? [], reminder),
    );
    const recipients = recipientsById(
      await this.notifications.recipients(named.map(({ reminder }) => reminder.recipientId)),
    );
    // Quiet hours hold when sending, whatever the plan said (a moment caught up after downtime, preferences
    // changed since): such a reminder waits, in-app and e-mail alike, until they end in the recipient's zone.
    const held = new Map<string, Date>();
    for (const { reminder } of named) {
      const person = recipients.get(reminder.recipientId);
      const allowed = person
        ? plannedDelivery(now, now, person.timeZone, person.preferences.quietHours)
        : now;
      if (allowed.getTime() > now.getTime() + EARLY_TOLERANCE_MS) held.set(reminder.id, allowed);
    }
    const send = named.filter(({ reminder }) => !held.has(reminder.id));
    if (held.size > 0) {
      await this.notifications.moveReminders([...held.keys()], [...held.values()]);
      const heldRows = named
        .filter(({ reminder }) => held.has(reminder.id))
        .map(({ reminder }) => ({ ...reminder, fireAt: held.get(reminder.id) as Date }));
      this.schedule(heldRows, now);
    }
    await this.notifier.notifyMany(
      send.map(({ reminder, subject }) => {
        const recipient = recipients.get(reminder.recipientId);
        return {
          notification: {
            recipientId: reminder.recipientId,
            kind: reminder.kind,
            dedupeKey: `reminder-${reminder.id}`,
            subjectType: 'experiment',
            subjectId: subject.id,
            params: {
              experimentId: subject.id,
              experimentTitle: subject.title,
              dueAt: reminder.dueAt.toISOString(),
              hoursWaiting: subject.approvalRequestedAt
                ? Math.round((now.getTime() - subject.approvalRequestedAt.getTime()) / 3_600_000)
                : undefined,
            },
          },
          email: !!recipient?.active && wantsEmail(recipient.preferences.email, reminder.kind),
          group: reminderMailGroup(reminder, now),
        };
      }),
    );
    for (const { reminder, subject } of send)
      if (reminder.kind === 'approval_escalated') await this.escalate(reminder, subject, now);
    await this.reminders.markSent(
      send.map(({ reminder }) => reminder.id),
      now,
    );
    await this.reminders.cancel(stale.map(({ reminder }) => reminder.id));
    // What changed the rules' answer plans again. After a sent check-in the next one is due; after the other
    // kinds the rules name nothing new until the experiment changes, and every change plans again.
    // The facts just read still hold: sending changed none.
    const replan = uniqueBy(
      [...stale, ...send.filter(({ reminder }) => reminder.kind === 'check_in_due')],
      ({ subject }) => subject.id,
    );
    await this.planFor(
      replan.map(({ subject }) => ({ subject, due: answers.get(subject.id) ?? [] })),
      now,
      new Set(send.map(({ reminder }) => plannedKey(reminder))),
    );
    return { due: due.length, sent: send.length, cancelled: stale.length };
  }

  /**
   * Rebuilds the schedule from PostgreSQL after the queue lost it (a flushed Redis, say): plans
   * experiments that have nothing pending, and makes sure every moment of the next hour has its job.
   */
  async reconcile(): Promise<{ planned: number; ensured: number }> {
    const unplanned = await this.reminders.unplannedActiveExperiments();
    for (const experimentId of unplanned) await this.plan(experimentId);
    const now = this.clock.now();
    const moments = await this.reminders.pendingMoments(new Date(now.getTime() + RECONCILE_HORIZON_MS));
    // Whatever is overdue goes in one sweep, under the latest overdue moment's id; each later moment keeps its own job.
    const [past, future] = partition(moments, (moment) => moment.getTime() <= now.getTime());
    const organisationId = this.organisationId();
    const jobs = [...past.slice(-1), ...future].map((moment) => ({
      payload: { organisationId },
      jobId: momentJobId(organisationId, moment.getTime()),
      delayMs: Math.max(0, moment.getTime() - now.getTime()),
    }));
    this.db.afterCommit(async () => {
      await this.jobs.ensureMany('reminders', 'fire', jobs);
    });
    return { planned: unplanned.length, ensured: moments.length };
  }

  /**
   * Stores what the rules name for these experiments, cancels what they no longer name, and schedules the moments.
   * `sent`: reminders this transaction just sent, which the rules still name; their rows stay as they are, so they
   * are not offered to the upsert (each would only be found, locked and left alone).
   */
  private async planFor(
    plans: Array<{ subject: ExperimentSubject; due: DueReminder[] }>,
    now: Date,
    sent: ReadonlySet<string> = new Set(),
  ): Promise<StoredReminder[]> {
    if (plans.length === 0) return [];
    const wanted: Array<{ experimentId: string; kind: ReminderKind; dueAt: Date; recipientId: string }> = [];
    for (const { subject, due: dueList } of plans) {
      for (const due of dueList) {
        const recipientIds =
          due.kind === 'approval_escalated'
            ? await this.reminders.escalationRecipients(subject.id)
            : [subject.ownerId];
        for (const recipientId of recipientIds) {
          const entry = { experimentId: subject.id, kind: due.kind, dueAt: due.dueAt, recipientId };
          if (!sent.has(plannedKey(entry))) wanted.push(entry);
        }
      }
    }
    const people = recipientsById(
      await this.notifications.recipients(wanted.map((entry) => entry.recipientId)),
    );
    const planned = wanted.flatMap((entry) => {
      const person = people.get(entry.recipientId);
      return person?.active
        ? [
            {
              ...entry,
              fireAt: plannedDelivery(entry.dueAt, now, person.timeZone, person.preferences.quietHours),
            },
          ]
        : [];
    });
    const pending = (
      await this.reminders.upsert(
        planned,
        planned.map(() => uuidv7()),
      )
    ).map(storedReminder);
    await this.reminders.cancelPendingExcept(
      plans.map(({ subject }) => subject.id),
      pending.map((reminder) => reminder.id),
    );
    this.schedule(pending, now);
    return pending;
  }

  /** One job per moment; after the commit, so the job never runs before the rows it fires exist. */
  private schedule(pending: StoredReminder[], now: Date): void {
    const organisationId = this.organisationId();
    const moments = [...new Set(pending.map((reminder) => reminder.fireAt.getTime()))];
    const jobs = moments.map((moment) => {
      const delayMs = Math.max(0, moment - now.getTime());
      const jobId =
        delayMs >= SHARED_JOB_LEAD_MS
          ? momentJobId(organisationId, moment)
          : `${momentJobId(organisationId, moment)}-${uuidv7()}`;
      return { payload: { organisationId }, jobId, delayMs };
    });
    if (jobs.length > 0) this.db.afterCommit(() => this.jobs.enqueueMany('reminders', 'fire', jobs));
  }

  private async escalate(reminder: StoredReminder, subject: ExperimentSubject, now: Date): Promise<void> {
    await this.reminders.markApprovalEscalated(subject.id, now);
    const text = describeNotification(
      'approval_escalated',
      { experimentId: subject.id, experimentTitle: subject.title },
      'en',
    );
    await this.webhooks.publish(
      'approval.escalated',
      `escalation-${subject.id}-${reminder.dueAt.getTime()}`,
      {
        title: text.title,
        lines: [`"${subject.title}" has waited longer than the approval time the organisation agreed on.`],
        link: new URL('/approvals', this.config.APP_URL).toString(),
      },
    );
  }

  private organisationId(): string {
    return this.db.scope.organisationId as string;
  }
}

/** The job that fires an organisation's reminders of one moment: its id is the idempotency key. */
export function momentJobId(organisationId: string, moment: number): string {
  return `reminders-${organisationId}-${moment}`;
}

/** A reminder's identity, as the table's unique key has it (the organisation aside). */
function plannedKey(reminder: {
  experimentId: string;
  kind: ReminderKind;
  dueAt: Date;
  recipientId: string;
}): string {
  return `${reminder.experimentId} ${reminder.kind} ${reminder.dueAt.getTime()} ${reminder.recipientId}`;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}
