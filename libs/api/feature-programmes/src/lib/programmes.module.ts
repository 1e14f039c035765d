import { Module } from '@nestjs/common';
import { ExperimentsModule } from '@kaizen/api/feature-experiments';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';
import { SimilarWorkController } from './similar-work.controller';
import { SimilarWorkRepository } from './similar-work.repository';
import { SimilarWorkService } from './similar-work.service';

/**
 * Improvement programmes: aims, driver diagrams, the tests of change ideas as PDSA ramps, the derived progress score;
 * and "has this been tried?", which finds earlier work close to a draft.
 */
@Module({
  imports: [ExperimentsModule],
  controllers: [ProgrammesController, SimilarWorkController],
  providers: [ProgrammesService, ProgrammesRepository, SimilarWorkService, SimilarWorkRepository],
})
export class ProgrammesModule {}
