import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { mapPage, PageQueryDto, type Page } from '@kaizen/api/util-core';
import { RemindersRepository } from './reminders.repository';
import { UpcomingReminderDto, UpcomingReminderPageDto } from './reminders.dto';
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
  @ApiOkResponse({ type: UpcomingReminderPageDto })
  async mine(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<Page<UpcomingReminderDto>> {
    return mapPage(await this.reminders.upcomingFor(actor.membershipId, page), upcomingReminderDto);
  }
}
