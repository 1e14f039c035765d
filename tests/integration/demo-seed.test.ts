import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
import { asOwner } from '../support/tenants';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

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
  }, hangGuardMs(120_000));

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

  it('has measures with two years of data, and experiments that test changes against them', async () => {
    const measures = await asOwner<{
      name: string;
      kind: string;
      points: string;
      first: Date;
      links: string;
    }>(
      database.ownerUrl,
      `SELECT m.name, m.kind, count(p.*) AS points, min(p.period)::timestamptz AS first,
              (SELECT count(*) FROM experiment_measure l WHERE l.organisation_id = m.organisation_id AND l.measure_id = m.id) AS links
         FROM measure m JOIN measure_point p ON p.organisation_id = m.organisation_id AND p.measure_id = m.id
        WHERE m.organisation_id = $1 GROUP BY m.organisation_id, m.id, m.name, m.kind`,
      [DEMO_ORGANISATION_ID],
    );
    // At least six with two years of weekly or monthly data; a programme's newer measure may have less.
    const twoYears = measures.filter(
      (m) => Number(m.points) >= 24 && Date.now() - m.first.getTime() > 690 * 86_400_000,
    );
    expect(twoYears.length).toBeGreaterThanOrEqual(6);
    expect(new Set(measures.map((m) => m.kind))).toEqual(new Set(['value', 'proportion', 'rate']));
    expect(measures.filter((m) => Number(m.links) > 0).length).toBeGreaterThanOrEqual(4);
  });

  it('backs recent improvements of several departments with data, so the dashboards and funnel plot have some', async () => {
    const [backed] = await asOwner<{ improvements: string; departments: string; refuted: string }>(
      database.ownerUrl,
      `SELECT count(*) FILTER (WHERE l.recommendation IN ('adopt', 'standardise')) AS improvements,
              count(DISTINCT l.department_id) FILTER (WHERE l.recommendation IN ('adopt', 'standardise')) AS departments,
              count(*) FILTER (WHERE e.verdict = 'refuted') AS refuted
         FROM lesson l JOIN experiment e ON e.organisation_id = l.organisation_id AND e.id = l.experiment_id
        WHERE l.organisation_id = $1 AND l.data_backed AND l.created_at > now() - interval '183 days'`,
      [DEMO_ORGANISATION_ID],
    );
    expect(Number(backed.improvements)).toBeGreaterThanOrEqual(4);
    expect(Number(backed.departments)).toBeGreaterThanOrEqual(2);
    // A refuted test may show a chance signal now and then, as real data do; not as a rule.
    expect(Number(backed.refuted)).toBeLessThanOrEqual(2);
    // And an approver sees at least one proposal with its prediction, rule and baseline.
    const [waiting] = await asOwner<{ count: string }>(
      database.ownerUrl,
      `SELECT count(*) FROM experiment_measure l JOIN experiment e ON e.organisation_id = l.organisation_id AND e.id = l.experiment_id
        WHERE l.organisation_id = $1 AND e.status = 'proposed' AND l.prediction_direction IS NOT NULL AND l.rule_within_periods IS NOT NULL`,
      [DEMO_ORGANISATION_ID],
    );
    expect(Number(waiting.count)).toBeGreaterThanOrEqual(1);
  });

  it('fills every screen: two years of experiments in every stage and department, with lessons adopted across teams', async () => {
    const [counts] = await asOwner<{
      experiments: string;
      statuses: string;
      departments: string;
      oldest: Date;
      refuted: string;
      confirmed: string;
      adoptions: string;
      adopted_events: string;
    }>(
      database.ownerUrl,
      `SELECT count(*) AS experiments, count(DISTINCT e.status) AS statuses, count(DISTINCT t.department_id) AS departments,
              min(e.created_at) AS oldest, count(*) FILTER (WHERE e.verdict = 'refuted') AS refuted,
              count(*) FILTER (WHERE e.verdict = 'confirmed') AS confirmed,
              (SELECT count(*) FROM lesson_adoption a WHERE a.organisation_id = $1) AS adoptions,
              (SELECT count(*) FROM experiment_event v WHERE v.organisation_id = $1 AND v.type = 'adopted') AS adopted_events
         FROM experiment e JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
        WHERE e.organisation_id = $1`,
      [DEMO_ORGANISATION_ID],
    );
    expect(Number(counts.experiments)).toBeGreaterThanOrEqual(150);
    expect(Number(counts.experiments)).toBeLessThanOrEqual(250);
    expect(Number(counts.statuses)).toBe(10); // every stage, draft to closed
    expect(Number(counts.departments)).toBe(4); // every department with teams
    expect(Date.now() - counts.oldest.getTime()).toBeGreaterThan(700 * 86_400_000);
    expect(Number(counts.refuted)).toBeGreaterThan(20);
    expect(Number(counts.confirmed)).toBeGreaterThan(20);
    expect(Number(counts.adoptions)).toBeGreaterThan(5);
    // Every adoption counts for the team whose lesson it was.
    expect(counts.adopted_events).toBe(counts.adoptions);
  });
});
