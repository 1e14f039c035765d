import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import {
  ChartDto,
  ChartQueryDto,
  CreateMeasureDto,
  MeasureDto,
  MeasurePageDto,
  MeasureQueryDto,
  PointDto,
  PointGridDto,
  PointImportDto,
  PointImportResultDto,
  PointInputDto,
  PointPageDto,
  PointRevisionDto,
  PointRevisionPageDto,
  UpdateMeasureDto,
  UpdatePointDto,
} from './measure.dto';
import { MeasuresService } from './measures.service';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Get()
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'listMeasures',
    summary: 'Measures, most recently changed first, a page at a time',
  })
  @ApiOkResponse({ type: MeasurePageDto })
  list(@Query() query: MeasureQueryDto): Promise<Page<MeasureDto>> {
    return this.measures.list(query);
  }

  @Post()
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'createMeasure',
    summary: 'A measure of a team, a department or the organisation',
  })
  @Creates(MeasureDto, (measure) => `measures/${measure.id}`)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeasureDto): Promise<MeasureDto> {
    return this.measures.create(actor, dto);
  }

  @Get(':id')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'getMeasure' })
  @ApiOkResponse({ type: MeasureDto })
  get(@IdParam() id: string): Promise<MeasureDto> {
    return this.measures.detail(id);
  }

  @Patch(':id')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'updateMeasure',
    summary: 'Rename, redefine, turn its direction or scale; a stale version gets 409',
  })
  @ApiOkResponse({ type: MeasureDto })
  update(@IdParam() id: string, @Body() dto: UpdateMeasureDto): Promise<MeasureDto> {
    return this.measures.update(id, dto);
  }

  @Delete(':id')
  @Requires('experiments.write')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'archiveMeasure', summary: 'Archive; its data and charts stay readable' })
  @ApiNoContentResponse()
  archive(@IdParam() id: string): Promise<void> {
    return this.measures.archive(id);
  }

  @Get(':id/chart')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'getMeasureChart',
    summary:
      'The series, its run and control charts, signals classed improvement or concern, and the linked experiments as annotations',
  })
  @ApiOkResponse({ type: ChartDto })
  chart(@IdParam() id: string, @Query() query: ChartQueryDto): Promise<ChartDto> {
    return this.measures.chart(id, query);
  }

  @Get(':id/points')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'listMeasurePoints', summary: 'Its data points, by period' })
  @ApiOkResponse({ type: PointPageDto })
  points(@IdParam() id: string, @Query() page: PageQueryDto): Promise<Page<PointDto>> {
    return this.measures.points(id, page);
  }

  @Get(':id/points/:pointId')
  @Requires('experiments.read')
  @ApiOperation({ operationId: 'getMeasurePoint' })
  @ApiOkResponse({ type: PointDto })
  point(@IdParam() id: string, @IdParam('pointId') pointId: string): Promise<PointDto> {
    return this.measures.point(id, pointId);
  }

  @Post(':id/points')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'addMeasurePoint',
    summary: 'One data point; a period the measure has gets 409',
  })
  @Creates(PointDto, (point, params) => `measures/${params.id}/points/${point.id}`)
  addPoint(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: PointInputDto,
  ): Promise<PointDto> {
    return this.measures.addPoint(actor, id, dto);
  }

  @Put(':id/points')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'putMeasurePoints',
    summary:
      'A grid of points: new periods are added, periods it has get the new values (each change kept as a revision)',
  })
  @ApiOkResponse({ type: [PointDto] })
  putGrid(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: PointGridDto,
  ): Promise<PointDto[]> {
    return this.measures.putGrid(actor, id, dto);
  }

  @Post(':id/points/import')
  @Requires('experiments.write')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'importMeasurePoints',
    summary:
      'CSV import; dryRun previews the rows and every problem. Any bad row refuses the whole file: 400 naming each row and column.',
  })
  @ApiOkResponse({ type: PointImportResultDto })
  importCsv(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: PointImportDto,
  ): Promise<PointImportResultDto> {
    return this.measures.importCsv(actor, id, dto);
  }

  @Get(':id/revisions')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'listMeasureRevisions',
    summary: 'The editing history of its points, newest first',
  })
  @ApiOkResponse({ type: PointRevisionPageDto })
  revisions(@IdParam() id: string, @Query() page: PageQueryDto): Promise<Page<PointRevisionDto>> {
    return this.measures.revisions(id, page);
  }

  @Patch(':id/points/:pointId')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'updateMeasurePoint',
    summary: 'Correct a point; the earlier values stay in its history',
  })
  @ApiOkResponse({ type: PointDto })
  editPoint(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('pointId') pointId: string,
    @Body() dto: UpdatePointDto,
  ): Promise<PointDto> {
    return this.measures.editPoint(actor, id, pointId, dto);
  }

  @Delete(':id/points/:pointId')
  @Requires('experiments.write')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'deleteMeasurePoint', summary: 'Remove a point; its history keeps it' })
  @ApiNoContentResponse()
  deletePoint(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('pointId') pointId: string,
  ): Promise<void> {
    return this.measures.deletePoint(actor, id, pointId);
  }
}
