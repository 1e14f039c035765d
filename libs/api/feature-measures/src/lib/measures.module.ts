import { Module } from '@nestjs/common';
import { MeasureLinksRepository } from '@kaizen/api/data-access-measures';
import { ExperimentMeasureController } from './experiment-measure.controller';
import { MeasuresController } from './measures.controller';
import { MeasuresRepository } from './measures.repository';
import { MeasuresService } from './measures.service';

/** Measures over time: data points and their history, CSV import, run and control charts, experiments' baselines and change moments. */
@Module({
  controllers: [MeasuresController, ExperimentMeasureController],
  providers: [MeasuresService, MeasuresRepository, MeasureLinksRepository],
})
export class MeasuresModule {}
