import type { Client } from 'pg';
import type { DemoExperiment } from './demo-experiments';

type Id = (name: string) => string;

const cycle = (
  e: Pick<DemoExperiment, 'key' | 'team' | 'owner' | 'approver' | 'status' | 'title' | 'problem' | 'change'> &
    Partial<DemoExperiment>,
): DemoExperiment => ({
  outcome: 'minder valincidenten',
  measure: 'valincidenten per 1.000 ligdagen onder de 4',
  metric: ['Valincidenten', 'per 1.000 ligdagen', 6.1, 4, 'decrease'],
  hours: 12,
  amountMinor: 20_000,
  startDaysAgo: 60,
  tags: ['valpreventie'],
  disciplines: ['systems_thinking'],
  ...e,
});

/**
 * The PDSA cycles of the falls programme, beyond the first sensor test the experiment seed already has: the sensor
 * idea ramps from one ward to a second in four cycles, non-slip socks take two, a medication review one.
 */
export const programmeExperiments: DemoExperiment[] = [
  cycle({
    key: 'falls-2',
    team: 'south',
    owner: 'm6',
    approver: 'lead-south',
    status: 'closed',
    title: 'Bewegingssensoren alleen bij hoog valrisico',
    problem: 'De sensoren gaven te veel valse meldingen bij cliënten die veilig opstaan.',
    change: 'sensoren alleen bij cliënten met een hoge valrisicoscore',
    startDaysAgo: 112,
    result: [4.6, 'confirmed', 'Acht weken, 40% minder meldingen en minder vallen', 10, 15_000],
    lesson: [
      'Gerichte sensoren bij hoog valrisico werken: minder ruis, sneller ter plaatse.',
      'adopt',
      'Elke cliënt een sensor',
      'Een sensor waar het risico hoog is',
      'organisation',
    ],
    buildsOn: 'falls',
  }),
  cycle({
    key: 'falls-3',
    team: 'south',
    owner: 'm7',
    approver: 'lead-south',
    status: 'learned',
    title: 'Gerichte bewegingssensoren op heel Team Zuid',
    problem: 'De proef op één gang werkte; houdt het stand op de hele afdeling, ook overdag?',
    change: 'gerichte sensoren bij hoog valrisico op alle kamers van Team Zuid',
    startDaysAgo: 80,
    result: [4.1, 'confirmed', 'Twaalf weken op de hele afdeling', 14, 30_000],
    lesson: [
      'Op afdelingsschaal blijft de winst: de valrisicoscore bij opname is de sleutel.',
      'adopt',
      'Het werkt alleen op een rustige gang',
      'Het werkt overal waar de risicoscore bij opname wordt ingevuld',
      'organisation',
    ],
    buildsOn: 'falls-2',
  }),
  cycle({
    key: 'falls-4',
    team: 'north-night',
    owner: 'm5',
    approver: 'lead-north-night',
    status: 'running',
    title: 'Gerichte bewegingssensoren in de nacht van Team Noord',
    problem: 'Team Zuid halveerde bijna de valincidenten; werkt het ook in de nachtdienst van Noord?',
    change: 'gerichte sensoren bij hoog valrisico in de nachtdienst van Team Noord',
    startDaysAgo: 30,
    buildsOn: 'falls-3',
    // Team Noord took the lesson up through the lessons library: knowledge spreading to a second ward.
    adopts: true,
  }),
  cycle({
    key: 'socks',
    team: 'south',
    owner: 'm8',
    approver: 'lead-south',
    status: 'learned',
    title: 'Antislipsokken bij opname',
    problem: 'Cliënten lopen ’s nachts op gladde sokken naar het toilet en glijden uit.',
    change: 'antislipsokken voor iedere nieuwe cliënt bij opname',
    startDaysAgo: 96,
    result: [5.2, 'confirmed', 'Minder uitglijders bij toiletbezoek', 6, 8_000],
    lesson: [
      'Antislipsokken helpen alleen als ze ook ’s nachts worden gedragen.',
      'adopt',
      'Goed schoeisel overdag volstaat',
      'Juist ’s nachts telt wat iemand aan de voeten heeft',
      'department',
    ],
  }),
  cycle({
    key: 'socks-2',
    team: 'south',
    owner: 'm8',
    approver: 'lead-south',
    status: 'running',
    title: 'Antislipsokken klaarleggen voor de nacht',
    problem: 'Sokken liggen er wel, maar worden ’s nachts niet aangetrokken.',
    change: 'de avonddienst legt antislipsokken naast het bed klaar',
    startDaysAgo: 24,
    buildsOn: 'socks',
  }),
  cycle({
    key: 'med-review',
    team: 'north-day',
    owner: 'm2',
    approver: 'lead-north-day',
    status: 'learned',
    title: 'Medicatiereview bij verhoogd valrisico',
    problem: 'Slaapmiddelen en bloeddrukverlagers vergroten het valrisico bij ouderen.',
    change: 'een medicatiereview met de apotheker binnen een week na opname',
    startDaysAgo: 85,
    result: [6.0, 'refuted', 'Reviews duurden te lang om binnen een week te plannen', 9, 12_000],
    lesson: [
      'Zonder vaste apothekersuren haalt een medicatiereview de eerste week niet.',
      'abandon',
      'Een review is snel geregeld',
      'Een review vraagt vaste tijd van de apotheker',
      'organisation',
    ],
  }),
];

const day = 24 * 3600 * 1000;
/** The Monday `weeksAgo` weeks back, as YYYY-MM-DD. */
function monday(weeksAgo: number): string {
  const d = new Date(Date.now() - weeksAgo * 7 * day);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * Two programmes. Falls prevention in the care department: an aim on falls per 1,000 bed days, a driver diagram with
 * three change ideas tested by seven cycles, a sensor ramp that spread from Team Zuid to Team Noord, and a measure
 * that shows the improvement. Faster invoices in operations: stalled, nothing tested for months.
 */
export async function seedDemoProgrammes(client: Client, org: string, id: Id): Promise<void> {
  const insertMeasure = async (key: string, values: unknown[]) =>
    client.query(
      `INSERT INTO measure (organisation_id, id, name, unit, definition, direction, kind, multiplier, owner_type, department_id,
         created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'lower-is-better', $6, $7, 'department', $8, $9, now() - interval '220 days', now() - interval '3 days')`,
      [org, id(`measure:${key}`), ...values],
    );
  await insertMeasure('falls', [
    'Valincidenten per 1.000 ligdagen',
    'per 1.000 ligdagen',
    'Gemelde valincidenten in de zorgafdelingen, per week, gedeeld door de ligdagen.',
    'rate',
    1000,
    id('department:care'),
    id('membership:head-care'),
  ]);
  // 14 weeks around 6.1 per 1,000, then the sensor ramp and socks: down to below 4.
  const falls = [9, 8, 9, 8, 9, 9, 8, 9, 8, 9, 8, 9, 9, 8, 7, 7, 6, 6, 6, 6, 5, 6, 5, 6, 5, 5, 5, 6, 5, 5];
  for (const [i, numerator] of falls.entries()) {
    const weeksAgo = falls.length - i;
    await client.query(
      `INSERT INTO measure_point (organisation_id, id, measure_id, period, numerator, denominator, entered_by, entered_at)
       VALUES ($1, $2, $3, $4, $5, 1400, $6, $4::date + 7)`,
      [org, id(`point:falls:${i}`), id('measure:falls'), monday(weeksAgo), numerator, id('membership:m6')],
    );
  }
  // The second cycle is the first change judged against the measure.
  await client.query(
    `INSERT INTO experiment_measure (organisation_id, experiment_id, measure_id, baseline_from, baseline_through, linked_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      org,
      id('experiment:falls-2'),
      id('measure:falls'),
      monday(falls.length),
      monday(17),
      id('membership:m6'),
    ],
  );
  await client.query(
    `INSERT INTO experiment_change_moment (organisation_id, experiment_id, period, label) VALUES ($1, $2, $3, $4)`,
    [org, id('experiment:falls-2'), monday(16), 'PDSA 2: sensoren bij hoog valrisico'],
  );

  await insertMeasure('invoices', [
    'Doorlooptijd facturen',
    'dagen',
    'Dagen van ontvangst tot betaling, mediaan per week.',
    'value',
    1,
    id('department:support'),
    id('membership:head-support'),
  ]);
  for (const [i, value] of [12, 13, 11, 12, 14, 12, 13, 12].entries()) {
    await client.query(
      `INSERT INTO measure_point (organisation_id, id, measure_id, period, value, entered_by, entered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $4::date + 7)`,
      [org, id(`point:invoices:${i}`), id('measure:invoices'), monday(30 - i), value, id('membership:m12')],
    );
  }

  const programme = async (
    key: string,
    values: {
      title: string;
      owner: string;
      department: string;
      aim: [string, string, number, number, number];
    },
    team: string[],
  ) => {
    const [statement, measure, baseline, target, inDays] = values.aim;
    await client.query(
      `INSERT INTO programme (organisation_id, id, title, owner_membership_id, unit_type, department_id, aim_statement, aim_measure_id,
         aim_baseline, aim_target, aim_target_date, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'department', $5, $6, $7, $8, $9, (now() + $10 * interval '1 day')::date,
               now() - interval '200 days', now() - interval '5 days')`,
      [
        org,
        id(`programme:${key}`),
        values.title,
        id(`membership:${values.owner}`),
        id(`department:${values.department}`),
        statement,
        id(`measure:${measure}`),
        baseline,
        target,
        inDays,
      ],
    );
    for (const person of team) {
      await client.query(
        `INSERT INTO programme_member (organisation_id, programme_id, membership_id, added_at) VALUES ($1, $2, $3, now() - interval '200 days')`,
        [org, id(`programme:${key}`), id(`membership:${person}`)],
      );
    }
  };
  const node = async (
    programmeKey: string,
    key: string,
    kind: string,
    parent: string | null,
    title: string,
    position: number,
  ) =>
    client.query(
      `INSERT INTO driver_node (organisation_id, id, programme_id, kind, parent_id, title, position, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() - interval '190 days')`,
      [
        org,
        id(`node:${key}`),
        id(`programme:${programmeKey}`),
        kind,
        parent ? id(`node:${parent}`) : null,
        title,
        position,
      ],
    );
  const link = async (programmeKey: string, nodeKey: string, experiments: string[], by: string) => {
    for (const experiment of experiments) {
      await client.query(
        `INSERT INTO change_idea_experiment (organisation_id, programme_id, node_id, experiment_id, linked_by, linked_at)
         VALUES ($1, $2, $3, $4, $5, (SELECT created_at FROM experiment WHERE organisation_id = $1 AND id = $4))`,
        [
          org,
          id(`programme:${programmeKey}`),
          id(`node:${nodeKey}`),
          id(`experiment:${experiment}`),
          id(`membership:${by}`),
        ],
      );
    }
  };

  await programme(
    'falls',
    {
      title: 'Valpreventie',
      owner: 'lead-south',
      department: 'care',
      aim: ['Valincidenten van 6,1 naar 4,0 per 1.000 ligdagen binnen een jaar', 'falls', 6.1, 4, 160],
    },
    ['m6', 'm7', 'm8', 'lead-north-night', 'm2'],
  );
  await node('falls', 'mobility', 'primary-driver', null, 'Veilig bewegen', 0);
  await node('falls', 'night', 'secondary-driver', 'mobility', 'Toezicht bij opstaan in de nacht', 0);
  await node('falls', 'footing', 'secondary-driver', 'mobility', 'Grip op de vloer', 1);
  await node('falls', 'medication', 'primary-driver', null, 'Medicatie die het valrisico verhoogt', 1);
  await node('falls', 'review', 'secondary-driver', 'medication', 'Tijdige medicatiereview', 0);
  await node('falls', 'sensors', 'change-idea', 'night', 'Gerichte bewegingssensoren bij het bed', 0);
  await node('falls', 'socks', 'change-idea', 'footing', 'Antislipsokken', 0);
  await node('falls', 'med-review', 'change-idea', 'review', 'Medicatiereview na opname', 0);
  await link('falls', 'sensors', ['falls', 'falls-2', 'falls-3', 'falls-4'], 'lead-south');
  await link('falls', 'socks', ['socks', 'socks-2'], 'lead-south');
  await link('falls', 'med-review', ['med-review'], 'm2');

  // After each cycle: adapt, adopt, adopt across to Team Noord; socks adopted; the review abandoned.
  const decide = async (
    experiment: string,
    decision: string,
    followUp: string | null,
    reason: string,
    by: string,
  ) =>
    client.query(
      `INSERT INTO ramp_decision (organisation_id, experiment_id, decision, reason, follow_up_experiment_id, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, coalesce((SELECT created_at FROM experiment WHERE organisation_id = $1 AND id = $5),
               now() - interval '70 days'))`,
      [
        org,
        id(`experiment:${experiment}`),
        decision,
        reason,
        followUp ? id(`experiment:${followUp}`) : null,
        id(`membership:${by}`),
      ],
    );
  await decide(
    'falls',
    'adapt',
    'falls-2',
    'Te veel valse meldingen: richten op hoog valrisico',
    'lead-south',
  );
  await decide('falls-2', 'adopt', 'falls-3', 'Werkt op één gang; nu de hele afdeling', 'lead-south');
  await decide('falls-3', 'adopt', 'falls-4', 'Klaar om te verspreiden naar Team Noord', 'lead-south');
  await decide(
    'socks',
    'adopt',
    'socks-2',
    'Werkt, maar alleen als ze ’s nachts gedragen worden',
    'lead-south',
  );
  await decide('med-review', 'abandon', null, 'Zonder apothekersuren niet haalbaar', 'm2');
  await programme(
    'invoices',
    {
      title: 'Snellere factuurafhandeling',
      owner: 'lead-finance',
      department: 'support',
      aim: ['Doorlooptijd van facturen van 12 naar 5 dagen', 'invoices', 12, 5, 120],
    },
    ['m12', 'lead-ict'],
  );
  await node('invoices', 'approval', 'primary-driver', null, 'Snel akkoord van budgethouders', 0);
  await node('invoices', 'digital', 'change-idea', 'approval', 'Digitaal accorderen', 0);
  await node('invoices', 'data', 'primary-driver', null, 'Volledige factuurgegevens', 1);
  await link('invoices', 'digital', ['invoice'], 'lead-finance');
}
