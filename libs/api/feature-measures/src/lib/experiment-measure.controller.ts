import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, type Actor } from '@kaizen/api/data-access-auth';
import { IdParam } from '@kaizen/api/util-core';
import { ExperimentMeasureDto, ExperimentMeasureInputDto, ExperimentMeasureLinkDto } from './measure.dto';
import { MeasuresService } from './measures.service';

@ApiTags('measures')
@ApiBearerAuth()
@Controller('experiments')
export class ExperimentMeasureController {
  constructor(private readonly measures: MeasuresService) {}

  @Get(':id/measure')
  @Requires('experiments.read')
  @ApiOperation({
    operationId: 'getExperimentMeasure',
    summary: "The experiment's measure, its baseline and change moments; `link` is null while none is linked",
  })
  @ApiOkResponse({ type: ExperimentMeasureLinkDto })
  get(@IdParam() id: string): Promise<ExperimentMeasureLinkDto> {
    return this.measures.experimentMeasure(id);
  }

  @Put(':id/measure')
  @Requires('experiments.write')
  @ApiOperation({
    operationId: 'setExperimentMeasure',
    summary:
      'Link the measure, mark the baseline and the change moments (each PDSA cycle’s start); its editors may',
  })
  @ApiOkResponse({ type: ExperimentMeasureDto })
  set(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ExperimentMeasureInputDto,
  ): Promise<ExperimentMeasureDto> {
    return this.measures.linkExperiment(actor, id, dto);
  }
}
