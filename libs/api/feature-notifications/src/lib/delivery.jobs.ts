import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import {
  MailTransport,
  renderCheckedMail,
  SmtpSendNotStartedError,
  renderMail,
  type RenderedMail,
} from '@kaizen/api/data-access-mail';
import {
  lockedNotification,
  NotificationsRepository,
  Outbox,
  outboxJobId,
  outboxMessage,
  OutboxRepository,
  recipientsById,
  type LockedNotification,
  type OutboxMessage,
} from '@kaizen/api/data-access-notifications';
import {
  JobHandler,
  JobProducer,
  JobsStopping,
  retryOptions,
  type JobContext,
} from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import {
  type DeliverNotificationPayload,
  type DeliverOutboxPayload,
  type SendMailPayload,
} from '@kaizen/shared/util-jobs';
import {
  deliveryMoment,
  describeMerged,
  describeNotification,
  wantsEmail,
  type MergeReason,
} from '@kaizen/shared/domain-schedules';
import { WebhookDeliveryJobs } from './webhooks.jobs';

/** A timer may fire a little before the clock agrees; that is still the moment. */
const EARLY_TOLERANCE_MS = 5_000;
/**
 * Rows claimed per batch, in one transaction: enough to keep every pooled SMTP connection busy, few enough to go
 * out well within OUTBOX_CLAIM_MS.
 */
const BATCH_SIZE = 100;
/** Batches claimed and not yet finished in this process at once: one sends while the next is claimed. */
const BATCHES_IN_FLIGHT = 2;
/** A job hands what is left to a new job after this many batches, so one backlog does not starve the others. */
const BATCHES_PER_JOB = 50;
/** A job schedules the next moment its outbox needs only when it is this near; farther ones are the relay's. */
const NEXT_HORIZON_MS = 3_600_000;

type Scope = { organisationId?: string };
type Finished = { id: string; status: 'delivered' | 'skipped' | 'failed'; error?: string };

/** One claimed row and its send. */
type Send =
  | {
      kind: 'mail';
      row: OutboxMessage;
      attempts: number;
      to: string;
      mail: RenderedMail;
      messageId: string;
      notificationIds?: string[];
    }
  | { kind: 'webhook'; row: OutboxMessage; attempts: number };

/** A send that went out ('skipped': a webhook with nothing left to post). */
type Sent = { id: string; status: 'delivered' | 'skipped'; notificationIds: string[] };

/** What one claim transaction decided. */
interface Claim {
  /** Rows that were ready: claimed to send, finished or postponed. */
  taken: number;
  sends: Send[];
  /** Rows finished or postponed without a send, per reason. */
  outcomes: Record<string, number>;
}

/**
 * Delivers outbox rows, in batches. Three steps: claim (one transaction: lock up to BATCH_SIZE rows that are
 * pending, due, past any backoff and not claimed by a run that may still be sending, passing over rows another
 * claim holds; check each against its recipient as they are now, quiet hours included; record the claims in one
 * statement that travels with the COMMIT), send outside any transaction (mails side by side over the pooled SMTP
 * connections), and mark what went out: each accepted send is marked delivered with whatever else was accepted
 * meanwhile, one statement for all, while the other sends go on. A claimed row is left alone until its claim
 * lapses. The one window for a duplicate: the SMTP server (or webhook receiver) accepted, and the worker died
 * before the mark; the retry then sends the same Message-ID (or X-Kaizen-Delivery) again, which receivers can drop.
 */
@Injectable()
export class OutboxDeliveryJobs {
  private readonly logger = new Logger('Outbox');
  private readonly batches = new Slots(BATCHES_IN_FLIGHT);

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly rows: OutboxRepository,
    private readonly outbox: Outbox,
    private readonly notifications: NotificationsRepository,
    private readonly transport: MailTransport,
    private readonly webhooks: WebhookDeliveryJobs,
    private readonly jobs: JobProducer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() stopping?: JobsStopping,
  ) {
    // A stopping worker claims nothing more: what it leaves is taken by the relay when a worker boots.
    stopping?.whenStopping(() => this.batches.close());
  }

  /** What is ready of one organisation's outbox (null: the account outbox), batch after batch until none is. */
  @JobHandler('outbox', 'deliver')
  async deliver(payload: DeliverOutboxPayload, context: JobContext): Promise<void> {
    const organisationId = payload.organisationId;
    const scope: Scope = organisationId ? { organisationId } : {};
    for (let batch = 0; batch < BATCHES_PER_JOB; batch++) {
      const release = await this.batches.take();
      if (!release) return;
      let taken: number;
      try {
        taken = await this.deliverBatch(scope, context);
      } finally {
        release();
      }
      if (taken === 0) return this.transactions.run(scope, () => this.scheduleNext());
    }
    await this.jobs.enqueue(
      'outbox',
      'deliver',
      { organisationId },
      { jobId: `${outboxJobId(organisationId, this.clock.now())}-${uuidv7()}` },
    );
  }

  /** The relay of one organisation's outbox (or the account outbox): whatever is pending gets its job again. */
  @JobHandler('outbox', 'relay')
  async relay(payload: { organisationId: string | null }): Promise<void> {
    const scope = payload.organisationId ? { organisationId: payload.organisationId } : {};
    const { relayed } = await this.transactions.run(scope, () => this.outbox.relay());
    if (relayed > 0) this.logger.log({ organisationId: payload.organisationId, relayed }, 'outbox relayed');
  }

  /** Jobs enqueued before the outbox existed: their notification's e-mail becomes an outbox row, which delivers it. */
  @JobHandler('notifications', 'deliver')
  async deliverNotification(payload: DeliverNotificationPayload): Promise<void> {
    const locked = await this.notifications.lockForDelivery(payload.notificationId);
    if (!locked) return;
    const notification = lockedNotification(locked);
    if (notification.emailedAt) return;
    await this.outbox.add([
      {
        channel: 'notification-email',
        dedupeKey: `notification-${notification.id}`,
        payload: { notificationId: notification.id },
        recipientId: notification.recipientId,
        dueAt: this.clock.now(),
      },
    ]);
  }

  /** One batch: claim, send, mark. Returns how many rows it took (0: nothing was ready). */
  private async deliverBatch(scope: Scope, context: JobContext): Promise<number> {
    // A send that cannot start within half the claim is given back rather than held while it waits for a
    // connection: another run may have one sooner.
    const startBy = Date.now() + this.config.OUTBOX_CLAIM_MS / 2;
    const claim = await this.transactions.run(scope, () => this.claim());
    if (claim.sends.length === 0) {
      if (claim.taken > 0) this.log(context, claim, 0, 0);
      return claim.taken;
    }
    // While the batch is out, its claims are renewed: a send slower than the claim is not taken and sent again by
    // another run. Only a dead worker's claims lapse (its sends are the window for a duplicate).
    const renewal = this.renewClaims(
      scope,
      claim.sends.map((send) => send.row.id),
    );
    try {
      return await this.sendBatch(scope, context, claim, startBy);
    } finally {
      await renewal.stop();
    }
  }

  /** Renews the claims every third of OUTBOX_CLAIM_MS until stopped. */
  private renewClaims(scope: Scope, ids: string[]): { stop(): Promise<void> } {
    let renewing: Promise<void> | undefined;
    const timer = setInterval(() => {
      renewing ??= this.transactions
        .write(scope, () => this.rows.renewClaims(ids, this.clock.now()))
        .catch((error) => this.logger.warn({ error: String(error) }, 'outbox claims not renewed'))
        .finally(() => (renewing = undefined));
    }, this.config.OUTBOX_CLAIM_MS / 3);
    return {
      stop: async () => {
        clearInterval(timer);
        await renewing;
      },
    };
  }

  private async sendBatch(scope: Scope, context: JobContext, claim: Claim, startBy: number): Promise<number> {
    const marks = new Marks((sent) =>
      this.transactions.write(scope, () => {
        this.notifications.markEmailed(sent.flatMap((one) => one.notificationIds));
        this.rows.finish(sent, this.clock.now());
      }),
    );
    const failures: Array<{ send: Send; error: unknown }> = [];
    const notStarted: string[] = [];
    await Promise.all(
      claim.sends.map(async (send) => {
        let status: Sent['status'];
        try {
          status = await this.send(send, scope, context, startBy);
        } catch (error) {
          if (error instanceof SmtpSendNotStartedError) notStarted.push(send.row.id);
          else failures.push({ send, error });
          return;
        }
        const notificationIds = send.kind === 'mail' ? (send.notificationIds ?? []) : [];
        marks.add({ id: send.row.id, status, notificationIds });
      }),
    );
    await marks.done();
    if (failures.length + notStarted.length > 0)
      await this.transactions.write(scope, () => {
        this.rows.unclaim(notStarted);
        this.failed(failures);
      });
    this.log(context, claim, failures.length, notStarted.length);
    return claim.taken;
  }

  private async send(
    send: Send,
    scope: Scope,
    context: JobContext,
    startBy: number,
  ): Promise<Sent['status']> {
    if (send.kind === 'mail') {
      await this.transport.send({ to: send.to, ...send.mail, messageId: send.messageId }, startBy);
      return 'delivered';
    }
    // Gone: the webhook was switched off or removed, or the delivery recorded already.
    const result = await this.webhooks.attempt(
      scope.organisationId as string,
      send.row.payload['deliveryId'] as string,
      { ...context, attempt: send.attempts },
    );
    return result === 'gone' ? 'skipped' : 'delivered';
  }

  /** Sends that failed: given up after the last attempt (or a permanent failure), else retried after a backoff. */
  private failed(failures: Array<{ send: Send; error: unknown }>): void {
    if (failures.length === 0) return;
    const { attempts, backoff } = retryOptions(this.config, 'outbox', 'deliver');
    const now = this.clock.now();
    const gaveUp = (failure: { send: Send; error: unknown }) =>
      failure.send.attempts >= attempts || failure.error instanceof UnrecoverableError;
    this.rows.finish(
      failures
        .filter(gaveUp)
        .map(({ send, error }) => ({ id: send.row.id, status: 'failed' as const, error: String(error) })),
      now,
    );
    const retries = failures
      .filter((failure) => !gaveUp(failure))
      .map(({ send, error }) => ({
        id: send.row.id,
        at: new Date(now.getTime() + backoff.delay * 2 ** (send.attempts - 1)),
        error: String(error),
      }));
    this.rows.retry(retries);
    this.outbox.nudgeAfterCommit(retries.map((retry) => retry.at));
    for (const failure of failures)
      this.logger.warn(
        {
          outboxId: failure.send.row.id,
          attempt: failure.send.attempts,
          gaveUp: gaveUp(failure),
          error: String(failure.error),
        },
        'outbox delivery failed',
      );
  }

  /** The claim step, in its transaction: what is ready now, and what to do with each row. */
  private async claim(): Promise<Claim> {
    const now = this.clock.now();
    const rows = (
      await this.rows.lockReady(
        new Date(now.getTime() + EARLY_TOLERANCE_MS),
        new Date(now.getTime() - this.config.OUTBOX_CLAIM_MS),
        BATCH_SIZE,
      )
    ).map(outboxMessage);
    const claim: Claim = { taken: rows.length, sends: [], outcomes: {} };
    if (rows.length === 0) return claim;
    const host = new URL(this.config.APP_URL).hostname || 'kaizen-loop.local';
    const finished: Finished[] = [];
    const postponed: Array<{ id: string; dueAt: Date }> = [];
    const count = (outcome: string) => (claim.outcomes[outcome] = (claim.outcomes[outcome] ?? 0) + 1);
    const finish = (row: OutboxMessage, status: Finished['status'], outcome: string, error?: string) => {
      finished.push({ id: row.id, status, error: error ?? (status === 'skipped' ? outcome : undefined) });
      count(outcome);
    };
    // A notification's e-mail (or several caught up after downtime, in one) is asked of the recipient as they are
    // now, and never inside their quiet hours; the batch's notifications and recipients are read once.
    const idsOf = (row: OutboxMessage) =>
      (row.payload['notificationIds'] as string[] | undefined) ?? [row.payload['notificationId'] as string];
    const emails = rows.filter((row) => row.channel === 'notification-email');
    const notifications = new Map(
      (emails.length > 0 ? await this.notifications.lockManyForDelivery(emails.flatMap(idsOf)) : [])
        .map(lockedNotification)
        .map((notification) => [notification.id, notification]),
    );
    const recipients = recipientsById(
      await this.notifications.recipients(
        [...notifications.values()].map((notification) => notification.recipientId),
      ),
    );
    for (const row of rows) {
      const attempts = row.attempts + 1;
      if (row.channel === 'webhook') {
        claim.sends.push({ kind: 'webhook', row, attempts });
        continue;
      }
      if (row.channel === 'mail') {
        const payload = row.payload as unknown as SendMailPayload;
        let mail: RenderedMail;
        try {
          mail = renderCheckedMail(payload);
        } catch (error) {
          finish(row, 'failed', 'unsendable', String(error));
          continue;
        }
        const messageId = `<${row.dedupeKey}@${host}>`;
        claim.sends.push({ kind: 'mail', row, attempts, to: payload.to, mail, messageId });
        continue;
      }
      const ids = idsOf(row);
      const unsent = ids
        .map((id) => notifications.get(id))
        .filter(
          (notification): notification is LockedNotification => !!notification && !notification.emailedAt,
        );
      if (unsent.length === 0) {
        finish(row, 'delivered', 'already-emailed');
        continue;
      }
      const recipient = recipients.get(unsent[0].recipientId);
      if (!recipient?.active) {
        finish(row, 'skipped', 'recipient-inactive');
        continue;
      }
      const wanted = unsent.filter((notification) =>
        wantsEmail(recipient.preferences.email, notification.kind),
      );
      if (wanted.length === 0) {
        finish(row, 'skipped', 'email-off');
        continue;
      }
      const allowed = deliveryMoment(now, recipient.timeZone, recipient.preferences.quietHours);
      if (allowed.getTime() > now.getTime()) {
        postponed.push({ id: row.id, dueAt: allowed });
        count('quiet-hours');
        continue;
      }
      const texts = wanted.map((notification) =>
        describeNotification(notification.kind, notification.params, recipient.locale),
      );
      const text =
        texts.length === 1
          ? texts[0]
          : describeMerged(
              (row.payload['reason'] as MergeReason | undefined) ?? 'caught-up',
              texts,
              recipient.locale,
            );
      const mail = renderMail({
        to: recipient.email,
        locale: recipient.locale,
        template: 'notification',
        params: {
          title: text.title,
          body: text.body,
          link: new URL(text.path, this.config.APP_URL).toString(),
          button: text.action,
          preferencesLink: new URL('/notifications/preferences', this.config.APP_URL).toString(),
        },
      });
      // The mail's name is the same on every retry: a single notification's id, or a merged mail's row (one per
      // person, reason and due moment; rows written before the reason was stored are caught up after downtime).
      claim.sends.push({
        kind: 'mail',
        row,
        attempts,
        to: recipient.email,
        mail,
        messageId: ids.length === 1 ? `<notification-${ids[0]}@${host}>` : `<${row.dedupeKey}@${host}>`,
        notificationIds: wanted.map((notification) => notification.id),
      });
    }
    this.rows.claim(
      claim.sends.map((send) => send.row.id),
      now,
    );
    this.rows.finish(finished, now);
    this.rows.postpone(postponed);
    this.outbox.nudgeAfterCommit(postponed.map((row) => row.dueAt));
    return claim;
  }

  /**
   * Nothing is ready now: a job for the next moment something will be (a claim of a send that never reported back
   * lapsing, a backoff ending, a row coming due), if it is near.
   */
  private async scheduleNext(): Promise<void> {
    const now = this.clock.now();
    const next = await this.rows.nextReady(now, this.config.OUTBOX_CLAIM_MS);
    if (next && next.getTime() - now.getTime() <= NEXT_HORIZON_MS) this.outbox.nudgeAfterCommit([next]);
  }

  private log(context: JobContext, claim: Claim, failed: number, notStarted: number): void {
    const sent = claim.sends.length - failed - notStarted;
    this.logger.log(
      { jobId: context.jobId, taken: claim.taken, sent, failed, notStarted, ...claim.outcomes },
      'outbox batch',
    );
  }
}

/** A fixed number of places: `take` waits for one, and gives none (null) once closed. */
class Slots {
  private free: number;
  private readonly waiting: Array<(release: (() => void) | null) => void> = [];
  private closed = false;

  constructor(size: number) {
    this.free = size;
  }

  take(): Promise<(() => void) | null> {
    if (this.closed) return Promise.resolve(null);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(null);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.closed ? undefined : this.waiting.shift();
      if (next) next(this.releaser());
      else this.free++;
    };
  }
}

/**
 * Group commit of what went out: an accepted send is marked at once when no mark is being written, else with
 * every other accepted meanwhile in the next. A crash leaves unmarked only what was accepted during one write.
 */
class Marks {
  private readonly queued: Sent[] = [];
  private writing: Promise<void> | undefined;
  private error: unknown;

  constructor(private readonly write: (sent: Sent[]) => Promise<void>) {}

  add(sent: Sent): void {
    this.queued.push(sent);
    this.writing ??= this.drain();
  }

  /** Waits for every mark; rejects if one could not be written (its rows stay claimed until the claim lapses). */
  async done(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.error) throw this.error;
  }

  private async drain(): Promise<void> {
    while (this.queued.length > 0) {
      try {
        await this.write(this.queued.splice(0));
      } catch (error) {
        this.error ??= error;
      }
    }
    this.writing = undefined;
  }
}
