import { Module } from '@nestjs/common';
import { ExperimentDataModule } from '@kaizen/api/data-access-experiments';
import { MeasureLinksRepository } from '@kaizen/api/data-access-measures';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { DecisionsController } from './decisions.controller';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsService } from './experiments.service';

/**
 * The experiment loop: plan, approval, run, result and lesson, with the proposal's decision rule and its proof (the
 * rule is approved with the time and budget and judged at the result, so it lives with the loop).
 */
@Module({
  imports: [NotificationsCoreModule, ExperimentDataModule],
  controllers: [ExperimentsController],
  providers: [ExperimentsService, DecisionsService, DecisionsRepository, MeasureLinksRepository],
  // The app lets lessons and programmes start experiments the way a new draft starts here.
  exports: [ExperimentsService, DecisionsService],
})
export class ExperimentsModule {}

/**
 * The decision routes, served by the loop's own DecisionsService. A module of their own only for their place: the
 * app mounts it after lessons and budgets, where the OpenAPI document (and so the generated client) has them.
 */
@Module({
  imports: [ExperimentsModule],
  controllers: [DecisionsController],
})
export class DecisionsModule {}
