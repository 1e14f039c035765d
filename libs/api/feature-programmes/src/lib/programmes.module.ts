import { Module } from '@nestjs/common';
import { ExperimentsModule } from '@kaizen/api/feature-experiments';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';

/** Improvement programmes: aims, driver diagrams, the tests of change ideas as PDSA ramps, the derived progress score. */
@Module({
  imports: [ExperimentsModule],
  controllers: [ProgrammesController],
  providers: [ProgrammesService, ProgrammesRepository],
})
export class ProgrammesModule {}
