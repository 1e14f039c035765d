import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { currentOrganisationId, Db, keysetPage, sameTenant } from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';
import type { WebhookEvent, WebhookFormat } from '@kaizen/shared/domain-schedules';

const webhookColumns = [
  'id',
  'name',
  'url',
  'format',
  'events',
  'active',
  'consecutive_failures',
  'disabled_at',
  'disabled_reason',
  'created_at',
  'version',
] as const;

export type WebhookRow = NonNullable<Awaited<ReturnType<WebhooksRepository['get']>>>;
export type DeliveryRow = Awaited<ReturnType<WebhooksRepository['recentDeliveries']>>[number];
/** A delivery with what posting it needs. */
export type LockedDeliveryRow = NonNullable<Awaited<ReturnType<WebhooksRepository['lockDelivery']>>>;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  /** In the order they were added. */
  list(page: PageQueryDto) {
    return keysetPage(
      this.db.selectFrom('webhook').select(webhookColumns),
      { by: 'created_at', id: 'id', sort: 'timestamp' },
      page,
    );
  }

  get(id: string) {
    return this.db.selectFrom('webhook').select(webhookColumns).where('id', '=', id).executeTakeFirst();
  }

  create(webhook: {
    id: string;
    name: string;
    url: string;
    format: WebhookFormat;
    events: WebhookEvent[];
    secret: string;
    createdBy: string;
  }) {
    return this.db
      .insertInto('webhook')
      .values({
        organisation_id: currentOrganisationId,
        id: webhook.id,
        name: webhook.name,
        url: webhook.url,
        format: webhook.format,
        events: webhook.events,
        secret: webhook.secret,
        created_by: webhook.createdBy,
      })
      .returning(webhookColumns)
      .executeTakeFirstOrThrow();
  }

  /** Applies a change at the version the admin read; undefined when someone changed it in between. Turning it on clears the failure record. */
  update(
    id: string,
    version: number,
    change: { name: string; url: string; events: WebhookEvent[]; active: boolean },
  ) {
    return this.db
      .updateTable('webhook')
      .set((eb) => ({
        name: change.name,
        url: change.url,
        events: change.events,
        active: change.active,
        version: eb('version', '+', 1),
        consecutive_failures: change.active
          ? eb.case().when('active', '=', false).then(0).else(eb.ref('consecutive_failures')).end()
          : eb.ref('consecutive_failures'),
        disabled_at: change.active ? null : eb.ref('disabled_at'),
        disabled_reason: change.active ? null : eb.ref('disabled_reason'),
      }))
      .where('id', '=', id)
      .where('version', '=', version)
      .returning(webhookColumns)
      .executeTakeFirst();
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.db.deleteFrom('webhook').where('id', '=', id).returning('id').execute();
    return rows.length > 0;
  }

  recentDeliveries(webhookId: string, limit: number) {
    return this.db
      .selectFrom('webhook_delivery')
      .select([
        'id',
        'webhook_id',
        'event',
        'body',
        'status',
        'attempts',
        'last_status_code',
        'last_error',
        'created_at',
        'delivered_at',
      ])
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The delivery with what posting it needs; locked, so two runs cannot record over each other. */
  lockDelivery(id: string) {
    return this.db
      .selectFrom('webhook_delivery as d')
      .innerJoin('webhook as w', (join) => sameTenant(join, 'w.id', 'd.webhook_id'))
      .select([
        'd.id',
        'd.webhook_id',
        'd.event',
        'd.body',
        'd.status',
        'd.attempts',
        'w.url',
        'w.secret',
        'w.active',
      ])
      .where('d.id', '=', id)
      .forUpdate(['d'])
      .executeTakeFirst();
  }

  async recordSuccess(delivery: LockedDeliveryRow, statusCode: number): Promise<void> {
    await this.db
      .updateTable('webhook_delivery')
      .set((eb) => ({
        status: 'delivered',
        attempts: eb('attempts', '+', 1),
        last_status_code: statusCode,
        last_error: null,
        delivered_at: sql<Date>`now()`,
      }))
      .where('id', '=', delivery.id)
      .execute();
    await this.db
      .updateTable('webhook')
      .set({ consecutive_failures: 0 })
      .where('id', '=', delivery.webhook_id)
      .execute();
  }

  async recordAttemptFailure(
    delivery: LockedDeliveryRow,
    statusCode: number | null,
    error: string,
  ): Promise<void> {
    await this.db
      .updateTable('webhook_delivery')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_status_code: statusCode, last_error: error }))
      .where('id', '=', delivery.id)
      .execute();
  }

  /** The delivery gave up: the webhook's failure streak grows, and at the limit the webhook is switched off with the reason. */
  async recordGaveUp(
    delivery: LockedDeliveryRow,
    reason: string,
    limit: number,
  ): Promise<{ disabled: boolean }> {
    await this.db
      .updateTable('webhook_delivery')
      .set({ status: 'failed' })
      .where('id', '=', delivery.id)
      .execute();
    const reachesLimit = sql<boolean>`active AND consecutive_failures + 1 >= ${limit}`;
    const row = await this.db
      .updateTable('webhook')
      .set((eb) => ({
        consecutive_failures: eb('consecutive_failures', '+', 1),
        active: sql<boolean>`active AND consecutive_failures + 1 < ${limit}`,
        disabled_at: eb
          .case()
          .when(reachesLimit)
          .then(sql<Date>`now()`)
          .else(eb.ref('disabled_at'))
          .end(),
        disabled_reason: eb
          .case()
          .when(reachesLimit)
          .then(
            sql<string>`format('Switched off after %s failed deliveries in a row. Last: %s', ${limit}::int, ${reason}::text)`,
          )
          .else(eb.ref('disabled_reason'))
          .end(),
      }))
      .where('id', '=', delivery.webhook_id)
      .returning((eb) => eb.not('active').as('disabled'))
      .executeTakeFirst();
    return { disabled: row?.disabled ?? false };
  }
}
