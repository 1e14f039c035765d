import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Kysely, PostgresDialect } from 'kysely';
import type { DataSource } from 'typeorm';
import { connect } from './lost-connections';
import type { DB } from './generated/schema';

/**
 * Typed SQL outside any tenant transaction, on the data source's own pool: for what belongs to no
 * organisation (health probes, heartbeats, rate limits) and for operator sweeps that enter each
 * organisation in turn. It connects as the same role as `Db`, so row-level security still applies:
 * tenant tables show nothing to a statement that has not set `app.organisation_id`. Each statement takes
 * a pooled connection of its own, unless it runs inside `transaction()`.
 */
@Injectable()
export class PlatformDb extends Kysely<DB> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    // Looked up at each connect: the pool exists once TypeORM has initialised the data source, and TypeORM ends it.
    super({
      dialect: new PostgresDialect({
        pool: { connect: () => connect(dataSource), end: async () => undefined },
      }),
    });
  }

  /** Every organisation's id: the registry is the only cross-tenant read, and holds only ids. */
  async organisationIds(): Promise<string[]> {
    const rows = await this.selectFrom('organisation_registry').select('id').orderBy('id').execute();
    return rows.map((row) => row.id);
  }
}
