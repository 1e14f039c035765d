import {
  applyDecorators,
  Body,
  Controller,
  createParamDecorator,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseFilters,
  type ExecutionContext,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { ScimErrorFilter } from './scim-error.filter';
import { resourceTypes, schemas, SCIM_MEDIA_TYPE, serviceProviderConfig } from './scim-protocol';
import { ScimGroupsService } from './scim-groups.service';
import { ScimUsersService } from './scim-users.service';

/** Where this request's SCIM resources live, for `meta.location` and `$ref`. */
const ScimBase = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return `${request.protocol}://${request.headers.host ?? 'localhost'}/api/scim/v2`;
});

/** A SCIM resource body: RFC 7643's schema, checked by the SCIM code (errors in SCIM's format). */
const ScimBody = (description: string) =>
  applyDecorators(
    ApiConsumes(SCIM_MEDIA_TYPE, 'application/json'),
    ApiBody({ description, required: true, schema: { type: 'object', additionalProperties: true } }),
  );

const ScimAnswer = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { [SCIM_MEDIA_TYPE]: { schema: { type: 'object', additionalProperties: true } } },
  });

const ListQueries = (filters: string) =>
  applyDecorators(
    ApiQuery({ name: 'filter', required: false, description: `One of: ${filters}` }),
    ApiQuery({ name: 'startIndex', required: false, description: '1-based; default 1' }),
    ApiQuery({ name: 'count', required: false, description: 'Default 100, at most 200' }),
  );

function located(reply: FastifyReply, resource: { meta: { location: string } }) {
  reply.header('location', resource.meta.location);
  return resource;
}

@ApiTags('scim')
@ApiBearerAuth()
@UseFilters(ScimErrorFilter)
@Controller('scim/v2/Users')
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  @Get()
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimListUsers', summary: 'SCIM ListResponse of Users (people)' })
  @ListQueries('userName eq "…", externalId eq "…", id eq "…"')
  @ScimAnswer(200, 'ListResponse')
  list(@Query() query: Record<string, unknown>, @ScimBase() base: string) {
    return this.users.list(query, base);
  }

  @Post()
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({
    operationId: 'scimCreateUser',
    summary: 'Provision a person: an account (or an existing one) and a membership',
  })
  @ScimBody('A User (urn:ietf:params:scim:schemas:core:2.0:User); userName is the e-mail address')
  @ScimAnswer(201, 'The User')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @ScimBase() base: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return located(reply, await this.users.create(actor, body, base));
  }

  @Get(':id')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimGetUser' })
  @ScimAnswer(200, 'The User')
  get(@Param('id') id: string, @ScimBase() base: string) {
    return this.users.get(id, base);
  }

  @Put(':id')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({
    operationId: 'scimReplaceUser',
    summary: 'Replace; active false deactivates and ends sessions',
  })
  @ScimBody('The whole User')
  @ScimAnswer(200, 'The User')
  replace(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: unknown,
    @ScimBase() base: string,
  ) {
    return this.users.replace(actor, id, body, base);
  }

  @Patch(':id')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({
    operationId: 'scimPatchUser',
    summary: 'PatchOp (RFC 7644 §3.5.2); active false deactivates and ends sessions',
  })
  @ScimBody('A PatchOp message')
  @ScimAnswer(200, 'The User')
  patch(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: unknown,
    @ScimBase() base: string,
  ) {
    return this.users.patch(actor, id, body, base);
  }

  @Delete(':id')
  @Requires('scim.provision')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'scimDeleteUser',
    summary: 'Deprovision: deactivated, sessions ended, authorship kept',
  })
  @ScimAnswer(204, 'Deleted')
  delete(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.users.delete(actor, id);
  }
}

@ApiTags('scim')
@ApiBearerAuth()
@UseFilters(ScimErrorFilter)
@Controller('scim/v2/Groups')
export class ScimGroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  @Get()
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimListGroups', summary: 'SCIM ListResponse of Groups (active teams)' })
  @ListQueries('displayName eq "…", externalId eq "…", id eq "…"')
  @ScimAnswer(200, 'ListResponse')
  list(@Query() query: Record<string, unknown>, @ScimBase() base: string) {
    return this.groups.list(query, base);
  }

  @Post()
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimCreateGroup', summary: 'A team, with its members' })
  @ScimBody('A Group (urn:ietf:params:scim:schemas:core:2.0:Group)')
  @ScimAnswer(201, 'The Group')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @ScimBase() base: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return located(reply, await this.groups.create(actor, body, base));
  }

  @Get(':id')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimGetGroup' })
  @ScimAnswer(200, 'The Group')
  get(@Param('id') id: string, @ScimBase() base: string) {
    return this.groups.get(id, base);
  }

  @Put(':id')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimReplaceGroup', summary: 'Rename and set the members' })
  @ScimBody('The whole Group')
  @ScimAnswer(200, 'The Group')
  replace(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: unknown,
    @ScimBase() base: string,
  ) {
    return this.groups.replace(actor, id, body, base);
  }

  @Patch(':id')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimPatchGroup', summary: 'PatchOp: rename, add or remove members' })
  @ScimBody('A PatchOp message')
  @ScimAnswer(200, 'The Group')
  patch(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: unknown,
    @ScimBase() base: string,
  ) {
    return this.groups.patch(actor, id, body, base);
  }

  @Delete(':id')
  @Requires('scim.provision')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'scimDeleteGroup', summary: 'Archive the team; its history stays' })
  @ScimAnswer(204, 'Deleted')
  delete(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.groups.delete(actor, id);
  }
}

/** Discovery (RFC 7644 §4), behind the same token as the rest, since it says which organisation's provider this is. */
@ApiTags('scim')
@ApiBearerAuth()
@UseFilters(ScimErrorFilter)
@Controller('scim/v2')
export class ScimDiscoveryController {
  @Get('ServiceProviderConfig')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimServiceProviderConfig' })
  @ScimAnswer(200, 'What this provider supports')
  config(@ScimBase() base: string) {
    return serviceProviderConfig(base);
  }

  @Get('ResourceTypes')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimResourceTypes' })
  @ScimAnswer(200, 'User and Group')
  resourceTypes() {
    return resourceTypes();
  }

  @Get('ResourceTypes/:name')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimResourceType' })
  @ScimAnswer(200, 'One resource type')
  resourceType(@Param('name') name: string) {
    return resourceTypes(name);
  }

  @Get('Schemas')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimSchemas' })
  @ScimAnswer(200, 'The User and Group schemas')
  schemas() {
    return schemas();
  }

  @Get('Schemas/:uri')
  @Requires('scim.provision')
  @Header('content-type', SCIM_MEDIA_TYPE)
  @ApiOperation({ operationId: 'scimSchema' })
  @ScimAnswer(200, 'One schema')
  schema(@Param('uri') uri: string) {
    return schemas(uri);
  }
}
