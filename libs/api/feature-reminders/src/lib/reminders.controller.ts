import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { RemindersRepository } from './reminders.repository';
import { UpcomingRemindersDto } from './reminders.dto';
import { upcomingReminderDto } from './reminders.mappers';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersRepository) {}

  @Get('mine')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'myReminders',
    summary: 'What is coming up for me: check-ins, results, lessons and escalated approvals',
  })
  @ApiOkResponse({ type: UpcomingRemindersDto })
  async mine(@CurrentActor() actor: Actor): Promise<UpcomingRemindersDto> {
    return { items: (await this.reminders.upcomingFor(actor.membershipId, 50)).map(upcomingReminderDto) };
  }
}
