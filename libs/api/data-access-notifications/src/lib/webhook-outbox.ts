import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Db } from '@kaizen/api/data-access-db';
import { CLOCK, type Clock } from '@kaizen/api/util-core';
import { webhookBody, type WebhookEvent, type WebhookFormat } from '@kaizen/shared/domain-schedules';
import { Outbox } from './outbox';

export interface WebhookMessage {
  title: string;
  lines: string[];
  link: string;
}

/**
 * Queues an event for every active webhook that subscribed to it. Each delivery is a row, and an outbox
 * row in the same transaction, so what was promised survives a lost queue; the dedupe key makes
 * publishing twice a no-op.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(event: WebhookEvent, dedupeKey: string, message: WebhookMessage): Promise<number> {
    const hooks = await this.db.query<{ id: string; format: WebhookFormat }>(
      `SELECT id, format FROM webhook WHERE active AND $1 = ANY (events)`,
      [event],
    );
    let queued = 0;
    for (const hook of hooks) {
      const body = { event, ...webhookBody(hook.format, message) };
      const row = await this.db.one<{ id: string }>(
        `INSERT INTO webhook_delivery (organisation_id, id, webhook_id, event, dedupe_key, body)
         VALUES (current_organisation_id(), $1, $2, $3, $4, $5)
         ON CONFLICT (organisation_id, webhook_id, dedupe_key) DO NOTHING RETURNING id`,
        [uuidv7(), hook.id, event, dedupeKey, body],
      );
      if (!row) continue;
      queued += 1;
      await this.outbox.add([{ channel: 'webhook', dedupeKey: `webhook-${row.id}`, payload: { deliveryId: row.id }, dueAt: this.clock.now() }]);
    }
    return queued;
  }
}
