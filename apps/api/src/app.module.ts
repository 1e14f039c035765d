import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DatabaseModule } from '@kaizen/api/data-access-db';
import { QueueModule } from '@kaizen/api/data-access-queue';
import { AuthCoreModule } from '@kaizen/api/data-access-auth';
import { AuthModule } from '@kaizen/api/feature-auth';
import { ExperimentsModule } from '@kaizen/api/feature-experiments';
import { HealthModule } from '@kaizen/api/feature-health';
import { OrganisationModule } from '@kaizen/api/feature-organisation';
import { RollupsModule } from '@kaizen/api/feature-rollups';
import { ScansModule } from '@kaizen/api/feature-scans';
import { AppConfigModule, createValidationPipe, ProblemDetailsFilter } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        QueueModule.forProducer(),
        AuthCoreModule,
        HealthModule,
        AuthModule,
        OrganisationModule,
        ExperimentsModule,
        RollupsModule,
        ScansModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
