import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, type Compilable } from 'kysely';
import { escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import { connect } from './lost-connections';
import { CurrentTransactionDialect, type TransactionConnection } from './current-transaction-dialect';
import { inlineSql } from './inline-sql';
import type { DB } from './generated/schema';

/** What row-level security sees for the rest of a transaction. */
export interface TenantScope {
  organisationId?: string;
  userId?: string;
  /** Hex of the SHA-256 of an invitation token: makes that one invitation visible to its holder. */
  invitationTokenHash?: string;
  /** A membership whose current role `run` reads while entering the tenant, in the same round trip. */
  membershipId?: string;
}

/** What entering the tenant found: the role of `scope.membershipId` if that membership is active and the user's own. */
export interface TenantEntry {
  role: string | null;
}

interface ActiveTransaction extends TransactionConnection {
  scope: TenantScope;
  afterCommit: Array<() => Promise<void>>;
}

const activeTransaction = new AsyncLocalStorage<ActiveTransaction>();

/**
 * The one way tenant data is reached: a transaction whose tenant settings are set with
 * `set_config(..., true)`, so they end with it and a pooled connection carries nothing over.
 * Repositories run their SQL through `Db`, which finds the transaction of the current call chain.
 */
@Injectable()
export class TenantTransactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(scope: TenantScope, work: (entry: TenantEntry) => Promise<T>): Promise<T> {
    // The transaction is ours, not TypeORM's: TypeORM keeps the pool.
    const client = await connect(this.dataSource);
    const afterCommit: ActiveTransaction['afterCommit'] = [];
    const deferred: string[] = [];
    let result: T;
    try {
      const role = await begin(client, scope);
      result = await activeTransaction.run({ client, deferred, scope, afterCommit }, () => work({ role }));
      await client.query([...deferred.splice(0), 'COMMIT'].join(';\n')); // deferred writes travel with it
    } catch (error) {
      // A connection that cannot even roll back is broken: the pool drops it instead of lending it again.
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: Error) => rollbackError,
      );
      client.release(broken);
      throw error;
    }
    client.release();
    for (const effect of afterCommit) await effect();
    return result;
  }

  /** Changes what the current transaction may see, e.g. once sign-up has created the organisation. */
  async enter(scope: TenantScope): Promise<void> {
    const active = currentTransaction();
    const next = { ...active.scope, ...scope };
    const text = (value: string | undefined) => escapeLiteral(value ?? '');
    // Deferred writes still belong to the scope they were made in: they go first, in the same message.
    await active.client.query(
      [
        ...active.deferred.splice(0),
        `SELECT set_config('app.organisation_id', ${text(next.organisationId)}, true),
                set_config('app.user_id', ${text(next.userId)}, true),
                set_config('app.invitation_token_hash', ${text(next.invitationTokenHash)}, true)`,
      ].join(';\n'),
    );
    active.scope = next;
  }
}

/**
 * BEGIN, the tenant settings and the membership's current role (`enter_tenant`) in one round trip: one
 * simple-protocol message with two statements. It cannot carry bind parameters, so the values are
 * quoted as literals by pg's own `escapeLiteral`.
 */
async function begin(client: PoolClient, scope: TenantScope): Promise<string | null> {
  const text = (value: string | undefined) => escapeLiteral(value ?? '');
  const member = scope.membershipId === undefined ? 'NULL' : `${escapeLiteral(scope.membershipId)}::uuid`;
  const results = (await client.query(
    `BEGIN; SELECT enter_tenant(${text(scope.organisationId)}, ${text(scope.userId)}, ${text(scope.invitationTokenHash)}, ${member}) AS role`,
  )) as unknown as Array<QueryResult<{ role: string | null }>>;
  return results[1]?.rows[0]?.role ?? null;
}

export class NoTransactionError extends Error {
  constructor() {
    super('tenant data was reached outside TenantTransactions.run');
  }
}

function currentTransaction(): ActiveTransaction {
  const active = activeTransaction.getStore();
  if (!active) throw new NoTransactionError();
  return active;
}

/**
 * Typed SQL for repositories, inside the current tenant transaction: a Kysely query builder over the
 * table types generated from the migrated schema (`generated/schema.ts`).
 */
@Injectable()
export class Db extends Kysely<DB> {
  constructor() {
    super({ dialect: new CurrentTransactionDialect(currentConnection) });
  }

  get scope(): TenantScope {
    return currentTransaction().scope;
  }

  /**
   * A write whose outcome nobody reads (no rows back, no count), sent with the transaction's next statement or
   * with its COMMIT: one round trip fewer each. A failure still fails the whole transaction, from that statement.
   */
  defer(query: Compilable): void {
    currentTransaction().deferred.push(inlineSql(query.compile()));
  }

  /** Runs once the transaction has committed, e.g. enqueueing a mail that names what it wrote. */
  afterCommit(effect: () => Promise<void>): void {
    currentTransaction().afterCommit.push(effect);
  }
}

/** The pg client that carries the current tenant transaction, and the writes it has yet to send. */
async function currentConnection(): Promise<TransactionConnection> {
  return currentTransaction();
}
