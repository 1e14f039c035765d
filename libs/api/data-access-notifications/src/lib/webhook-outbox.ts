import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK, type Clock } from '@kaizen/api/util-core';
import { webhookBody, type WebhookEvent, type WebhookFormat } from '@kaizen/shared/domain-schedules';
import { Outbox } from './outbox';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

export interface WebhookMessage {
  title: string;
  lines: string[];
  link: string;
}

/**
 * Queues an event for every active webhook that subscribed to it. Each delivery is a row, and an outbox
 * row in the same transaction, so what was promised survives a lost queue; the dedupe key makes
 * publishing twice a no-op. One statement each, however many webhooks subscribed.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(event: WebhookEvent, dedupeKey: string, message: WebhookMessage): Promise<number> {
    const hooks = await this.deliveries.subscribers(event);
    const created = await this.deliveries.insertMany(
      hooks.map((hook) => ({
        id: uuidv7(),
        webhookId: hook.id,
        event,
        dedupeKey,
        body: { event, ...webhookBody(hook.format as WebhookFormat, message) },
      })),
    );
    await this.outbox.add(
      created.map((id) => ({
        channel: 'webhook',
        dedupeKey: `webhook-${id}`,
        payload: { deliveryId: id },
        dueAt: this.clock.now(),
      })),
    );
    return created.length;
  }
}
