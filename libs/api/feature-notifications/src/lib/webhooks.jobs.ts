import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { Outbox } from '@kaizen/api/data-access-notifications';
import { JobHandler, type JobContext } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import { WEBHOOK_FAILURE_LIMIT } from '@kaizen/shared/domain-schedules';
import type { AppConfig } from '@kaizen/shared/util-config';
import { declaredOptions, type DeliverWebhookPayload } from '@kaizen/shared/util-jobs';
import { signWebhook } from './webhook-signature';
import { forbiddenTarget } from './webhook-target';
import { WebhooksRepository } from './webhooks.repository';

const TIMEOUT_MS = 10_000;

class DeliveryFailed extends Error {
  constructor(
    readonly reason: string,
    readonly statusCode: number | null,
    readonly permanent = false,
  ) {
    super(reason);
  }
}

/**
 * Posts one delivery, for the outbox. Each attempt is recorded in its own transaction, so a failure is
 * visible to admins even though the job throws to be retried with backoff; the last attempt gives up.
 * Every attempt carries the delivery's id as `X-Kaizen-Delivery`, the same across retries, so a receiver
 * can drop a post it saw before (one that reached it although the worker died before recording it).
 */
@Injectable()
export class WebhookDeliveryJobs {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Jobs enqueued before the outbox existed: their delivery becomes an outbox row, which delivers it. */
  @JobHandler('webhooks', 'deliver')
  async deliver(payload: DeliverWebhookPayload): Promise<void> {
    await this.outbox.add([
      {
        channel: 'webhook',
        dedupeKey: `webhook-${payload.deliveryId}`,
        payload: { deliveryId: payload.deliveryId },
        dueAt: this.clock.now(),
      },
    ]);
  }

  /** One attempt (`context.attempt` counts them across lost jobs too): 'delivered', or 'gone' when nothing is left to post. */
  async attempt(
    organisationId: string,
    deliveryId: string,
    context: JobContext,
  ): Promise<'delivered' | 'gone'> {
    const scope = { organisationId };
    const delivery = await this.transactions.run(scope, () => this.webhooks.lockDelivery(deliveryId));
    if (!delivery || delivery.status !== 'pending' || !delivery.active) return 'gone';
    try {
      const statusCode = await this.post(
        delivery.url,
        delivery.secret,
        delivery.id,
        delivery.event,
        JSON.stringify(delivery.body),
      );
      await this.transactions.run(scope, async () => {
        const current = await this.webhooks.lockDelivery(delivery.id);
        if (current?.status === 'pending') await this.webhooks.recordSuccess(delivery, statusCode);
      });
      this.logger.log({ deliveryId: delivery.id, attempt: context.attempt, statusCode }, 'webhook delivered');
      return 'delivered';
    } catch (error) {
      const failure = error instanceof DeliveryFailed ? error : new DeliveryFailed(String(error), null);
      const last = failure.permanent || context.attempt >= declaredOptions('webhooks', 'deliver').attempts;
      const outcome = await this.transactions.run(scope, async () => {
        await this.webhooks.recordAttemptFailure(delivery, failure.statusCode, failure.reason);
        return last
          ? this.webhooks.recordGaveUp(delivery, failure.reason, WEBHOOK_FAILURE_LIMIT)
          : { disabled: false };
      });
      this.logger.warn(
        {
          deliveryId: delivery.id,
          attempt: context.attempt,
          reason: failure.reason,
          gaveUp: last,
          ...outcome,
        },
        'webhook failed',
      );
      throw last ? new UnrecoverableError(failure.reason) : failure;
    }
  }

  private async post(
    url: string,
    secret: string,
    deliveryId: string,
    event: string,
    body: string,
  ): Promise<number> {
    const forbidden = await forbiddenTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    if (forbidden) throw new DeliveryFailed(forbidden, null, true);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        redirect: 'manual', // a redirect could lead anywhere, including inside the network
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'KaizenLoop-Webhooks/1',
          'x-kaizen-event': event,
          'x-kaizen-delivery': deliveryId,
          'x-kaizen-signature': signWebhook(secret, body, this.clock.now()),
        },
        body,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new DeliveryFailed(
        `could not reach ${new URL(url).host}: ${cause ?? (error as Error).name}`,
        null,
      );
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300)
      throw new DeliveryFailed(`HTTP ${response.status} from ${new URL(url).host}`, response.status);
    return response.status;
  }
}
