import { Injectable, inject, signal } from '@angular/core';
import { allPages, Api, LoadState } from '@kaizen/web/data-access-api';
import {
  CreateWebhookDto,
  CreatedWebhookDto,
  WebhookDetailDto,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  updateWebhook,
} from '@kaizen/web/data-access-api/follow-up';

/** Outgoing webhooks (admins): each with its recent deliveries, and why it was switched off if it was. */
@Injectable({ providedIn: 'root' })
export class WebhooksStore {
  private readonly api = inject(Api);

  private readonly itemsState = signal<readonly WebhookDetailDto[]>([]);
  private readonly state = new LoadState();

  readonly items = this.itemsState.asReadonly();
  readonly loading = this.state.loading;
  readonly loaded = this.state.loaded;
  readonly error = this.state.error;

  async load(): Promise<void> {
    await this.state.track(async () => {
      const items = await allPages((page) => this.api.invoke(listWebhooks, page));
      this.itemsState.set(
        await Promise.all(items.map((hook) => this.api.invoke(getWebhook, { id: hook.id }))),
      );
    });
  }

  /** The created webhook with its signing secret, which is shown this once. */
  async create(webhook: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const created = await this.api.invoke(createWebhook, { body: webhook });
    this.itemsState.update((items) => [...items, { ...created, deliveries: [] }]);
    return created;
  }

  async setActive(webhook: WebhookDetailDto, active: boolean): Promise<void> {
    const { name, url, format, events, version } = webhook;
    await this.api.invoke(updateWebhook, {
      id: webhook.id,
      body: { name, url, format, events, version, active },
    });
    const fresh = await this.api.invoke(getWebhook, { id: webhook.id });
    this.itemsState.update((items) => items.map((item) => (item.id === fresh.id ? fresh : item)));
  }

  async remove(webhook: WebhookDetailDto): Promise<void> {
    await this.api.invoke(deleteWebhook, { id: webhook.id });
    this.itemsState.update((items) => items.filter((item) => item.id !== webhook.id));
  }
}
