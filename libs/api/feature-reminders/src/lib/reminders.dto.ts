import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '@kaizen/api/util-core';
import { reminderKinds, type ReminderKind } from '@kaizen/shared/domain-schedules';

export class UpcomingReminderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: reminderKinds })
  kind!: ReminderKind;

  @ApiProperty({ format: 'uuid' })
  experimentId!: string;

  @ApiProperty()
  experimentTitle!: string;

  @ApiProperty({ format: 'date-time', description: 'When it is due.' })
  dueAt!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the reminder reaches you: the due moment, or the end of your quiet hours.',
  })
  remindAt!: string;
}

export class UpcomingReminderPageDto extends PageDto(UpcomingReminderDto) {}
