import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, type Compilable, type CompiledQuery } from 'kysely';
import pg, { escapeIdentifier, escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import { connect } from './lost-connections';
import { CurrentTransactionDialect, type TransactionConnection } from './current-transaction-dialect';
import { inlineSql } from './inline-sql';
import { statementNameOf } from './prepared-query';
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
    return this.within(scope, undefined, async (active) => work({ role: await active.begin() }));
  }

  /**
   * For work that only defers writes (`Db.defer`), such as marking what went out: BEGIN, the tenant's entry, the
   * writes and COMMIT go in one message, one round trip instead of two. A statement sent meanwhile opens the
   * transaction then, as `run` does.
   */
  async write(scope: TenantScope, work: () => Promise<void> | void): Promise<void> {
    return this.within(scope, undefined, async () => work());
  }

  /**
   * For a read (a GET): no BEGIN and COMMIT of their own. Each plain SELECT goes with the tenant's entry in one
   * extended-protocol batch, one implicit transaction that ends at its Sync, taking the settings with it: one
   * round trip instead of three for a one-statement read. Under READ COMMITTED each statement of a transaction
   * reads its own snapshot anyway, so separate SELECTs see what one transaction would. Anything else (a write, a
   * deferred write, a locking read, raw SQL that is no plain SELECT, `enter`) opens the transaction then, as `run`
   * does. `check` is told what each entry found, before any row reaches the caller, and refuses by throwing.
   */
  async read<T>(scope: TenantScope, check: (entry: TenantEntry) => void, work: () => Promise<T>): Promise<T> {
    return this.within(scope, check, async (active) => {
      const result = await work();
      await active.finishRead();
      return result;
    });
  }

  private async within<T>(
    scope: TenantScope,
    check: ((entry: TenantEntry) => void) | undefined,
    work: (active: ActiveTransaction) => Promise<T>,
  ): Promise<T> {
    // The transaction is ours, not TypeORM's: TypeORM keeps the pool.
    const client = await connect(this.dataSource);
    const active = new ActiveTransaction(client, scope, check);
    let result: T;
    try {
      result = await activeTransaction.run(active, () => work(active));
      await active.commit();
    } catch (error) {
      // A connection that cannot even roll back is broken: the pool drops it instead of lending it again.
      // (Outside a transaction PostgreSQL only warns, so a read that never opened one is checked the same way.)
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: Error) => rollbackError,
      );
      // A statement whose plan went stale inside a transaction cannot be parsed again there: the connection goes,
      // and its prepared statements with it.
      client.release(broken ?? (isStalePlan(error) ? (error as Error) : undefined));
      throw error;
    }
    client.release();
    for (const effect of active.afterCommit) await effect();
    return result;
  }

  /** Changes what the current transaction may see, e.g. once sign-up has created the organisation. */
  async enter(scope: TenantScope): Promise<void> {
    const active = currentTransaction();
    await active.begin();
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

/** One request's connection and what it has yet to send: writes deferred to the next statement, effects after COMMIT. */
class ActiveTransaction implements TransactionConnection {
  readonly deferred: string[] = [];
  readonly afterCommit: Array<() => Promise<void>> = [];
  /** BEGIN sent (always, for `run`); a read opens it only when it must. */
  private begun = false;
  /** A read's statements have entered the tenant (and been checked) at least once. */
  private entered = false;

  constructor(
    readonly client: PoolClient,
    public scope: TenantScope,
    private readonly check: ((entry: TenantEntry) => void) | undefined,
  ) {}

  /** Opens the transaction if it is not open yet: BEGIN and entering the tenant in one round trip. */
  async begin(): Promise<string | null> {
    if (this.begun) return null;
    const role = await begin(this.client, this.scope);
    this.begun = true;
    this.check?.({ role });
    return role;
  }

  async send(query: CompiledQuery): Promise<QueryResult> {
    if (!this.begun && this.check && this.deferred.length === 0 && isPlainReadOnce(query)) {
      const [entry, result] = await enteredRead(this.client, this.scope, query).catch(
        async (error: unknown) => {
          const name = statementNameOf(query);
          if (name === undefined || !isStalePlan(error)) throw error;
          await forget(this.client, name);
          return enteredRead(this.client, this.scope, query);
        },
      );
      this.check({ role: entry.rows[0]?.role ?? null });
      this.entered = true;
      return result;
    }
    await this.begin();
    // Deferred writes go first, in one simple-protocol message with this statement: its result is the last.
    if (this.deferred.length === 0)
      return this.client.query({
        name: statementNameOf(query),
        text: query.sql,
        values: [...query.parameters],
      });
    return lastOf(await this.client.query([...this.deferred.splice(0), inlineSql(query)].join(';\n')));
  }

  /** A read that never entered the tenant still has its membership checked; deferred writes open the transaction. */
  async finishRead(): Promise<void> {
    if (this.deferred.length > 0 || (!this.begun && !this.entered)) await this.begin();
  }

  async commit(): Promise<void> {
    if (this.begun)
      await this.client.query([...this.deferred.splice(0), 'COMMIT'].join(';\n')); // deferred writes travel with it
    else if (this.deferred.length > 0 && !this.check) {
      // Only deferred writes (`write`): the whole transaction in one message.
      await this.client.query([beginSql(this.scope), ...this.deferred.splice(0), 'COMMIT'].join(';\n'));
      this.begun = true;
    }
  }
}

/**
 * BEGIN, the tenant settings and the membership's current role (`enter_tenant`) in one round trip: one
 * simple-protocol message with two statements. It cannot carry bind parameters, so the values are
 * quoted as literals by pg's own `escapeLiteral`.
 */
async function begin(client: PoolClient, scope: TenantScope): Promise<string | null> {
  const results = (await client.query(beginSql(scope))) as unknown as Array<
    QueryResult<{ role: string | null }>
  >;
  return results[1]?.rows[0]?.role ?? null;
}

function beginSql(scope: TenantScope): string {
  const text = (value: string | undefined) => escapeLiteral(value ?? '');
  const member = scope.membershipId === undefined ? 'NULL' : `${escapeLiteral(scope.membershipId)}::uuid`;
  return `BEGIN; SELECT enter_tenant(${text(scope.organisationId)}, ${text(scope.userId)}, ${text(scope.invitationTokenHash)}, ${member}) AS role`;
}

/** Entering the tenant as a statement of its own, for a batch (its values as parameters). */
export const ENTER_TENANT_SQL = 'SELECT enter_tenant($1, $2, $3, $4::uuid) AS role';
const ENTER_TENANT_STATEMENT = 'kaizen_enter_tenant';

/**
 * A SELECT that neither writes nor locks, so it may run in an implicit transaction of its own. Conservative: a WITH
 * (it may write), a locking clause or any text that looks like a write goes through the open transaction instead.
 */
export function isPlainRead(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  return (
    (kind === 'SelectQueryNode' || kind === 'RawNode') &&
    /^\s*select\b/i.test(query.sql) &&
    !/\b(insert|update|delete|merge|for\s+share|for\s+key\s+share|for\s+no\s+key\s+update)\b/i.test(query.sql)
  );
}

/**
 * A migration that changes what a prepared statement returns (a column added to a `selectAll`, a type changed) makes
 * PostgreSQL refuse that statement on every connection that prepared it before, until it is parsed again.
 */
function isStalePlan(error: unknown): boolean {
  return (
    (error as { code?: string }).code === '0A000' &&
    /cached plan must not change result type/.test((error as Error).message)
  );
}

async function forget(client: PoolClient, statementName: string): Promise<void> {
  await client.query(`DEALLOCATE ${escapeIdentifier(statementName)}`);
  delete (client as unknown as { connection: PgConnection }).connection.parsedStatements[statementName];
}

/** A named statement's text never changes, so whether it is a plain read is worked out once (a detail's is 4 kB). */
const plainReads = new Map<string, boolean>();
function isPlainReadOnce(query: CompiledQuery): boolean {
  const name = statementNameOf(query);
  if (name === undefined) return isPlainRead(query);
  let plain = plainReads.get(name);
  if (plain === undefined) plainReads.set(name, (plain = isPlainRead(query)));
  return plain;
}

/**
 * One extended-protocol batch and one Sync: entering the tenant, then the statement, exactly as it would go alone
 * (same text, same parameters). Until the Sync it is one implicit transaction, so the settings `enter_tenant` makes
 * with `set_config(..., true)` hold for the statement and end with it. pg answers with both results.
 */
async function enteredRead(
  client: PoolClient,
  scope: TenantScope,
  query: CompiledQuery,
): Promise<[QueryResult<{ role: string | null }>, QueryResult]> {
  const entry = [
    scope.organisationId ?? '',
    scope.userId ?? '',
    scope.invitationTokenHash ?? '',
    scope.membershipId ?? null,
  ];
  // The entry is a named statement, parsed once per connection by a round trip of its own (its settings end with
  // it): pg keeps track of which named statements a connection holds by the one statement of each query, so the
  // batch below must parse nothing but its own statement.
  const { connection } = client as unknown as { connection: PgConnection };
  if (connection.parsedStatements[ENTER_TENANT_STATEMENT] === undefined)
    await client.query({ name: ENTER_TENANT_STATEMENT, text: ENTER_TENANT_SQL, values: entry });
  return new Promise((resolve, reject) => {
    const batch = new EnteredQuery(
      { name: statementNameOf(query), text: query.sql, values: [...query.parameters], queryMode: 'extended' },
      entry,
      (error: Error | null, results: unknown) => {
        if (error) return reject(error);
        if (!Array.isArray(results) || results.length !== 2)
          return reject(new Error('entering the tenant with a statement: expected two results'));
        resolve(results as [QueryResult<{ role: string | null }>, QueryResult]);
      },
    );
    void client.query(batch as unknown as pg.QueryConfig);
  });
}

/** pg's Query, with the tenant's (prepared) entry bound and executed before its own statement, in the same batch. */
class EnteredQuery extends (pg.Query as unknown as new (
  config: pg.QueryConfig & { queryMode: 'extended' },
  values: undefined,
  callback: (error: Error | null, results: unknown) => void,
) => { prepare(connection: unknown): void }) {
  constructor(
    config: pg.QueryConfig & { queryMode: 'extended' },
    private readonly entry: unknown[],
    callback: (error: Error | null, results: unknown) => void,
  ) {
    super(config, undefined, callback);
  }

  override prepare(connection: PgConnection): void {
    connection.bind({
      portal: '',
      statement: ENTER_TENANT_STATEMENT,
      values: this.entry,
      valueMapper: prepareValue,
    });
    connection.describe({ type: 'P', name: '' });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection); // parse, bind, describe, execute, sync: the Sync ends the implicit transaction
  }
}

/** The parts of pg's Connection (not in its type declarations) a batch writes with. */
interface PgConnection {
  parsedStatements: Record<string, string | undefined>;
  bind(config: { portal: string; statement: string; values: unknown[]; valueMapper: unknown }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
}

const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** pg answers a message of several statements with one result each. */
function lastOf(results: QueryResult | QueryResult[]): QueryResult {
  return Array.isArray(results) ? results[results.length - 1] : results;
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
