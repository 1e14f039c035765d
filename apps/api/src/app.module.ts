import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DatabaseModule, integrityExceptionOf } from '@kaizen/api/data-access-db';
import { QueueModule } from '@kaizen/api/data-access-queue';
import { AuthCoreModule } from '@kaizen/api/data-access-auth';
import { AuthModule } from '@kaizen/api/feature-auth';
import { ExperimentsModule } from '@kaizen/api/feature-experiments';
import { HealthModule } from '@kaizen/api/feature-health';
import { MeasuresModule } from '@kaizen/api/feature-measures';
import { OrganisationModule } from '@kaizen/api/feature-organisation';
import { NotificationsModule } from '@kaizen/api/feature-notifications';
import { RemindersModule } from '@kaizen/api/feature-reminders';
import { ReviewsModule } from '@kaizen/api/feature-reviews';
import { RollupsModule } from '@kaizen/api/feature-rollups';
import { ScansModule } from '@kaizen/api/feature-scans';
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
        MeasuresModule,
        RollupsModule,
        RemindersModule,
        ReviewsModule,
        NotificationsModule,
        ScansModule,
        SsoModule,
      ],
      providers: [
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter([integrityExceptionOf]) },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
