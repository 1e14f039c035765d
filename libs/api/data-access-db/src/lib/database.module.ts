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
            // A few tries at boot, for a database that starts alongside us; after boot the pool reconnects on its own.
            retryAttempts: 5,
            retryDelay: 2_000,
          }),
        }),
      ],
    };
  }
}
