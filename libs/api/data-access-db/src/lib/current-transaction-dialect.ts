import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { PoolClient, QueryResult as PgResult } from 'pg';
import { inlineSql } from './inline-sql';

/** A tenant transaction's connection, and the deferred writes (`Db.defer`) to send before its next statement. */
export interface TransactionConnection {
  client: PoolClient;
  deferred: string[];
}

/**
 * Kysely's SQL, sent on the connection of the tenant transaction the caller is in. Kysely never opens
 * or ends a transaction itself: `TenantTransactions.run` owns that, with the tenant's settings.
 */
export class CurrentTransactionDialect implements Dialect {
  constructor(private readonly connection: () => Promise<TransactionConnection>) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new CurrentTransactionDriver(this.connection);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}

class CurrentTransactionDriver implements Driver {
  constructor(private readonly connection: () => Promise<TransactionConnection>) {}

  async init(): Promise<void> {
    // the pool belongs to TypeORM's DataSource
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new CurrentTransactionConnection(await this.connection());
  }

  async beginTransaction(): Promise<void> {
    throw new Error('transactions are opened by TenantTransactions.run, not by Kysely');
  }

  async commitTransaction(): Promise<void> {
    throw new Error('transactions are committed by TenantTransactions.run, not by Kysely');
  }

  async rollbackTransaction(): Promise<void> {
    throw new Error('transactions are rolled back by TenantTransactions.run, not by Kysely');
  }

  async releaseConnection(): Promise<void> {
    // released when the tenant transaction ends
  }

  async destroy(): Promise<void> {
    // the pool belongs to TypeORM's DataSource
  }
}

const changesRows = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class CurrentTransactionConnection implements DatabaseConnection {
  constructor(private readonly transaction: TransactionConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { client, deferred } = this.transaction;
    // Deferred writes go first, in one simple-protocol message with this statement: its result is the last.
    const { command, rowCount, rows } =
      deferred.length === 0
        ? await client.query(query.sql, [...query.parameters])
        : lastOf(await client.query([...deferred.splice(0), inlineSql(query)].join(';\n')));
    return {
      rows: rows ?? [],
      numAffectedRows: changesRows.has(command) && rowCount !== null ? BigInt(rowCount) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not set up: read in pages');
  }
}

/** pg answers a message of several statements with one result each. */
function lastOf(results: PgResult | PgResult[]): PgResult {
  return Array.isArray(results) ? results[results.length - 1] : results;
}
