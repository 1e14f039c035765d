import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto } from '@kaizen/api/util-core';
import { ApiTokenDto, ApiTokenPageDto, CreateApiTokenDto, CreatedApiTokenDto } from './api-token.dto';
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
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<ApiTokenPageDto> {
    return this.tokens.list(actor, 'organisation', query);
  }

  @Post()
  @Requires('tokens.manage')
  @ApiOperation({
    operationId: 'createOrganisationToken',
    summary: 'An API token for an integration; the token is in this answer only',
  })
  @Creates(CreatedApiTokenDto, (token) => `organisation-tokens/${token.id}`)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.tokens.create(actor, 'organisation', dto);
  }

  @Get(':id')
  @Requires('tokens.manage')
  @ApiOperation({ operationId: 'getOrganisationToken', summary: 'One token, without its secret' })
  @ApiOkResponse({ type: ApiTokenDto })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ApiTokenDto> {
    return this.tokens.get(actor, 'organisation', id);
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
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<ApiTokenPageDto> {
    return this.tokens.list(actor, 'personal', query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createPersonalToken',
    summary: 'A token acting as me, within the scopes I choose; the token is in this answer only',
  })
  @Creates(CreatedApiTokenDto, (token) => `personal-tokens/${token.id}`)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.tokens.create(actor, 'personal', dto);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getPersonalToken', summary: 'One token, without its secret' })
  @ApiOkResponse({ type: ApiTokenDto })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ApiTokenDto> {
    return this.tokens.get(actor, 'personal', id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'revokePersonalToken', summary: 'Revoke; it stops working at once' })
  @ApiNoContentResponse()
  revoke(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.tokens.revoke(actor, 'personal', id);
  }
}
