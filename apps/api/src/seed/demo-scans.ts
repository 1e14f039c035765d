import type { Client } from 'pg';
import { INSTRUMENT_V1, type Dimension } from '@kaizen/shared/domain-scan';

type Id = (name: string) => string;

interface DemoPerson {
  key: string;
  team?: string;
  heads?: string;
}

/** Where the demo organisation stood as a learning culture, and how it moved: the mean per dimension in each scan. */
const scans = [
  {
    key: 'baseline',
    title: 'Nulmeting leercultuur',
    opensDaysAgo: 270,
    closesDaysAgo: 256,
    skip: ['m5', 'm10', 'lead-finance'],
    reminderRounds: 2,
    level: {
      shared_vision: 3.1,
      mental_models: 2.7,
      personal_mastery: 3.4,
      team_learning: 3.0,
      systems_thinking: 2.6,
      building_trust: 3.2,
      value_of_learning: 2.8,
      empowering_people: 2.9,
      sharing_knowledge: 2.4,
      learning_reflection: 2.7,
      organisational_support: 2.5,
    },
    comments: [
      'We hebben weinig tijd om stil te staan bij wat we leren.',
      'Goede ideeën blijven vaak hangen bij de afdeling.',
      'Ik weet niet wat andere teams al hebben uitgeprobeerd.',
    ],
  },
  {
    key: 'follow-up',
    title: 'Vervolgmeting leercultuur',
    opensDaysAgo: 90,
    closesDaysAgo: 76,
    skip: ['m8', 'head-rehab'],
    reminderRounds: 1,
    level: {
      shared_vision: 3.4,
      mental_models: 3.1,
      personal_mastery: 3.5,
      team_learning: 3.6,
      systems_thinking: 2.9,
      building_trust: 3.6,
      value_of_learning: 3.3,
      empowering_people: 3.4,
      sharing_knowledge: 3.2,
      learning_reflection: 3.3,
      organisational_support: 3.1,
    },
    comments: [
      'De experimenten geven ons echt ruimte om dingen te proberen.',
      'Lessen van andere teams zijn nu veel makkelijker te vinden.',
      'Budget voor verbeteringen blijft lastig, maar het gaat de goede kant op.',
      'Fijn dat een weerlegde hypothese ook als resultaat telt.',
    ],
  },
] satisfies Array<{ level: Record<Dimension, number> } & Record<string, unknown>>;

/** A small deterministic generator, so every fresh demo gets the same answers. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * Two past scans of the demo organisation, so results and trends have something to show. Writes the
 * same anonymous shape the API writes: tallies per group and statement, and who took part.
 */
export async function seedDemoScans(
  client: Client,
  org: string,
  id: Id,
  people: readonly DemoPerson[],
): Promise<void> {
  const instrumentId = id('scan-instrument:1');
  await client.query(
    `INSERT INTO scan_instrument (organisation_id, id, version, statements, created_at) VALUES ($1, $2, 1, $3, now() - interval '280 days')`,
    [org, instrumentId, JSON.stringify(INSTRUMENT_V1.statements)],
  );
  const random = generator(20_260_101);
  for (const scan of scans) {
    const scanId = id(`scan:${scan.key}`);
    await client.query(
      `INSERT INTO scan (organisation_id, id, title, instrument_id, scope, opens_at, closes_at, min_responses, reminder_rounds, created_by, created_at)
       VALUES ($1, $2, $3, $4, 'organisation', now() - make_interval(days => $5), now() - make_interval(days => $6), 5, $7, $8, now() - make_interval(days => $5))`,
      [
        org,
        scanId,
        scan.title,
        instrumentId,
        scan.opensDaysAgo,
        scan.closesDaysAgo,
        scan.reminderRounds,
        id('membership:admin'),
      ],
    );
    // The group tree as it was when the scan opened (the demo's structure has not changed since).
    await client.query(
      `INSERT INTO scan_group (organisation_id, scan_id, key, kind, unit_id, name, parent_key)
       SELECT $1::uuid, $2::uuid, 'organisation:' || o.organisation_id, 'organisation', o.organisation_id, o.name, NULL FROM organisation o WHERE o.organisation_id = $1
       UNION ALL
       SELECT $1, $2, 'department:' || d.id, 'department', d.id, d.name, coalesce('department:' || d.parent_id, 'organisation:' || $1::uuid)
         FROM department d WHERE d.organisation_id = $1 AND d.archived_at IS NULL
       UNION ALL
       SELECT $1, $2, 'team:' || t.id, 'team', t.id, t.name, 'department:' || t.department_id FROM team t WHERE t.organisation_id = $1 AND t.archived_at IS NULL`,
      [org, scanId],
    );
    const units = new Map<
      string,
      { kind: string; unitId: string; responses: number; comments: string[]; tallies: Map<string, number> }
    >();
    let commentIndex = 0;
    for (const person of people) {
      const answered = !(scan.skip as readonly string[]).includes(person.key);
      const [kind, unitId] = person.team
        ? ['team', id(`team:${person.team}`)]
        : person.heads
          ? ['department', id(`department:${person.heads}`)]
          : ['organisation', org];
      await client.query(
        `INSERT INTO scan_participation (organisation_id, scan_id, membership_id, answered, reminders_sent, unit_key) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          org,
          scanId,
          id(`membership:${person.key}`),
          answered,
          answered ? 0 : scan.reminderRounds,
          `${kind}:${unitId}`,
        ],
      );
      if (!answered) continue;
      const unit = units.get(`${kind}:${unitId}`) ?? {
        kind,
        unitId,
        responses: 0,
        comments: [] as string[],
        tallies: new Map<string, number>(),
      };
      unit.responses += 1;
      if (random() < 0.25 && commentIndex < scan.comments.length)
        unit.comments.push(scan.comments[commentIndex++]);
      for (const statement of INSTRUMENT_V1.statements) {
        const value = Math.min(
          5,
          Math.max(1, Math.round(scan.level[statement.dimension] + (random() - 0.5) * 2.2)),
        );
        const key = `${statement.id}|${value}`;
        unit.tallies.set(key, (unit.tallies.get(key) ?? 0) + 1);
      }
      units.set(`${kind}:${unitId}`, unit);
    }
    for (const unit of units.values()) {
      await client.query(
        `INSERT INTO scan_unit (organisation_id, scan_id, unit_kind, unit_id, responses, comments) VALUES ($1, $2, $3, $4, $5, $6)`,
        [org, scanId, unit.kind, unit.unitId, unit.responses, unit.comments],
      );
      for (const [key, count] of unit.tallies) {
        const [statementId, value] = key.split('|');
        await client.query(
          `INSERT INTO scan_tally (organisation_id, scan_id, unit_kind, unit_id, statement_id, value, count) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [org, scanId, unit.kind, unit.unitId, statementId, Number(value), count],
        );
      }
    }
  }
}
