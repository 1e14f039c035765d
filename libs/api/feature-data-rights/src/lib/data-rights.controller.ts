import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto } from '@kaizen/api/util-core';
import { DataExportDto, DataExportPageDto, ErasureDto, RetentionDto } from './data-rights.dto';
import { DataRightsService } from './data-rights.service';

/** A person's own exports: what the product holds about them, as a ZIP prepared in the background. */
@ApiTags('data-rights')
@ApiBearerAuth()
@Controller('account/data-exports')
export class DataExportsController {
  constructor(private readonly dataRights: DataRightsService) {}

  @Post()
  @ApiOperation({
    operationId: 'requestDataExport',
    summary: 'Prepare a ZIP of everything held about me here; it can be downloaded for 24 hours',
  })
  @Creates(DataExportDto, (exported) => `account/data-exports/${exported.id}`)
  request(@CurrentActor() actor: Actor): Promise<DataExportDto> {
    return this.dataRights.requestExport(actor, actor.membershipId);
  }

  @Get()
  @ApiOperation({ operationId: 'listDataExports', summary: 'Exports I asked for, newest first' })
  @ApiOkResponse({ type: DataExportPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<DataExportPageDto> {
    return this.dataRights.exports(actor, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getDataExport', summary: 'An export and how far it is prepared' })
  @ApiOkResponse({ type: DataExportDto })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<DataExportDto> {
    return this.dataRights.export(actor, id);
  }

  @Get(':id/file')
  @Header('content-type', 'application/zip')
  @Header('content-disposition', 'attachment; filename="kaizen-loop-export.zip"')
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'downloadDataExport', summary: 'The ZIP, while its 24 hours last' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiGoneResponse({ description: 'The export expired; its file is gone.' })
  download(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<Buffer> {
    return this.dataRights.download(actor, id);
  }
}

/** An admin acting on a member's data rights: an export for a data-subject request, and erasure. */
@ApiTags('data-rights')
@ApiBearerAuth()
@Controller('members')
export class MemberDataRightsController {
  constructor(private readonly dataRights: DataRightsService) {}

  @Post(':id/data-exports')
  @Requires('members.manage')
  @ApiOperation({
    operationId: 'requestMemberDataExport',
    summary: "Prepare a ZIP of a member's data for the admin who asks (a data-subject request)",
  })
  // The admin who asks downloads it, from their own exports.
  @Creates(DataExportDto, (exported) => `account/data-exports/${exported.id}`)
  requestExport(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<DataExportDto> {
    return this.dataRights.requestExport(actor, id);
  }

  @Post(':id/erasure')
  @Requires('members.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'eraseMember',
    summary:
      'Erase a person, irreversibly: identity removed, sessions ended, what they wrote kept as "Former member"',
  })
  @ApiNoContentResponse()
  async erase(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ErasureDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.dataRights.erase(actor, id, dto.confirmName, request.ip);
  }
}

/** How long the organisation keeps notifications, audit entries and deactivated accounts. */
@ApiTags('data-rights')
@ApiBearerAuth()
@Controller('organisation/retention')
export class RetentionController {
  constructor(private readonly dataRights: DataRightsService) {}

  @Get()
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'getRetention' })
  @ApiOkResponse({ type: RetentionDto })
  get(): Promise<RetentionDto> {
    return this.dataRights.retention();
  }

  @Put()
  @Requires('organisation.manage')
  @ApiOperation({ operationId: 'setRetention', summary: 'Retention periods; a daily job applies them' })
  @ApiOkResponse({ type: RetentionDto })
  set(
    @CurrentActor() actor: Actor,
    @Body() dto: RetentionDto,
    @Req() request: FastifyRequest,
  ): Promise<RetentionDto> {
    return this.dataRights.setRetention(actor, dto, request.ip);
  }
}
