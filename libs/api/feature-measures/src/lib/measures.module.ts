import { Module } from '@nestjs/common';
import { ExperimentDataModule } from '@kaizen/api/data-access-experiments';
import { MeasureLinksRepository } from '@kaizen/api/data-access-measures';
import { OwningUnits } from '@kaizen/api/data-access-organisation';
import { ExperimentMeasureController } from './experiment-measure.controller';
import { MeasuresController } from './measures.controller';
import { MeasuresRepository } from './measures.repository';
import { MeasuresService } from './measures.service';

/** Measures over time: data points and their history, CSV import, run and control charts, experiments' baselines and change moments. */
@Module({
  imports: [ExperimentDataModule],
  controllers: [MeasuresController, ExperimentMeasureController],
  providers: [MeasuresService, MeasuresRepository, MeasureLinksRepository, OwningUnits],
})
export class MeasuresModule {}
