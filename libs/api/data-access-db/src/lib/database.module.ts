import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { dataSourceOptions } from './data-source-options';

/** One TypeORM data source for the process; feature libraries register their entities with `forFeature`. */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
            autoLoadEntities: true,
            // Boot even while PostgreSQL is down; readiness reports it and the pool reconnects.
            retryAttempts: 0,
            manualInitialization: false,
          }),
        }),
      ],
    };
  }
}
