import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { ExperimentDataModule } from '@kaizen/api/data-access-experiments';
import { EXPERIMENT_STARTER, type ExperimentStarter } from './experiment-starter';
import { LessonLibraryRepository } from './lesson-library.repository';
import { LessonsController } from './lessons.controller';
import { LessonsService } from './lessons.service';

/** The lessons library: search, filters, export, and adoption by other teams. */
@Module({})
export class LessonsModule {
  /** With the experiment loop's way to start the adopting team's experiment (see {@link ExperimentStarter}). */
  static withExperiments(experiments: {
    imports: ModuleMetadata['imports'];
    useFactory: (...deps: never[]) => ExperimentStarter;
    inject: FactoryProvider['inject'];
  }): DynamicModule {
    return {
      module: LessonsModule,
      imports: [ExperimentDataModule, ...(experiments.imports ?? [])],
      controllers: [LessonsController],
      providers: [
        { provide: EXPERIMENT_STARTER, useFactory: experiments.useFactory, inject: experiments.inject },
        LessonsService,
        LessonLibraryRepository,
      ],
      // Programmes adopt a lesson for their next cycle through it (the app wires them together).
      exports: [LessonsService],
    };
  }
}
