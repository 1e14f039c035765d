import { Body, Controller, Get, Header, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { ExperimentDto, type ExperimentSummaryDto } from '@kaizen/api/data-access-experiments';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import {
  CheckInDto,
  CheckInInputDto,
  CheckInPageDto,
  CommentDto,
  CommentInputDto,
  CommentPageDto,
  CreateExperimentDto,
  ExperimentPageDto,
  ExperimentQueryDto,
  ResultInputDto,
  TimelineEventDto,
  TimelinePageDto,
  TransitionDto,
  UpdateExperimentDto,
} from './experiment.dto';
import { ExperimentsService } from './experiments.service';
import { LessonInputDto } from './lesson-input.dto';

@ApiTags('experiments')
@ApiBearerAuth()
@Controller('experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Get()
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'listExperiments', summary: 'Filter, sort and page through experiments' })
  @ApiOkResponse({ type: ExperimentPageDto })
  list(@Query() query: ExperimentQueryDto): Promise<Page<ExperimentSummaryDto>> {
    return this.experiments.list(query);
  }

  @Get('export')
  @Requires('experiments.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="experiments.csv"')
  @ApiOperation({ operationId: 'exportExperiments', summary: 'All experiments as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  export(): Promise<string> {
    return this.experiments.exportCsv();
  }

  @Post()
  @Requires('experiments.write')
  @ApiOperation({ operationId: 'createExperiment', summary: 'Start a draft; you own it' })
  @Creates(ExperimentDto, (experiment) => `experiments/${experiment.id}`)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateExperimentDto): Promise<ExperimentDto> {
    return this.experiments.create(actor, dto);
  }

  @Get(':id')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'getExperiment',
    summary: 'Everything about an experiment, and what you may do next',
  })
  @ApiOkResponse({ type: ExperimentDto })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ExperimentDto> {
    return this.experiments.detail(actor, id);
  }

  @Patch(':id')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'updateExperiment',
    summary: 'Edit; the plan only before approval; a stale version gets 409',
  })
  @ApiOkResponse({ type: ExperimentDto })
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateExperimentDto,
  ): Promise<ExperimentDto> {
    return this.experiments.update(actor, id, dto);
  }

  @Post(':id/transitions')
  @Requires('experiments.write')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'transitionExperiment',
    summary:
      'Move it on: propose, approve, request changes, reject, start, stop, conclude, learn, close. Not allowed: 409 naming what is.',
  })
  @ApiOkResponse({ type: ExperimentDto })
  transition(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: TransitionDto,
  ): Promise<ExperimentDto> {
    return this.experiments.transition(actor, id, dto);
  }

  @Put(':id/result')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'recordResult',
    summary: 'The measured value, the verdict, the evidence, actual hours and spend',
  })
  @ApiOkResponse({ type: ExperimentDto })
  recordResult(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ResultInputDto,
  ): Promise<ExperimentDto> {
    return this.experiments.recordResult(actor, id, dto);
  }

  @Put(':id/lesson')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'captureLesson',
    summary: 'The lesson: insight, recommendation, assumptions, tags, visibility',
  })
  @ApiOkResponse({ type: ExperimentDto })
  captureLesson(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: LessonInputDto,
  ): Promise<ExperimentDto> {
    return this.experiments.captureLesson(actor, id, dto);
  }

  @Get(':id/timeline')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'getExperimentTimeline',
    summary: 'Every transition and edit: who, when, why, before and after',
  })
  @ApiOkResponse({ type: TimelinePageDto })
  timeline(@IdParam() id: string, @Query() page: PageQueryDto): Promise<Page<TimelineEventDto>> {
    return this.experiments.timeline(id, page);
  }

  @Get(':id/check-ins')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'listCheckIns' })
  @ApiOkResponse({ type: CheckInPageDto })
  checkIns(@IdParam() id: string, @Query() page: PageQueryDto): Promise<Page<CheckInDto>> {
    return this.experiments.checkIns(id, page);
  }

  @Get(':id/check-ins/:checkInId')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'getCheckIn' })
  @ApiOkResponse({ type: CheckInDto })
  checkInOf(@IdParam() id: string, @IdParam('checkInId') checkInId: string): Promise<CheckInDto> {
    return this.experiments.checkInOf(id, checkInId);
  }

  @Post(':id/check-ins')
  @Requires('experiments.write')
  @ApiOperation({ operationId: 'addCheckIn', summary: 'Progress, confidence and blockers while it runs' })
  @Creates(CheckInDto, (checkIn, params) => `experiments/${params.id}/check-ins/${checkIn.id}`)
  checkIn(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CheckInInputDto,
  ): Promise<CheckInDto> {
    return this.experiments.checkIn(actor, id, dto);
  }

  @Get(':id/comments')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'listComments' })
  @ApiOkResponse({ type: CommentPageDto })
  comments(@IdParam() id: string, @Query() page: PageQueryDto): Promise<Page<CommentDto>> {
    return this.experiments.comments(id, page);
  }

  @Get(':id/comments/:commentId')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'getComment' })
  @ApiOkResponse({ type: CommentDto })
  commentOf(@IdParam() id: string, @IdParam('commentId') commentId: string): Promise<CommentDto> {
    return this.experiments.commentOf(id, commentId);
  }

  @Post(':id/comments')
  @Requires('experiments.write')
  @ApiOperation({ operationId: 'addComment', summary: 'Comment, mentioning people by membership id' })
  @Creates(CommentDto, (comment, params) => `experiments/${params.id}/comments/${comment.id}`)
  comment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CommentInputDto,
  ): Promise<CommentDto> {
    return this.experiments.comment(actor, id, dto);
  }
}
