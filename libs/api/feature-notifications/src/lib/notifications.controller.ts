import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam, type Page } from '@kaizen/api/util-core';
import {
  MarkedDto,
  NotificationDto,
  NotificationPageDto,
  NotificationQueryDto,
  PreferencesDto,
  UnreadCountDto,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'listNotifications', summary: 'My notifications, newest first' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    return this.notifications.page(actor, query);
  }

  @Get('unread-count')
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'unreadNotificationCount' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCountDto> {
    return { count: await this.notifications.unreadCount(actor) };
  }

  @Post('read-all')
  @HttpCode(200)
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'markAllNotificationsRead' })
  @ApiOkResponse({ type: MarkedDto })
  async markAllRead(@CurrentActor() actor: Actor): Promise<MarkedDto> {
    return { marked: await this.notifications.markAllRead(actor) };
  }

  @Get('preferences')
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'getNotificationPreferences' })
  @ApiOkResponse({ type: PreferencesDto })
  preferences(@CurrentActor() actor: Actor): Promise<PreferencesDto> {
    return this.notifications.preferences(actor);
  }

  @Put('preferences')
  @Requires('organisation.read')
  @ApiOperation({
    operationId: 'saveNotificationPreferences',
    summary: 'Time zone, quiet hours and which e-mails I get',
  })
  @ApiOkResponse({ type: PreferencesDto })
  savePreferences(@CurrentActor() actor: Actor, @Body() dto: PreferencesDto): Promise<PreferencesDto> {
    return this.notifications.savePreferences(actor, dto);
  }

  @Post(':id/read')
  @HttpCode(204)
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'markNotificationRead' })
  @ApiNoContentResponse()
  markRead(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.notifications.markRead(actor, id);
  }
}
