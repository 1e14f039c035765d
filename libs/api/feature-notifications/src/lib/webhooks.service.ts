import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import {
  APP_CONFIG,
  FieldValidationException,
  mapPage,
  type Page,
  type PageQueryDto,
} from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import type {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDetailDto,
  WebhookDto,
} from './webhooks.dto';
import { webhookDeliveryDto, webhookDto } from './notifications.mappers';
import { WebhooksRepository } from './webhooks.repository';

@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(page: PageQueryDto): Promise<Page<WebhookDto>> {
    return mapPage(await this.webhooks.list(page), webhookDto);
  }

  async get(id: string): Promise<WebhookDetailDto> {
    const webhook = await this.webhooks.get(id);
    if (!webhook) throw new NotFoundException('No such webhook');
    return {
      ...webhookDto(webhook),
      deliveries: (await this.webhooks.recentDeliveries(id, 20)).map(webhookDeliveryDto),
    };
  }

  async create(actor: Actor, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    this.checkUrl(dto.url);
    const secret = randomBytes(32).toString('base64url');
    const webhook = await this.webhooks.create({
      id: uuidv7(),
      ...dto,
      events: [...new Set(dto.events)],
      secret,
      createdBy: actor.membershipId,
    });
    const after = webhookDto(webhook); // the secret is shown once, never logged
    await this.audit.record({ action: 'webhook.created', targetId: after.id, after });
    return { ...after, secret };
  }

  async update(id: string, dto: UpdateWebhookDto): Promise<WebhookDto> {
    this.checkUrl(dto.url);
    const existing = await this.webhooks.get(id);
    if (!existing) throw new NotFoundException('No such webhook');
    if (dto.format !== undefined && dto.format !== existing.format) {
      throw new FieldValidationException([
        { field: 'format', rule: 'unchanged', message: 'format cannot change; create a new webhook instead' },
      ]);
    }
    const updated = await this.webhooks.update(id, dto.version, {
      name: dto.name,
      url: dto.url,
      events: [...new Set(dto.events)],
      active: dto.active,
    });
    if (!updated)
      throw new ConflictException('The webhook was changed by someone else; reload it and try again');
    const after = webhookDto(updated);
    await this.audit.record({ action: 'webhook.updated', targetId: id, before: webhookDto(existing), after });
    return after;
  }

  async remove(id: string): Promise<void> {
    const existing = await this.webhooks.get(id);
    if (!existing || !(await this.webhooks.remove(id))) throw new NotFoundException('No such webhook');
    await this.audit.record({ action: 'webhook.deleted', targetId: id, before: webhookDto(existing) });
  }

  /** Plain http only where private targets are allowed (development and tests). */
  private checkUrl(url: string): void {
    if (new URL(url).protocol !== 'https:' && !this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
      throw new FieldValidationException([
        { field: 'url', rule: 'https', message: 'url must be an https:// address' },
      ]);
    }
  }
}
