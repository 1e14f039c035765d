import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, Db, TenantTransactions } from '@kaizen/api/data-access-db';
import { createTestDatabase, type TestDatabase } from './test-environment';

/**
 * What a repository test stands on, without the app around it: a test database of its own, the app's data source
 * (TypeORM keeps the connection), tenant transactions, the query builder repositories take, and a connection as the
 * schema owner for arranging and inspecting behind row-level security.
 */
export interface DataLayer {
  database: TestDatabase;
  dataSource: DataSource;
  transactions: TenantTransactions;
  db: Db;
  owner: Client;
  close(): Promise<void>;
}

export async function openDataLayer({ poolSize = 1 }: { poolSize?: number } = {}): Promise<DataLayer> {
  const database = await createTestDatabase();
  const dataSource = await new DataSource(dataSourceOptions(database.url, poolSize)).initialize();
  const owner = new Client({ connectionString: database.ownerUrl });
  await owner.connect();
  return {
    database,
    dataSource,
    transactions: new TenantTransactions(dataSource),
    db: new Db(),
    owner,
    async close() {
      await owner.end();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
