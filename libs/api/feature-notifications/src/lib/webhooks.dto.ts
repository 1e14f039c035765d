import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
} from 'class-validator';
import {
  webhookEvents,
  webhookFormats,
  type WebhookEvent,
  type WebhookFormat,
} from '@kaizen/shared/domain-schedules';
import { PageDto, VersionProperty } from '@kaizen/api/util-core';

export class CreateWebhookDto {
  @ApiProperty({ maxLength: 100, example: 'Slack #improvement' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ maxLength: 2000, example: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  @IsString()
  @Length(1, 2_000)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true, require_tld: false },
    { message: 'url must be an absolute https:// address' },
  )
  url!: string;

  @ApiProperty({
    enum: webhookFormats,
    description: 'The JSON shape: Slack or Microsoft Teams incoming webhooks.',
  })
  @IsIn(webhookFormats)
  format!: WebhookFormat;

  @ApiProperty({ enum: webhookEvents, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(webhookEvents.length)
  @IsIn(webhookEvents, { each: true })
  events!: WebhookEvent[];
}

export class UpdateWebhookDto extends CreateWebhookDto {
  @VersionProperty()
  version!: number;

  @ApiProperty({ description: 'Turning a switched-off webhook back on clears its failure record.' })
  @IsBoolean()
  active!: boolean;

  @ApiPropertyOptional({
    deprecated: true,
    description: 'The format cannot change; create a new webhook instead.',
  })
  @IsOptional()
  @IsIn(webhookFormats)
  declare format: WebhookFormat;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: webhookFormats }) format!: WebhookFormat;
  @ApiProperty({ enum: webhookEvents, isArray: true }) events!: WebhookEvent[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Deliveries that gave up in a row.' }) consecutiveFailures!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was switched off.' }) disabledReason!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'The signing secret, shown only now: verify X-Kaizen-Signature with it.' })
  secret!: string;
}

export class WebhookPageDto extends PageDto(WebhookDto) {}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() event!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: 'pending' | 'delivered' | 'failed';
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt!: string | null;
}

export class WebhookDetailDto extends WebhookDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'The 20 most recent deliveries.' })
  deliveries!: WebhookDeliveryDto[];
}
