import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Put, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { ProblemDetailsDto } from '@kaizen/api/util-core';
import { CurrentSsoSettingsDto, SaveSsoSettingsDto, SsoSettingsDto } from './sso.dto';
import { SsoSettingsService } from './sso-settings.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('organisation/sso')
export class SsoSettingsController {
  constructor(private readonly settings: SsoSettingsService) {}

  @Get()
  @Requires('organisation.manage')
  @ApiOperation({
    operationId: 'getSsoSettings',
    summary: "The organisation's single sign-on (settings null when none)",
  })
  @ApiOkResponse({ type: CurrentSsoSettingsDto })
  get(): Promise<CurrentSsoSettingsDto> {
    return this.settings.get();
  }

  @Put()
  @Requires('organisation.manage')
  @ApiOperation({
    operationId: 'saveSsoSettings',
    summary: 'Set up or change single sign-on; the issuer must answer OpenID discovery',
  })
  @ApiOkResponse({ type: SsoSettingsDto })
  @ApiResponse({
    status: 409,
    type: ProblemDetailsDto,
    description: 'The slug is taken by another organisation',
  })
  save(
    @CurrentActor() actor: Actor,
    @Body() dto: SaveSsoSettingsDto,
    @Req() request: FastifyRequest,
  ): Promise<SsoSettingsDto> {
    return this.settings.save(actor, dto, request.ip);
  }

  @Delete()
  @Requires('organisation.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'removeSsoSettings',
    summary: 'Turn single sign-on off; its sessions end at their next refresh',
  })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<void> {
    return this.settings.remove(actor, request.ip);
  }
}
