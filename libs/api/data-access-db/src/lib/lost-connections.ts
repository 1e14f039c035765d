import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { DatabaseUnavailableException } from './connection-errors';

/** The pg pool under TypeORM's data source (its PostgreSQL driver keeps it as `master`): one for the process. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * A connection lent by the pool. Whatever keeps one from being had (a refused socket, a database closed to
 * connections, a full pool) says nothing about the request: the database is out of reach for now.
 */
export function connect(dataSource: DataSource): Promise<PoolClient> {
  return poolOf(dataSource)
    .connect()
    .catch((error: unknown) => {
      throw new DatabaseUnavailableException({ cause: error });
    });
}

/**
 * pg reports a lent connection's death (PostgreSQL restarted, say) as an 'error' event on the client, and the
 * pool listens only while the client is idle: unheard, that event would end the process. The statement in flight
 * fails on its own, and the pool drops the dead client when it comes back, so hearing the event is all it takes.
 */
export function hearLostConnections(pool: Pool): void {
  const logger = new Logger('Database');
  const heard = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => {
    if (heard.has(client)) return;
    heard.add(client);
    client.on('error', (error) => logger.warn(`a database connection was lost: ${error.message}`));
  });
}
