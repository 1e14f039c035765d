import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { OwningUnits } from '@kaizen/api/data-access-organisation';
import { CYCLE_STARTER, type CycleStarter } from './cycle-starter';
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
@Module({})
export class ProgrammesModule {
  /** With the experiment loop's way to start a follow-up cycle (see {@link CycleStarter}). */
  static withCycles(cycles: {
    imports: ModuleMetadata['imports'];
    useFactory: (...deps: never[]) => CycleStarter;
    inject: FactoryProvider['inject'];
  }): DynamicModule {
    return {
      module: ProgrammesModule,
      imports: cycles.imports,
      controllers: [ProgrammesController, SimilarWorkController],
      providers: [
        { provide: CYCLE_STARTER, useFactory: cycles.useFactory, inject: cycles.inject },
        ProgrammesService,
        ProgrammesRepository,
        OwningUnits,
        SimilarWorkService,
        SimilarWorkRepository,
      ],
      // Reviews show a unit's programmes through it (the app wires them together).
      exports: [ProgrammesService],
    };
  }
}
