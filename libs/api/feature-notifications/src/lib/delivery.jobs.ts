import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import {
  MailTransport,
  renderCheckedMail,
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
import { JobHandler, JobProducer, type JobContext } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import {
  declaredOptions,
  type DeliverNotificationPayload,
  type DeliverOutboxPayload,
  type SendMailPayload,
} from '@kaizen/shared/util-jobs';
import {
  deliveryMoment,
  describeCatchUp,
  describeNotification,
  wantsEmail,
} from '@kaizen/shared/domain-schedules';
import { WebhookDeliveryJobs } from './webhooks.jobs';

/** A timer may fire a little before the clock agrees; that is still the moment. */
const EARLY_TOLERANCE_MS = 5_000;

type Step =
  | { kind: 'done'; outcome: string }
  | { kind: 'later'; at: Date; outcome: string }
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

/**
 * Delivers outbox rows. Three steps: claim the row (one transaction: is it still pending, due, outside the
 * recipient's quiet hours, not claimed by a run that may still be sending; then record the attempt), send
 * outside any transaction, and mark it delivered. A run that finds the row claimed leaves it until the claim
 * lapses. The one window for a duplicate: the SMTP server (or webhook receiver) accepted, and the worker died
 * before marking; the retry then sends the same Message-ID (or X-Kaizen-Delivery) again, which receivers can drop.
 */
@Injectable()
export class OutboxDeliveryJobs {
  private readonly logger = new Logger('Outbox');

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
  ) {}

  @JobHandler('outbox', 'deliver')
  async deliver(payload: DeliverOutboxPayload, context: JobContext): Promise<void> {
    const scope = payload.organisationId ? { organisationId: payload.organisationId } : {};
    const step = await this.transactions.run(scope, () => this.claim(payload.outboxId));
    if (step.kind === 'done') return this.log(payload, context, step.outcome);
    if (step.kind === 'later') {
      await this.jobs.enqueue('outbox', 'deliver', payload, {
        jobId: outboxJobId(payload.outboxId, step.at),
        delayMs: Math.max(0, step.at.getTime() - this.clock.now().getTime()),
      });
      return this.log(payload, context, step.outcome);
    }
    const last = step.attempts >= declaredOptions('outbox', 'deliver').attempts;
    let result: 'delivered' | 'skipped' = 'delivered';
    try {
      if (step.kind === 'webhook') {
        // Gone: the webhook was switched off or removed, or the delivery recorded already.
        if (
          (await this.webhooks.attempt(
            payload.organisationId as string,
            step.row.payload['deliveryId'] as string,
            { ...context, attempt: step.attempts },
          )) === 'gone'
        )
          result = 'skipped';
      } else {
        await this.transport.send({ to: step.to, ...step.mail, messageId: step.messageId });
      }
    } catch (error) {
      const permanent = last || error instanceof UnrecoverableError;
      await this.transactions.run(scope, async () =>
        permanent
          ? this.rows.finish(step.row.id, 'failed', this.clock.now(), String(error))
          : this.rows.release(step.row.id, String(error)),
      );
      this.log(payload, context, permanent ? 'failed' : 'retrying', String(error));
      throw permanent && !(error instanceof UnrecoverableError)
        ? new UnrecoverableError(String(error))
        : error;
    }
    await this.transactions.run(scope, async () => {
      if (step.kind === 'mail') this.notifications.markEmailed(step.notificationIds ?? []);
      this.rows.finish(step.row.id, result, this.clock.now());
    });
    this.log(payload, context, result);
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

  /** The first step, inside the row's transaction: what to do with it now. */
  private async claim(outboxId: string): Promise<Step> {
    const now = this.clock.now();
    const locked = await this.rows.lock(outboxId);
    if (!locked) return { kind: 'done', outcome: 'gone' };
    const row = outboxMessage(locked);
    if (row.status !== 'pending') return { kind: 'done', outcome: `already-${row.status}` };
    if (row.dueAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS)
      return { kind: 'later', at: row.dueAt, outcome: 'not-due' };
    if (row.claimedAt) {
      const lapses = new Date(row.claimedAt.getTime() + this.config.OUTBOX_CLAIM_MS);
      if (lapses.getTime() > now.getTime())
        return { kind: 'later', at: lapses, outcome: 'claimed-elsewhere' };
    }
    const host = new URL(this.config.APP_URL).hostname || 'kaizen-loop.local';
    if (row.channel === 'webhook') return { kind: 'webhook', row, attempts: this.claimRow(row, now) };
    if (row.channel === 'mail') {
      const payload = row.payload as unknown as SendMailPayload;
      let mail: RenderedMail;
      try {
        mail = renderCheckedMail(payload);
      } catch (error) {
        this.rows.finish(row.id, 'failed', now, String(error));
        return { kind: 'done', outcome: 'unsendable' };
      }
      return {
        kind: 'mail',
        row,
        attempts: this.claimRow(row, now),
        to: payload.to,
        mail,
        messageId: `<${row.dedupeKey}@${host}>`,
      };
    }
    // A notification's e-mail (or several caught up after downtime, in one): asked of the recipient as they are
    // now, and never inside their quiet hours.
    const ids = (row.payload['notificationIds'] as string[] | undefined) ?? [
      row.payload['notificationId'] as string,
    ];
    const notifications: LockedNotification[] = [];
    for (const id of ids) {
      const locked = await this.notifications.lockForDelivery(id);
      const notification = locked && lockedNotification(locked);
      if (notification && !notification.emailedAt) notifications.push(notification);
    }
    if (notifications.length === 0) {
      this.rows.finish(row.id, 'delivered', now);
      return { kind: 'done', outcome: 'already-emailed' };
    }
    const recipientId = notifications[0].recipientId;
    const recipient = recipientsById(await this.notifications.recipients([recipientId])).get(recipientId);
    if (!recipient?.active) return this.skip(row, now, 'recipient-inactive');
    const wanted = notifications.filter((notification) =>
      wantsEmail(recipient.preferences.email, notification.kind),
    );
    if (wanted.length === 0) return this.skip(row, now, 'email-off');
    const allowed = deliveryMoment(now, recipient.timeZone, recipient.preferences.quietHours);
    if (allowed.getTime() > now.getTime()) {
      this.rows.postpone(row.id, allowed);
      return { kind: 'later', at: allowed, outcome: 'quiet-hours' };
    }
    const texts = wanted.map((notification) =>
      describeNotification(notification.kind, notification.params, recipient.locale),
    );
    const text = texts.length === 1 ? texts[0] : describeCatchUp(texts, recipient.locale);
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
    // One notification per (person, reason, due moment): its id names the mail, the same on every retry; a
    // merged mail is named by its row.
    return {
      kind: 'mail',
      row,
      attempts: this.claimRow(row, now),
      to: recipient.email,
      mail,
      messageId: ids.length === 1 ? `<notification-${ids[0]}@${host}>` : `<${row.dedupeKey}@${host}>`,
      notificationIds: wanted.map((notification) => notification.id),
    };
  }

  /** Claims the row locked in this transaction; returns its attempts with this one. */
  private claimRow(row: OutboxMessage, now: Date): number {
    this.rows.claim(row.id, now);
    return row.attempts + 1;
  }

  private async skip(row: OutboxMessage, now: Date, outcome: string): Promise<Step> {
    this.rows.finish(row.id, 'skipped', now, outcome);
    return { kind: 'done', outcome };
  }

  private log(payload: DeliverOutboxPayload, context: JobContext, outcome: string, error?: string): void {
    const entry = {
      jobId: context.jobId,
      attempt: context.attempt,
      outboxId: payload.outboxId,
      outcome,
      ...(error ? { error } : {}),
    };
    if (error) this.logger.warn(entry, 'outbox delivery');
    else this.logger.log(entry, 'outbox delivery');
  }
}
