import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam } from '@kaizen/api/util-core';
import { ComparisonDto, ComparisonQueryDto, RollupSeriesDto, SeriesQueryDto } from './rollups.dto';
import { RollupsExport } from './rollups-export';
import { RollupsService } from './rollups.service';

const csv = { type: 'text/csv; charset=utf-8' };

@ApiTags('learning')
@ApiBearerAuth()
@Controller('rollups')
export class RollupsController {
  constructor(
    private readonly rollups: RollupsService,
    private readonly exports: RollupsExport,
  ) {}

  @Get('organisation')
  @Requires('rollups.read')
  @ApiOperation({
    operationId: 'getOrganisationRollup',
    summary: 'The organisation’s learning, period by period',
  })
  @ApiOkResponse({ type: RollupSeriesDto })
  organisation(@CurrentActor() actor: Actor, @Query() q: SeriesQueryDto): Promise<RollupSeriesDto> {
    return this.rollups.series(actor, 'organisation', actor.organisationId, q.period, q.count);
  }

  @Get('organisation/export')
  @Requires('rollups.read')
  @Header('content-type', csv.type)
  @ApiOperation({ operationId: 'exportOrganisationRollup' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async organisationCsv(@CurrentActor() actor: Actor, @Query() q: SeriesQueryDto): Promise<string> {
    return this.exports.series(await this.organisation(actor, q));
  }

  @Get('comparison')
  @Requires('rollups.read')
  @ApiOperation({
    operationId: 'compareDepartments',
    summary: 'Departments on a funnel plot of one metric: each against the organisation’s rate, never ranked',
  })
  @ApiOkResponse({ type: ComparisonDto })
  comparison(@CurrentActor() actor: Actor, @Query() q: ComparisonQueryDto): Promise<ComparisonDto> {
    return this.rollups.comparison(actor, q.metric, q.period ?? 'quarter', q.count ?? 4);
  }

  @Get('comparison/export')
  @Requires('rollups.read')
  @Header('content-type', csv.type)
  @ApiOperation({ operationId: 'exportDepartmentComparison' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async comparisonCsv(@CurrentActor() actor: Actor, @Query() q: ComparisonQueryDto): Promise<string> {
    return this.exports.comparison(await this.comparison(actor, q));
  }

  @Get('departments/:id')
  @Requires('rollups.read')
  @ApiOperation({
    operationId: 'getDepartmentRollup',
    summary: 'A department’s learning, sub-departments included',
  })
  @ApiOkResponse({ type: RollupSeriesDto })
  department(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() q: SeriesQueryDto,
  ): Promise<RollupSeriesDto> {
    return this.rollups.series(actor, 'department', id, q.period, q.count);
  }

  @Get('departments/:id/export')
  @Requires('rollups.read')
  @Header('content-type', csv.type)
  @ApiOperation({ operationId: 'exportDepartmentRollup' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async departmentCsv(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() q: SeriesQueryDto,
  ): Promise<string> {
    return this.exports.series(await this.department(actor, id, q));
  }

  @Get('teams/:id')
  @Requires('rollups.read')
  @ApiOperation({ operationId: 'getTeamRollup' })
  @ApiOkResponse({ type: RollupSeriesDto })
  team(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() q: SeriesQueryDto,
  ): Promise<RollupSeriesDto> {
    return this.rollups.series(actor, 'team', id, q.period, q.count);
  }

  @Get('teams/:id/export')
  @Requires('rollups.read')
  @Header('content-type', csv.type)
  @ApiOperation({ operationId: 'exportTeamRollup' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async teamCsv(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() q: SeriesQueryDto,
  ): Promise<string> {
    return this.exports.series(await this.team(actor, id, q));
  }

  @Get('members/:id')
  @Requires('rollups.read')
  @ApiOperation({
    operationId: 'getMemberRollup',
    summary: 'One person’s figures: for them, their team leads and department heads only',
  })
  @ApiOkResponse({ type: RollupSeriesDto })
  member(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() q: SeriesQueryDto,
  ): Promise<RollupSeriesDto> {
    return this.rollups.series(actor, 'member', id, q.period, q.count);
  }

  @Get('members/:id/export')
  @Requires('rollups.read')
  @Header('content-type', csv.type)
  @ApiOperation({ operationId: 'exportMemberRollup' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async memberCsv(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() q: SeriesQueryDto,
  ): Promise<string> {
    return this.exports.series(await this.member(actor, id, q));
  }
}
