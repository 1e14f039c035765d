import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam } from '@kaizen/api/util-core';
import {
  BandsQueryDto,
  CreateNodeDto,
  CreateProgrammeDto,
  DriverNodeDto,
  FollowUpDto,
  FollowUpResultDto,
  LinkExperimentDto,
  OverrideDto,
  PortfolioExportQueryDto,
  ProgrammeDto,
  ProgrammeListQueryDto,
  ProgrammePageDto,
  ProgressBandsDto,
  UpdateNodeDto,
  UpdateProgrammeDto,
} from './programme.dto';
import { ProgrammesService } from './programmes.service';

type Reply = Pick<FastifyReply, 'header'>;

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'listProgrammes',
    summary:
      'Programmes with aim and progress score, most recently changed first (limit default 25, at most 100)',
  })
  @ApiOkResponse({ type: ProgrammePageDto })
  list(@Query() query: ProgrammeListQueryDto): Promise<ProgrammePageDto> {
    return this.programmes.list(query);
  }

  @Get('portfolio')
  @Requires('programmes.portfolio')
  @ApiOperation({
    operationId: 'getPortfolio',
    summary:
      'Every programme for heads and admins: aim, score, trend, last activity; by department; stalled ones flagged (limit default 25, at most 100)',
  })
  @ApiOkResponse({ type: ProgrammePageDto })
  portfolio(@Query() query: ProgrammeListQueryDto): Promise<ProgrammePageDto> {
    return this.programmes.list(query);
  }

  @Get('portfolio/export')
  @Requires('programmes.portfolio')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="programmes.csv"')
  @ApiOperation({ operationId: 'exportPortfolio', summary: 'The portfolio as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  exportPortfolio(@Query() query: PortfolioExportQueryDto): Promise<string> {
    return this.programmes.exportPortfolio(query);
  }

  @Get('bands')
  @Requires('rollups.read')
  @ApiOperation({
    operationId: 'getProgressBands',
    summary:
      'How many active programmes stand in each band of the progress score, for the organisation or a department (dashboard)',
  })
  @ApiOkResponse({ type: ProgressBandsDto })
  bands(@Query() query: BandsQueryDto): Promise<ProgressBandsDto> {
    return this.programmes.bands(query);
  }

  @Post()
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'createProgramme',
    summary: 'A programme of a team, department or the organisation; you lead it',
  })
  @Creates(ProgrammeDto, (programme) => `programmes/${programme.id}`)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgrammeDto): Promise<ProgrammeDto> {
    return this.programmes.create(actor, dto);
  }

  @Get(':id')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'getProgramme',
    summary: 'The programme with its team, driver diagram, ramps and progress score with its reasons',
  })
  @ApiOkResponse({ type: ProgrammeDto })
  get(@IdParam() id: string): Promise<ProgrammeDto> {
    return this.programmes.detail(id);
  }

  @Patch(':id')
  @Requires('experiments.write')
  @ApiOperation({ operationId: 'updateProgramme', summary: 'Title, aim or team; a stale version gets 409' })
  @ApiOkResponse({ type: ProgrammeDto })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateProgrammeDto,
  ): Promise<ProgrammeDto> {
    return this.programmes.update(actor, id, dto);
  }

  @Delete(':id')
  @Requires('experiments.write')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'archiveProgramme', summary: 'Archive; it stays readable' })
  @ApiNoContentResponse()
  archive(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.programmes.archive(actor, id);
  }

  @Put(':id/override')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'overrideProgress',
    summary: "The lead's score instead of the derived one, with a written reason; both stay visible",
  })
  @ApiOkResponse({ type: ProgrammeDto })
  override(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: OverrideDto,
  ): Promise<ProgrammeDto> {
    return this.programmes.override(actor, id, dto);
  }

  @Delete(':id/override')
  @Requires('experiments.write')
  @ApiOperation({ operationId: 'clearProgressOverride', summary: 'Back to the derived score' })
  @ApiOkResponse({ type: ProgrammeDto })
  clearOverride(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ProgrammeDto> {
    return this.programmes.clearOverride(actor, id);
  }

  @Post(':id/nodes')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'addDriverNode',
    summary:
      'A driver or change idea; the tree rules refuse a misplaced one with 400 naming parentId and the rule',
  })
  @Creates(DriverNodeDto, (node, params) => `programmes/${params['id']}/nodes/${node.id}`)
  addNode(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateNodeDto,
  ): Promise<DriverNodeDto> {
    return this.programmes.addNode(actor, id, dto);
  }

  @Get(':id/nodes/:nodeId')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'getDriverNode', summary: 'One driver or change idea, with its tests' })
  @ApiOkResponse({ type: DriverNodeDto })
  getNode(@IdParam() id: string, @IdParam('nodeId') nodeId: string): Promise<DriverNodeDto> {
    return this.programmes.node(id, nodeId);
  }

  @Patch(':id/nodes/:nodeId')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'updateDriverNode',
    summary: 'Rename, reorder or move a node; a move under itself gets 409 (noCycle)',
  })
  @ApiOkResponse({ type: DriverNodeDto })
  updateNode(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('nodeId') nodeId: string,
    @Body() dto: UpdateNodeDto,
  ): Promise<DriverNodeDto> {
    return this.programmes.updateNode(actor, id, nodeId, dto);
  }

  @Delete(':id/nodes/:nodeId')
  @Requires('experiments.write')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteDriverNode',
    summary: 'Delete a node with nothing under it and no linked tests (else 409)',
  })
  @ApiNoContentResponse()
  deleteNode(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('nodeId') nodeId: string,
  ): Promise<void> {
    return this.programmes.deleteNode(actor, id, nodeId);
  }

  @Post(':id/nodes/:nodeId/experiments')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'linkChangeIdeaExperiment',
    summary: 'An experiment (PDSA cycle) tests this change idea',
  })
  @Creates(DriverNodeDto, (node, params) => `programmes/${params['id']}/nodes/${node.id}`)
  link(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('nodeId') nodeId: string,
    @Body() dto: LinkExperimentDto,
  ): Promise<DriverNodeDto> {
    return this.programmes.link(actor, id, nodeId, dto.experimentId);
  }

  @Delete(':id/nodes/:nodeId/experiments/:experimentId')
  @Requires('experiments.write')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'unlinkChangeIdeaExperiment' })
  @ApiNoContentResponse()
  unlink(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('nodeId') nodeId: string,
    @IdParam('experimentId') experimentId: string,
  ): Promise<void> {
    return this.programmes.unlink(actor, id, nodeId, experimentId);
  }

  @Post(':id/follow-ups')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'decideCycle',
    summary:
      'After a finished cycle: adopt or adapt starts the next cycle of the ramp (in another team by adopting the lesson); abandon ends it',
  })
  @ApiCreatedResponse({ type: FollowUpResultDto })
  async followUp(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: FollowUpDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<FollowUpResultDto> {
    const result = await this.programmes.followUp(actor, id, dto);
    if (result.followUpExperimentId)
      reply.header('location', `/api/experiments/${result.followUpExperimentId}`);
    return result;
  }
}
