import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DatabaseModule } from '@kaizen/api/data-access-db';
import { QueueModule } from '@kaizen/api/data-access-queue';
import { HealthModule } from '@kaizen/api/feature-health';
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
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
