import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import {
  AddStatementDto,
  InstrumentDto,
  OpenScanDto,
  ReminderRoundDto,
  ScanDetailDto,
  ScanDto,
  ScanPageDto,
  ScanResultsDto,
  ScanSettingsDto,
  SubmitResponseDto,
  TrendDto,
  TrendQueryDto,
  UpdateScanSettingsDto,
} from './scans.dto';
import { ScansService } from './scans.service';

@ApiTags('scans')
@ApiBearerAuth()
@Controller()
export class ScansController {
  constructor(private readonly scans: ScansService) {}

  @Get('scan-instrument')
  @Requires('scans.answer')
  @ApiOperation({ operationId: 'getScanInstrument', summary: 'The current version of the scan’s statements' })
  @ApiOkResponse({ type: InstrumentDto })
  instrument(): Promise<InstrumentDto> {
    return this.scans.instrument();
  }

  @Post('scan-instrument/statements')
  @Requires('scans.manage')
  @ApiOperation({
    operationId: 'addScanStatement',
    summary: 'Adds a statement of your own, as a new instrument version; earlier scans keep theirs',
  })
  @Creates(InstrumentDto, () => 'scan-instrument')
  addStatement(@Body() dto: AddStatementDto): Promise<InstrumentDto> {
    return this.scans.addStatement(dto);
  }

  @Get('scan-settings')
  @Requires('scans.results')
  @ApiOperation({ operationId: 'getScanSettings', summary: 'The anonymity threshold' })
  @ApiOkResponse({ type: ScanSettingsDto })
  settings(): Promise<ScanSettingsDto> {
    return this.scans.settings();
  }

  @Put('scan-settings')
  @Requires('scans.manage')
  @ApiOperation({ operationId: 'updateScanSettings', summary: 'Sets the anonymity threshold (at least 3)' })
  @ApiOkResponse({ type: ScanSettingsDto })
  updateSettings(@Body() dto: UpdateScanSettingsDto): Promise<ScanSettingsDto> {
    return this.scans.updateSettings(dto.minResponses);
  }

  @Get('scans')
  @Requires('scans.answer')
  @ApiOperation({ operationId: 'listScans', summary: 'Scans, newest first, with your own participation' })
  @ApiOkResponse({ type: ScanPageDto })
  list(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<Page<ScanDto>> {
    return this.scans.list(actor, page);
  }

  @Post('scans')
  @Requires('scans.manage')
  @ApiOperation({
    operationId: 'openScan',
    summary:
      'Opens a scan for the organisation or some departments; invitations and reminders go out by mail',
  })
  @Creates(ScanDetailDto, (scan) => `scans/${scan.id}`)
  open(@CurrentActor() actor: Actor, @Body() dto: OpenScanDto): Promise<ScanDetailDto> {
    return this.scans.open(actor, dto);
  }

  @Get('scans/trend')
  @Requires('scans.results')
  @ApiOperation({ operationId: 'getScanTrend', summary: 'One group’s scores across closed scans' })
  @ApiOkResponse({ type: TrendDto })
  trend(@CurrentActor() actor: Actor, @Query() query: TrendQueryDto): Promise<TrendDto> {
    return this.scans.trend(actor, query.group);
  }

  @Get('scans/:id')
  @Requires('scans.answer')
  @ApiOperation({
    operationId: 'getScan',
    summary: 'A scan with the statements of its pinned instrument version',
  })
  @ApiOkResponse({ type: ScanDetailDto })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ScanDetailDto> {
    return this.scans.get(actor, id);
  }

  @Post('scans/:id/responses')
  @Requires('scans.answer')
  @HttpCode(204)
  @ApiOperation({ operationId: 'answerScan', summary: 'Answers a scan, anonymously and once' })
  @ApiNoContentResponse()
  async respond(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SubmitResponseDto,
  ): Promise<void> {
    await this.scans.respond(actor, id, dto);
  }

  @Post('scans/:id/reminders')
  @Requires('scans.manage')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'remindScan',
    summary: 'Sends the next reminder round now (at most two per scan)',
  })
  @ApiAcceptedResponse({ type: ReminderRoundDto })
  remind(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ReminderRoundDto> {
    return this.scans.remindNow(actor, id);
  }

  @Post('scans/:id/close')
  @Requires('scans.manage')
  @HttpCode(200)
  @ApiOperation({ operationId: 'closeScan', summary: 'Ends the answering window now' })
  @ApiOkResponse({ type: ScanDto })
  close(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ScanDto> {
    return this.scans.close(actor, id);
  }

  @Get('scans/:id/results')
  @Requires('scans.results')
  @ApiOperation({
    operationId: 'getScanResults',
    summary: 'Results per group once closed; small groups and what would give them away are hidden',
  })
  @ApiOkResponse({ type: ScanResultsDto })
  results(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ScanResultsDto> {
    return this.scans.results(actor, id);
  }
}
