import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import {
  isTimeZone,
  notificationKinds,
  timeZoneRule,
  type NotificationKind,
} from '@kaizen/shared/domain-schedules';
import { NestedObject, PageDto, PageQueryDto, Satisfies } from '@kaizen/api/util-core';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: notificationKinds })
  kind!: NotificationKind;

  @ApiProperty({ description: 'In your language.' })
  title!: string;

  @ApiProperty({ type: [String], description: 'Paragraphs, in your language.' })
  body!: string[];

  @ApiProperty({ description: 'Where in the app it leads, e.g. /experiments/<id>.' })
  path!: string;

  @ApiProperty({ description: 'The label of the link that leads there.' })
  action!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt!: string | null;
}

export class NotificationPageDto extends PageDto(NotificationDto) {}

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread ones.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class UnreadCountDto {
  @ApiProperty()
  count!: number;
}

export class MarkedDto {
  @ApiProperty({ description: 'How many notifications were marked read.' })
  marked!: number;
}

export class QuietHoursDto {
  @ApiProperty({ minimum: 0, maximum: 23, example: 20, description: 'Local hour the quiet starts.' })
  @IsInt()
  @Min(0)
  @Max(23)
  start!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 23,
    example: 8,
    description: 'Local hour it ends; equal to start means no quiet hours.',
  })
  @IsInt()
  @Min(0)
  @Max(23)
  end!: number;
}

export class EmailPreferencesDto {
  @ApiProperty({ description: 'Check-ins, results, lessons and escalated approvals.' })
  @IsBoolean()
  reminders!: boolean;

  @ApiProperty({ description: 'A review of one of your units opened.' })
  @IsBoolean()
  reviews!: boolean;

  @ApiProperty({ description: 'The weekly "what we learned" digest.' })
  @IsBoolean()
  digest!: boolean;
}

export class PreferencesDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Europe/Amsterdam',
    description: 'Your time zone; null follows the organisation.',
  })
  @ValidateIf((_dto, value) => value !== null)
  @Satisfies('isTimeZone', isTimeZone, timeZoneRule)
  timeZone!: string | null;

  @ApiProperty({ type: QuietHoursDto })
  @NestedObject(() => QuietHoursDto)
  quietHours!: QuietHoursDto;

  @ApiProperty({ type: EmailPreferencesDto })
  @NestedObject(() => EmailPreferencesDto)
  email!: EmailPreferencesDto;
}
