import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { NotificationsRepository } from '@kaizen/api/data-access-notifications';
import { openDataLayer, type DataLayer } from '../support/data-layer';
import { hangGuardMs } from '../../tools/hang-guard.mjs';
import { rowsRead } from '../support/rows-read';

/**
 * Every firing batch reads its 500 recipients (address, language, zone, quiet hours, e-mail choices), and every
 * delivery batch its 100. Given the bound array, the planner hashed it against every membership, account and
 * preference of the organisation: 24 ms a batch at 10,000 members, the largest cost of a fan-out where each
 * reminder went to someone else. Counted by the rows the transaction's statements read (`pg_stat_xact_user_tables`),
 * under fresh statistics.
 */
describe('reading a batch of recipients in a large organisation', () => {
  const MEMBERS = 10_000;
  const BATCH = 500;
  let layer: DataLayer;
  let notifications: NotificationsRepository;
  const organisationId = uuidv7();
  let people: Array<{ id: string; email: string }>;

  beforeAll(async () => {
    layer = await openDataLayer();
    const { owner } = layer;
    notifications = new NotificationsRepository(layer.db);
    await owner.query(`INSERT INTO organisation (organisation_id, name) VALUES ($1, 'Large')`, [
      organisationId,
    ]);
    people = (
      await owner.query<{ id: string; email: string }>(
        `WITH u AS (INSERT INTO app_user (id, email, password_hash, display_name)
                    SELECT gen_random_uuid(), 'p' || i || '-' || $1::text || '@large.example', 'x', 'Person ' || i
                      FROM generate_series(1, $2::int) AS i RETURNING id, email),
              m AS (INSERT INTO membership (organisation_id, id, user_id, role)
                    SELECT $1::uuid, gen_random_uuid(), u.id, 'member' FROM u RETURNING id, user_id),
              p AS (INSERT INTO notification_preference (organisation_id, membership_id, quiet_start, quiet_end)
                    SELECT $1::uuid, m.id, 22, 7 FROM m)
         SELECT m.id, u.email FROM m JOIN u ON u.id = m.user_id`,
        [organisationId, MEMBERS],
      )
    ).rows;
    await owner.query('ANALYZE app_user, membership, notification_preference');
  }, hangGuardMs(120_000));

  afterAll(async () => {
    await layer?.close();
  });

  it('reads only the 500 people asked for, each with their own address and quiet hours', async () => {
    const batch = people.slice(0, BATCH);
    const tables = ['membership', 'app_user', 'notification_preference'];
    const { rows, read } = await layer.transactions.run({ organisationId }, async () => {
      // One after the other: statements on the transaction's one connection never overlap.
      const counts = async () => {
        const read: Record<string, number> = {};
        for (const table of tables) read[table] = await rowsRead(layer.db, table);
        return read;
      };
      const before = await counts();
      const rows = await notifications.recipients(batch.map((person) => person.id));
      const after = await counts();
      return { rows, read: Object.fromEntries(tables.map((table) => [table, after[table] - before[table]])) };
    });
    expect(new Map(rows.map((row) => [row.membership_id, row.email]))).toEqual(
      new Map(batch.map((person) => [person.id, person.email])),
    );
    expect(rows.every((row) => row.quiet_start === 22 && row.quiet_end === 7)).toBe(true);
    for (const table of tables) expect(read[table], table).toBeLessThanOrEqual(2 * BATCH);
  });
});
