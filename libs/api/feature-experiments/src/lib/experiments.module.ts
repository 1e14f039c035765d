import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { BudgetsController } from './budgets.controller';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';
import { DecisionsController } from './decisions.controller';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { ExperimentEvents } from './experiment-events';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsRepository } from './experiments.repository';
import { ExperimentsService } from './experiments.service';
import { LessonsController } from './lessons.controller';
import { LessonsRepository } from './lessons.repository';
import { LessonsService } from './lessons.service';

/** The experiment loop: experiments, approvals and budget envelopes, decision rules and their proof, lessons and their adoption. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [ExperimentsController, LessonsController, BudgetsController, DecisionsController],
  providers: [
    ExperimentEvents,
    ExperimentsService,
    ExperimentsRepository,
    LessonsService,
    LessonsRepository,
    BudgetsService,
    BudgetsRepository,
    DecisionsService,
    DecisionsRepository,
  ],
  // The app lets programmes start follow-up cycles the way a new experiment or an adoption starts here.
  exports: [ExperimentsService, LessonsService],
})
export class ExperimentsModule {}
