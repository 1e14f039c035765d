import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransactions } from '@kaizen/api/data-access-db';
import { RollupsRepository, RollupsService } from '@kaizen/api/feature-rollups';
import { openDataLayer, type DataLayer } from '../support/data-layer';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

/**
 * The roll-up fold is one SQL statement: the worker runs it for one event at a time, the nightly recompute for
 * every event at once. Random event sequences, applied one by one in the order jobs happen to run (some twice),
 * must leave exactly the rows a recompute writes.
 */
describe('roll-ups: one event at a time equals a full recompute (property, random event sequences)', () => {
  let layer: DataLayer;
  let owner: Client;
  let transactions: TenantTransactions;
  let service: RollupsService;

  const DAY = 86_400_000;
  const transitions = [
    'start',
    'stop',
    'conclude',
    'learn',
    'approve',
    'reject',
    'request_changes',
    'propose',
  ];

  function random(seed: number) {
    let s = seed;
    return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  }

  const asTenant = <T>(organisationId: string, work: () => Promise<T>) =>
    transactions.run({ organisationId }, work);

  async function insert(table: string, row: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(row);
    await owner.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
  }

  /** An organisation with nested departments, teams, people in one team, two, or none. */
  async function organisation(timeZone: string) {
    const organisationId = uuidv7();
    await insert('organisation', {
      organisation_id: organisationId,
      name: `Fold ${organisationId}`,
      time_zone: timeZone,
    });
    const department = async (parentId: string | null) => {
      const id = uuidv7();
      await insert('department', {
        organisation_id: organisationId,
        id,
        name: `Department ${id}`,
        parent_id: parentId,
      });
      return id;
    };
    const north = await department(null);
    const care = await department(north);
    const rehab = await department(null);
    const teams: string[] = [];
    for (const departmentId of [care, north, rehab]) {
      const id = uuidv7();
      await insert('team', {
        organisation_id: organisationId,
        id,
        name: `Team ${id}`,
        department_id: departmentId,
      });
      teams.push(id);
    }
    const members: string[] = [];
    for (let i = 0; i < 4; i++) {
      const userId = uuidv7();
      const id = uuidv7();
      await insert('app_user', {
        id: userId,
        email: `fold-${userId}@example.test`,
        password_hash: 'x',
        display_name: `Person ${i}`,
      });
      await insert('membership', { organisation_id: organisationId, id, user_id: userId, role: 'member' });
      members.push(id);
    }
    // Person 0 in one team, person 1 in two (under one department chain), person 2 in another; person 3 in none.
    for (const [member, team] of [
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 2],
    ]) {
      await insert('team_membership', {
        organisation_id: organisationId,
        id: uuidv7(),
        team_id: teams[team],
        membership_id: members[member],
        position: 'member',
      });
    }
    return { organisationId, teams, members };
  }

  const snapshot = async (organisationId: string) => ({
    rollups: (
      await owner.query(
        `SELECT level, unit_id, period_type, to_char(period_start, 'YYYY-MM-DD') AS period_start, counters, participants
           FROM rollup WHERE organisation_id = $1 ORDER BY 1, 2, 3, 4`,
        [organisationId],
      )
    ).rows,
    participants: (
      await owner.query(
        `SELECT period_type, to_char(period_start, 'YYYY-MM-DD') AS period_start, membership_id FROM rollup_participant
          WHERE organisation_id = $1 ORDER BY 1, 2, 3`,
        [organisationId],
      )
    ).rows,
  });

  beforeAll(async () => {
    layer = await openDataLayer({ poolSize: 2 });
    ({ owner, transactions } = layer);
    service = new RollupsService(new RollupsRepository(layer.db));
  }, hangGuardMs(60_000));

  afterAll(async () => {
    await layer?.close();
  });

  for (let seed = 1; seed <= 30; seed++) {
    it(`sequence ${seed}`, async () => {
      const r = random(seed);
      const pick = <T>(items: readonly T[]) => items[Math.floor(r() * items.length)];
      const { organisationId, teams, members } = await organisation(
        pick(['Europe/Amsterdam', 'UTC', 'America/New_York']),
      );

      const experiments: string[] = [];
      for (let i = 0; i < 1 + Math.floor(r() * 6); i++) {
        const id = uuidv7();
        const createdAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 365 * DAY));
        const teamId = pick(teams);
        await insert('experiment', {
          organisation_id: organisationId,
          id,
          team_id: teamId,
          owner_membership_id: pick(members),
          title: `Experiment ${i}`,
          status: 'closed',
          created_at: createdAt,
          updated_at: createdAt,
          approved_hours: Math.floor(r() * 40),
          approved_amount_minor: Math.floor(r() * 100_000),
          verdict: pick(['confirmed', 'refuted', 'inconclusive', null]),
          actual_hours: Math.floor(r() * 4000) / 100,
          actual_spend_minor: Math.floor(r() * 100_000),
        });
        for (const member of members)
          if (r() < 0.3)
            await insert('experiment_participant', {
              organisation_id: organisationId,
              experiment_id: id,
              membership_id: member,
            });
        if (r() < 0.6) {
          await insert('lesson', {
            organisation_id: organisationId,
            id: uuidv7(),
            experiment_id: id,
            team_id: teamId,
            department_id: (await owner.query(`SELECT department_id FROM team WHERE id = $1`, [teamId]))
              .rows[0].department_id,
            author_membership_id: members[0],
            insight: 'insight',
            recommendation: pick(['adopt', 'adapt', 'abandon', 'standardise']),
            visibility: 'organisation',
            double_loop: r() < 0.5,
            data_backed: r() < 0.5,
          });
        }
        // A decision on the rule; one against it counts as validated only once its review upheld it.
        if (r() < 0.5) {
          const reviewStatus = pick(['not_needed', 'pending', 'upheld', 'overturned']);
          await insert('experiment_decision', {
            organisation_id: organisationId,
            experiment_id: id,
            decision: pick(['adopt', 'adapt', 'abandon']),
            decided_by: pick(members),
            review_status: reviewStatus,
            reviewed_at: ['upheld', 'overturned'].includes(reviewStatus) ? createdAt : null,
          });
        }
        for (let a = 0; a < Math.floor(r() * 3); a++) {
          const requestedAt = new Date(
            createdAt.getTime() + Math.floor(r() * 300 * DAY) + Math.floor(r() * 1000),
          );
          await insert('approval', {
            organisation_id: organisationId,
            id: uuidv7(),
            experiment_id: id,
            level: 'team_lead',
            requested_hours: 1,
            requested_amount_minor: 0,
            requested_at: requestedAt,
            decided_at: requestedAt,
            decision: 'approved',
          });
        }
        experiments.push(id);
      }

      const events: string[] = [];
      for (let i = 0; i < 1 + Math.floor(r() * 40); i++) {
        const id = uuidv7();
        const adopted = r() < 0.1;
        await insert('experiment_event', {
          organisation_id: organisationId,
          id,
          experiment_id: pick(experiments),
          type: adopted ? 'adopted' : pick(['transition', 'transition', 'transition', 'edited']),
          transition: adopted ? null : pick(transitions),
          // Whole and fractional milliseconds, across two years and their period boundaries.
          occurred_at: new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 730 * DAY) + Math.floor(r() * 1000)),
        });
        events.push(id);
      }

      // The worker: one event per job, in the order the jobs happen to run, some jobs run twice.
      for (const id of [...events, ...events.filter(() => r() < 0.2)].sort(() => r() - 0.5)) {
        await asTenant(organisationId, () => service.apply(id));
      }
      const incremental = await snapshot(organisationId);
      // The check: everything at once.
      const counted = await asTenant(organisationId, () => service.recompute());
      const recomputed = await snapshot(organisationId);

      const [{ counting }] = (
        await owner.query(
          `SELECT count(*)::int AS counting FROM experiment_event
            WHERE organisation_id = $1 AND (type = 'adopted' OR transition IN ('start', 'stop', 'conclude', 'learn', 'approve', 'reject', 'request_changes'))`,
          [organisationId],
        )
      ).rows;
      expect(counted).toBe(counting);
      expect(recomputed).toEqual(incremental);
    });
  }

  it('counts each rule as the dashboards read it: outcomes, lead times in hundredths, velocity in whole days, participants where placed', async () => {
    const { organisationId, teams, members } = await organisation('UTC');
    const id = uuidv7();
    await insert('experiment', {
      organisation_id: organisationId,
      id,
      team_id: teams[0],
      owner_membership_id: members[1],
      title: 'Pinned',
      status: 'closed',
      created_at: new Date('2026-01-01T09:00:00Z'),
      updated_at: new Date('2026-01-01T09:00:00Z'),
      approved_hours: 10,
      approved_amount_minor: 10_000,
      verdict: 'confirmed',
      actual_hours: 8.5,
      actual_spend_minor: 4_000,
    });
    await insert('experiment_participant', {
      organisation_id: organisationId,
      experiment_id: id,
      membership_id: members[3],
    });
    await insert('lesson', {
      organisation_id: organisationId,
      id: uuidv7(),
      experiment_id: id,
      team_id: teams[0],
      department_id: (await owner.query(`SELECT department_id FROM team WHERE id = $1`, [teams[0]])).rows[0]
        .department_id,
      author_membership_id: members[1],
      insight: 'insight',
      recommendation: 'standardise',
      visibility: 'organisation',
      double_loop: true,
      data_backed: true,
    });
    await insert('approval', {
      organisation_id: organisationId,
      id: uuidv7(),
      experiment_id: id,
      level: 'team_lead',
      requested_hours: 10,
      requested_amount_minor: 10_000,
      requested_at: new Date('2026-01-02T09:00:00Z'),
      decided_at: new Date('2026-01-02T09:00:00Z'),
      decision: 'approved',
    });
    const happen = async (transition: string, at: string) => {
      const eventId = uuidv7();
      await insert('experiment_event', {
        organisation_id: organisationId,
        id: eventId,
        experiment_id: id,
        type: 'transition',
        transition,
        occurred_at: new Date(at),
      });
      return asTenant(organisationId, () => service.apply(eventId));
    };
    // 12 h 0 min 18 s: 12.005 hours, an exact half of a hundredth, rounds up.
    expect(await happen('request_changes', '2026-01-02T21:00:18Z')).toBe(true);
    expect(await happen('approve', '2026-01-03T09:00:00Z')).toBe(true);
    expect(await happen('start', '2026-01-04T09:00:00Z')).toBe(true);
    expect(await happen('conclude', '2026-01-20T09:00:00Z')).toBe(true);
    expect(await happen('learn', '2026-01-31T08:00:00Z')).toBe(true);
    expect(await happen('propose', '2026-01-31T09:00:00Z')).toBe(false);

    const [organisationYear] = (
      await owner.query(
        `SELECT counters, participants FROM rollup WHERE organisation_id = $1 AND level = 'organisation' AND period_type = 'year'`,
        [organisationId],
      )
    ).rows;
    expect(organisationYear.counters).toEqual({
      started: 1,
      concluded: 1,
      stopped: 0,
      learned: 1,
      confirmed: 1,
      refuted: 0,
      inconclusive: 0,
      validated: 1,
      dataBacked: 1,
      doubleLoop: 1,
      adoptionsReceived: 0,
      approvalsDecided: 2,
      approvalLeadHours: 36.01, // 12.01 + 24.00
      hoursApproved: 10,
      amountApprovedMinor: 10_000,
      hoursSpent: 8.5,
      amountSpentMinor: 4_000,
      velocityDays: { 29: 1 },
    });
    // The owner and the participant (in no team) took part: both count for the organisation, only the owner for teams.
    expect(organisationYear.participants).toBe(2);
    const teamYears = (
      await owner.query(
        `SELECT unit_id, participants FROM rollup WHERE organisation_id = $1 AND level = 'team' AND period_type = 'year' ORDER BY unit_id`,
        [organisationId],
      )
    ).rows;
    expect(teamYears).toEqual([teams[0], teams[1]].sort().map((unit_id) => ({ unit_id, participants: 1 })));
  });
  it('counts a decision against its rule as validated only once upheld, and data-backed improvements by their frozen state', async () => {
    const { organisationId, teams, members } = await organisation('UTC');
    const departmentId = (await owner.query(`SELECT department_id FROM team WHERE id = $1`, [teams[0]]))
      .rows[0].department_id;
    const learned = async (review: string, dataBacked: boolean) => {
      const id = uuidv7();
      await insert('experiment', {
        organisation_id: organisationId,
        id,
        team_id: teams[0],
        owner_membership_id: members[0],
        title: `Decided, ${review}`,
        status: 'learned',
        verdict: 'confirmed',
      });
      await insert('lesson', {
        organisation_id: organisationId,
        id: uuidv7(),
        experiment_id: id,
        team_id: teams[0],
        department_id: departmentId,
        author_membership_id: members[0],
        insight: 'insight',
        recommendation: 'adopt',
        visibility: 'organisation',
        data_backed: dataBacked,
      });
      await insert('experiment_decision', {
        organisation_id: organisationId,
        experiment_id: id,
        decision: 'adopt',
        proposed_decision: 'adapt',
        reason: 'worth it',
        decided_by: members[0],
        review_status: review,
        reviewed_at: review === 'not_needed' ? null : new Date('2026-02-01T09:00:00Z'),
      });
      const eventId = uuidv7();
      await insert('experiment_event', {
        organisation_id: organisationId,
        id: eventId,
        experiment_id: id,
        type: 'transition',
        transition: 'learn',
        occurred_at: new Date('2026-02-02T09:00:00Z'),
      });
      await asTenant(organisationId, () => service.apply(eventId));
    };
    await learned('upheld', true);
    await learned('overturned', true);
    await learned('not_needed', false);
    const [year] = (
      await owner.query(
        `SELECT counters FROM rollup WHERE organisation_id = $1 AND level = 'organisation' AND period_type = 'year'`,
        [organisationId],
      )
    ).rows;
    expect(year.counters).toMatchObject({ learned: 3, validated: 2, dataBacked: 2 });
  });
});
