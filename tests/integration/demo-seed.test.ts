import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
import { asOwner } from '../support/tenants';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';

/**
 * Columns that name a moment still to come by their nature: plans, expiries, and what is scheduled.
 * Everything else the demo shows happened, so it lies in the past.
 */
const future = new Set([
  'experiment.planned_start',
  'experiment.planned_end',
  'programme.aim_target_date',
  'invitation.expires_at',
  'refresh_token.expires_at',
  'password_reset.expires_at',
  'reminder.due_at',
  'scan.closes_at',
]);

describe('the demo organisation', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoOrganisation(database.ownerUrl, 'demo password 123');
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('dates everything it shows relative to today and never in the future, except plans and what is scheduled', async () => {
    const columns = await asOwner<{ table_name: string; column_name: string }>(
      database.ownerUrl,
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public' AND c.data_type IN ('timestamp with time zone', 'timestamp without time zone', 'date')
          AND EXISTS (SELECT 1 FROM information_schema.columns o WHERE o.table_schema = 'public' AND o.table_name = c.table_name AND o.column_name = 'organisation_id')
        ORDER BY 1, 2`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const ahead: string[] = [];
    for (const { table_name, column_name } of columns) {
      if (future.has(`${table_name}.${column_name}`)) continue;
      const [row] = await asOwner<{ latest: Date | null; count: string }>(
        database.ownerUrl,
        `SELECT max(${column_name})::timestamptz AS latest, count(*) AS count FROM ${table_name}
          WHERE organisation_id = $1 AND ${column_name}::timestamptz > now() + interval '1 minute'`,
        [DEMO_ORGANISATION_ID],
      );
      if (Number(row.count) > 0)
        ahead.push(`${table_name}.${column_name}: ${row.count} rows, up to ${row.latest?.toISOString()}`);
    }
    expect(ahead).toEqual([]);
  });

  it('keeps its budget envelopes in the current quarter', async () => {
    const now = new Date();
    const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const envelopes = await asOwner<{ quarter: string }>(
      database.ownerUrl,
      `SELECT DISTINCT quarter FROM budget_envelope WHERE organisation_id = $1`,
      [DEMO_ORGANISATION_ID],
    );
    expect(envelopes.map((e) => e.quarter)).toEqual([quarter]);
  });
});
