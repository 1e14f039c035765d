import { Module } from '@nestjs/common';
import { EnvelopesRepository } from './envelopes.repository';
import { ExperimentEvents } from './experiment-events';
import { ExperimentsRepository } from './experiments.repository';
import { LessonsRepository } from './lessons.repository';

/**
 * What the experiment loop's features share (experiments, lessons, budgets): the experiment and its relations, its
 * event log, its lesson and the envelopes an approval draws from. Features may not import each other; they import this.
 */
@Module({
  providers: [ExperimentsRepository, ExperimentEvents, LessonsRepository, EnvelopesRepository],
  exports: [ExperimentsRepository, ExperimentEvents, LessonsRepository, EnvelopesRepository],
})
export class ExperimentDataModule {}
