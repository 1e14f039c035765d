import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db } from '@kaizen/api/data-access-db';

export interface NewWebhookDelivery {
  id: string;
  webhookId: string;
  event: string;
  dedupeKey: string;
  body: Record<string, unknown>;
}

/** The webhooks an event goes to, and the deliveries that carry it there. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly db: Db) {}

  subscribers(event: string) {
    return this.db
      .selectFrom('webhook')
      .select(['id', 'format'])
      .where('active', '=', true)
      .where((eb) => eb(eb.val(event), '=', eb.fn.any('events')))
      .execute();
  }

  /** Inserts in one statement; returns the ids of the deliveries that are new (same webhook and dedupe key). */
  async insertMany(deliveries: NewWebhookDelivery[]): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const rows = await this.db
      .insertInto('webhook_delivery')
      .values(
        deliveries.map((delivery) => ({
          organisation_id: currentOrganisationId,
          id: delivery.id,
          webhook_id: delivery.webhookId,
          event: delivery.event,
          dedupe_key: delivery.dedupeKey,
          body: sql`${JSON.stringify(delivery.body)}::jsonb`,
        })),
      )
      .onConflict((conflict) => conflict.columns(['organisation_id', 'webhook_id', 'dedupe_key']).doNothing())
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }
}
