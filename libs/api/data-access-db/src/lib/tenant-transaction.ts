import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely } from 'kysely';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { CurrentTransactionDialect } from './current-transaction-dialect';
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

interface ActiveTransaction {
  manager: EntityManager;
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
    const afterCommit: ActiveTransaction['afterCommit'] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      // Settings and the membership's role in one statement (`enter_tenant`): one round trip before the work.
      const [entry] = await manager.query(`SELECT enter_tenant($1, $2, $3, $4) AS role`, [
        scope.organisationId ?? '',
        scope.userId ?? '',
        scope.invitationTokenHash ?? '',
        scope.membershipId ?? null,
      ]);
      return activeTransaction.run({ manager, scope, afterCommit }, () => work({ role: entry?.role ?? null }));
    });
    for (const effect of afterCommit) await effect();
    return result;
  }

  /** Changes what the current transaction may see, e.g. once sign-up has created the organisation. */
  async enter(scope: TenantScope): Promise<void> {
    const active = currentTransaction();
    const next = { ...active.scope, ...scope };
    await active.manager.query(
      `SELECT set_config('app.organisation_id', $1, true),
              set_config('app.user_id', $2, true),
              set_config('app.invitation_token_hash', $3, true)`,
      [next.organisationId ?? '', next.userId ?? '', next.invitationTokenHash ?? ''],
    );
    active.scope = next;
  }
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

  /** @deprecated untyped SQL, kept until every repository reads through the query builder. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = await currentConnection();
    return (await client.query(sql, params)).rows as T[];
  }

  /** @deprecated untyped SQL, kept until every repository reads through the query builder. */
  async one<T>(sql: string, params: unknown[] = []): Promise<T | null> {
    const [row] = await this.query<T>(sql, params);
    return row ?? null;
  }

  get scope(): TenantScope {
    return currentTransaction().scope;
  }

  /** Runs once the transaction has committed, e.g. enqueueing a mail that names what it wrote. */
  afterCommit(effect: () => Promise<void>): void {
    currentTransaction().afterCommit.push(effect);
  }
}

/** The pg client that carries the current tenant transaction. */
async function currentConnection(): Promise<PoolClient> {
  const { manager } = currentTransaction();
  if (!manager.queryRunner) throw new NoTransactionError();
  return (await manager.queryRunner.connect()) as PoolClient;
}
