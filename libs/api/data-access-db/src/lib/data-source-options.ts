import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

/** The product's schema is changed only by these migrations, never by `synchronize`. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    poolSize,
    extra: { application_name: 'kaizen-loop', connectionTimeoutMillis: 5_000 },
  };
}
