import { Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { dataSourceOptions } from './data-source-options';
import { hearLostConnections, poolOf } from './lost-connections';
import { assertRowLevelSecurityApplies } from './database-role-check';
import { PlatformDb } from './platform-db';
import { Db, TenantTransactions } from './tenant-transaction';

/** Refuses to boot as a role that row-level security would not bind. */
@Injectable()
class DatabaseRoleCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return assertRowLevelSecurityApplies(this.dataSource);
  }
}

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
          dataSourceFactory: async (options?: DataSourceOptions) => {
            const dataSource = await new DataSource(options as DataSourceOptions).initialize();
            hearLostConnections(poolOf(dataSource));
            return dataSource;
          },
        }),
      ],
      providers: [TenantTransactions, Db, PlatformDb, DatabaseRoleCheck],
      exports: [TenantTransactions, Db, PlatformDb],
      global: true,
    };
  }
}
