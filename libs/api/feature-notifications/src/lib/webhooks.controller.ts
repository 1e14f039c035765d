import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDetailDto,
  WebhookDto,
  WebhookPageDto,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Requires('webhooks.manage')
  @ApiOperation({ operationId: 'listWebhooks' })
  @ApiOkResponse({ type: WebhookPageDto })
  list(@Query() page: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.webhooks.list(page);
  }

  @Post()
  @Requires('webhooks.manage')
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Post events to Slack or Teams; the signing secret is shown once',
  })
  @Creates(CreatedWebhookDto, (webhook) => `webhooks/${webhook.id}`)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(actor, dto);
  }

  @Get(':id')
  @Requires('webhooks.manage')
  @ApiOperation({
    operationId: 'getWebhook',
    summary: 'A webhook with its recent deliveries and, if switched off, why',
  })
  @ApiOkResponse({ type: WebhookDetailDto })
  get(@IdParam() id: string): Promise<WebhookDetailDto> {
    return this.webhooks.get(id);
  }

  @Put(':id')
  @Requires('webhooks.manage')
  @ApiOperation({ operationId: 'updateWebhook' })
  @ApiOkResponse({ type: WebhookDto })
  update(@IdParam() id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('webhooks.manage')
  @ApiOperation({ operationId: 'deleteWebhook' })
  @ApiNoContentResponse()
  remove(@IdParam() id: string): Promise<void> {
    return this.webhooks.remove(id);
  }
}
