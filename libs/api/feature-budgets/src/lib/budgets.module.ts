import { Module } from '@nestjs/common';
import { ExperimentDataModule } from '@kaizen/api/data-access-experiments';
import { BudgetsController } from './budgets.controller';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';

/** Budget envelopes of hours and money, and the approval inbox that shows each proposal beside its envelope. */
@Module({
  imports: [ExperimentDataModule],
  controllers: [BudgetsController],
  providers: [BudgetsService, BudgetsRepository],
})
export class BudgetsModule {}
