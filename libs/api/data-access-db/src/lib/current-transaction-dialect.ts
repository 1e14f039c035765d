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
import type { QueryResult as PgResult } from 'pg';

/** A tenant transaction's connection: sends a statement with whatever must travel with it (deferred writes, the tenant). */
export interface TransactionConnection {
  send(query: CompiledQuery): Promise<PgResult>;
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
    const { command, rowCount, rows } = await this.transaction.send(query);
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
