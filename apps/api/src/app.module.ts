import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DatabaseModule, databaseExceptionOf } from '@kaizen/api/data-access-db';
import { QueueModule } from '@kaizen/api/data-access-queue';
import { AuthCoreModule } from '@kaizen/api/data-access-auth';
import { ApiTokensModule } from '@kaizen/api/feature-api-tokens';
import { AuthModule } from '@kaizen/api/feature-auth';
import { DataRightsModule } from '@kaizen/api/feature-data-rights';
import { BudgetsModule } from '@kaizen/api/feature-budgets';
import { DecisionsModule, ExperimentsModule, ExperimentsService } from '@kaizen/api/feature-experiments';
import { HealthModule } from '@kaizen/api/feature-health';
import { LessonsModule, LessonsService, type ExperimentStarter } from '@kaizen/api/feature-lessons';
import { MeasuresModule } from '@kaizen/api/feature-measures';
import { OrganisationModule } from '@kaizen/api/feature-organisation';
import { ProgrammesModule, ProgrammesService, type CycleStarter } from '@kaizen/api/feature-programmes';
import { NotificationsModule } from '@kaizen/api/feature-notifications';
import { RemindersModule } from '@kaizen/api/feature-reminders';
import { ReviewsModule, type ReviewProgrammes } from '@kaizen/api/feature-reviews';
import { RollupsModule } from '@kaizen/api/feature-rollups';
import { ScansModule } from '@kaizen/api/feature-scans';
import { ScimModule } from '@kaizen/api/feature-scim';
import { TwoFactorModule } from '@kaizen/api/feature-two-factor';
import { SsoModule } from '@kaizen/api/feature-sso';
import {
  AppConfigModule,
  createValidationPipe,
  ProblemDetailsFilter,
  type AppOptions,
} from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    // One instance each: lessons are imported by the app and by programmes, programmes by the app and by reviews.
    const lessons = LessonsModule.withExperiments({
      imports: [ExperimentsModule],
      useFactory: (experiments: ExperimentsService): ExperimentStarter => ({
        start: (actor, draft) => experiments.create(actor, draft),
      }),
      inject: [ExperimentsService],
    });
    const programmes = ProgrammesModule.withCycles({
      imports: [ExperimentsModule, lessons],
      useFactory: (experiments: ExperimentsService, lessons: LessonsService): CycleStarter => ({
        start: (actor, cycle) => experiments.create(actor, cycle),
        adopt: (actor, lessonId, teamId) => lessons.adopt(actor, lessonId, teamId),
      }),
      inject: [ExperimentsService, LessonsService],
    });
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, options),
        DatabaseModule.forRoot(),
        QueueModule.forProducer(),
        AuthCoreModule,
        HealthModule,
        AuthModule,
        OrganisationModule,
        ExperimentsModule,
        lessons,
        BudgetsModule,
        DecisionsModule,
        MeasuresModule,
        programmes,
        RollupsModule,
        RemindersModule,
        ReviewsModule.withProgrammes({
          imports: [programmes],
          useFactory: (service: ProgrammesService): ReviewProgrammes => ({
            inUnit: (unit, period) => service.inUnit(unit, period),
          }),
          inject: [ProgrammesService],
        }),
        NotificationsModule,
        ScansModule,
        ApiTokensModule,
        ScimModule,
        DataRightsModule,
        TwoFactorModule,
        SsoModule,
      ],
      providers: [
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter([databaseExceptionOf]) },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
