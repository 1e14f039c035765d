import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { WebhookEvent, WebhookFormat } from '@kaizen/shared/domain-schedules';

export interface Webhook {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookEvent[];
  active: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  version: number;
}

export interface Delivery {
  id: string;
  webhookId: string;
  event: string;
  body: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const webhookColumns = `id, name, url, format, events, active, consecutive_failures AS "consecutiveFailures", disabled_at AS "disabledAt",
  disabled_reason AS "disabledReason", created_at AS "createdAt", version`;
const deliveryColumns = `id, webhook_id AS "webhookId", event, body, status, attempts, last_status_code AS "lastStatusCode",
  last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt"`;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<Webhook[]> {
    return this.db.query(`SELECT ${webhookColumns} FROM webhook ORDER BY created_at, id`);
  }

  get(id: string): Promise<Webhook | null> {
    return this.db.one(`SELECT ${webhookColumns} FROM webhook WHERE id = $1`, [id]);
  }

  async create(webhook: { id: string; name: string; url: string; format: WebhookFormat; events: WebhookEvent[]; secret: string; createdBy: string }): Promise<Webhook> {
    return (await this.db.one(
      `INSERT INTO webhook (organisation_id, id, name, url, format, events, secret, created_by)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6, $7) RETURNING ${webhookColumns}`,
      [webhook.id, webhook.name, webhook.url, webhook.format, webhook.events, webhook.secret, webhook.createdBy],
    )) as Webhook;
  }

  /** Applies a change at the version the admin read; null when someone changed it in between. Turning it on clears the failure record. */
  async update(id: string, version: number, change: { name: string; url: string; events: WebhookEvent[]; active: boolean }): Promise<Webhook | null> {
    return this.db.one(
      `UPDATE webhook SET name = $3, url = $4, events = $5, active = $6, version = version + 1,
              consecutive_failures = CASE WHEN $6 AND NOT active THEN 0 ELSE consecutive_failures END,
              disabled_at = CASE WHEN $6 THEN NULL ELSE disabled_at END,
              disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END
        WHERE id = $1 AND version = $2 RETURNING ${webhookColumns}`,
      [id, version, change.name, change.url, change.events, change.active],
    );
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM webhook WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  recentDeliveries(webhookId: string, limit: number): Promise<Delivery[]> {
    return this.db.query(`SELECT ${deliveryColumns} FROM webhook_delivery WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [webhookId, limit]);
  }

  /** The delivery with what posting it needs; locked, so two runs cannot record over each other. */
  async lockDelivery(id: string): Promise<(Delivery & { url: string; secret: string; active: boolean }) | null> {
    return this.db.one(
      `SELECT d.id, d.webhook_id AS "webhookId", d.event, d.body, d.status, d.attempts, d.last_status_code AS "lastStatusCode",
              d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", w.url, w.secret, w.active
         FROM webhook_delivery d JOIN webhook w ON w.organisation_id = d.organisation_id AND w.id = d.webhook_id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [id],
    );
  }

  async recordSuccess(delivery: Delivery, statusCode: number): Promise<void> {
    await this.db.query(
      `UPDATE webhook_delivery SET status = 'delivered', attempts = attempts + 1, last_status_code = $2, last_error = NULL, delivered_at = now()
        WHERE id = $1`,
      [delivery.id, statusCode],
    );
    await this.db.query(`UPDATE webhook SET consecutive_failures = 0 WHERE id = $1`, [delivery.webhookId]);
  }

  async recordAttemptFailure(delivery: Delivery, statusCode: number | null, error: string): Promise<void> {
    await this.db.query(`UPDATE webhook_delivery SET attempts = attempts + 1, last_status_code = $2, last_error = $3 WHERE id = $1`, [
      delivery.id,
      statusCode,
      error,
    ]);
  }

  /** The delivery gave up: the webhook's failure streak grows, and at the limit the webhook is switched off with the reason. */
  async recordGaveUp(delivery: Delivery, reason: string, limit: number): Promise<{ disabled: boolean }> {
    await this.db.query(`UPDATE webhook_delivery SET status = 'failed' WHERE id = $1`, [delivery.id]);
    const row = await this.db.one<{ disabled: boolean }>(
      `UPDATE webhook SET consecutive_failures = consecutive_failures + 1,
              active = active AND consecutive_failures + 1 < $2,
              disabled_at = CASE WHEN active AND consecutive_failures + 1 >= $2 THEN now() ELSE disabled_at END,
              disabled_reason = CASE WHEN active AND consecutive_failures + 1 >= $2
                                     THEN format('Switched off after %s failed deliveries in a row. Last: %s', $2::int, $3::text)
                                     ELSE disabled_reason END
        WHERE id = $1 RETURNING NOT active AS disabled`,
      [delivery.webhookId, limit, reason],
    );
    return { disabled: row?.disabled ?? false };
  }
}
