import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam } from '@kaizen/api/util-core';
import { ApiTokenPageDto, ApiTokenQueryDto, CreateApiTokenDto, CreatedApiTokenDto } from './api-token.dto';
import { ApiTokensService } from './api-tokens.service';

@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('organisation-tokens')
export class OrganisationTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @Requires('tokens.manage')
  @ApiOperation({
    operationId: 'listOrganisationTokens',
    summary: 'The organisation’s API tokens, newest first',
  })
  @ApiOkResponse({ type: ApiTokenPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ApiTokenQueryDto): Promise<ApiTokenPageDto> {
    return this.tokens.list(actor, 'organisation', query);
  }

  @Post()
  @Requires('tokens.manage')
  @ApiOperation({
    operationId: 'createOrganisationToken',
    summary: 'An API token for an integration; the token is in this answer only',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateApiTokenDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedApiTokenDto> {
    const created = await this.tokens.create(actor, 'organisation', dto);
    reply.header('location', `/api/organisation-tokens/${created.id}`);
    return created;
  }

  @Delete(':id')
  @Requires('tokens.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'revokeOrganisationToken', summary: 'Revoke; it stops working at once' })
  @ApiNoContentResponse()
  revoke(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.tokens.revoke(actor, 'organisation', id);
  }
}

/** A person's own tokens: no permission needed, and no token reaches these routes (tokens never mint tokens). */
@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('personal-tokens')
export class PersonalTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({
    operationId: 'listPersonalTokens',
    summary: 'My API tokens in this organisation, newest first',
  })
  @ApiOkResponse({ type: ApiTokenPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ApiTokenQueryDto): Promise<ApiTokenPageDto> {
    return this.tokens.list(actor, 'personal', query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createPersonalToken',
    summary: 'A token acting as me, within the scopes I choose; the token is in this answer only',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateApiTokenDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedApiTokenDto> {
    const created = await this.tokens.create(actor, 'personal', dto);
    reply.header('location', `/api/personal-tokens/${created.id}`);
    return created;
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'revokePersonalToken', summary: 'Revoke; it stops working at once' })
  @ApiNoContentResponse()
  revoke(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.tokens.revoke(actor, 'personal', id);
  }
}
