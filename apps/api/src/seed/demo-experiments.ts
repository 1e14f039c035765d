import type { Client } from 'pg';
import type { Status } from '@kaizen/shared/domain-experiment';
import { demoHistory } from './demo-history';

type Id = (name: string) => string;

export interface DemoExperiment {
  key: string;
  team: string;
  owner: string;
  approver: string;
  status: Status;
  title: string;
  problem: string;
  change: string;
  outcome: string;
  measure: string;
  metric: [name: string, unit: string, baseline: number, target: number, direction: 'increase' | 'decrease'];
  hours: number;
  amountMinor: number;
  startDaysAgo: number;
  tags: string[];
  disciplines: string[];
  result?: [
    value: number,
    verdict: 'confirmed' | 'refuted' | 'inconclusive',
    evidence: string,
    hours: number,
    spendMinor: number,
  ];
  lesson?: [
    insight: string,
    recommendation: 'adopt' | 'adapt' | 'abandon' | 'standardise',
    before: string,
    after: string,
    visibility: 'team' | 'department' | 'organisation',
  ];
  /** The lesson this experiment builds on: the team's own earlier cycle, or another team's. */
  buildsOn?: string;
  /** Building on another team's lesson: an adoption, which counts as knowledge spreading for that team. */
  adopts?: boolean;
  /** Runs this many days from its start (results and lessons follow); without it, steps come three days apart. */
  durationDays?: number;
  /** Charged to its team's envelope of this quarter (default); history from earlier quarters is not. */
  envelope?: boolean;
}

const experiments: DemoExperiment[] = [
  {
    key: 'handover',
    team: 'north-night',
    owner: 'm4',
    approver: 'lead-north-night',
    status: 'closed',
    title: 'Gestructureerde overdracht bij de nachtdienst',
    problem: 'Medicatiefouten clusteren rond de overdracht van avond- naar nachtdienst.',
    change: 'een overdracht van vijf minuten volgens een vaste volgorde (SBAR)',
    outcome: 'minder medicatiefouten in de nacht',
    measure: 'het aantal incidenten per 1.000 toedieningen onder de 2 zakt',
    metric: ['Medicatie-incidenten', 'per 1.000 toedieningen', 3.4, 2, 'decrease'],
    hours: 24,
    amountMinor: 60_000,
    startDaysAgo: 120,
    tags: ['overdracht', 'medicatie'],
    disciplines: ['team_learning', 'mental_models'],
    result: [1.7, 'confirmed', 'Twaalf weken incidentmeldingen, 4.100 toedieningen', 20, 45_000],
    lesson: [
      'De volgorde van de overdracht doet meer dan de tijd die je ervoor neemt.',
      'standardise',
      'Fouten komen door haast bij de overdracht',
      'Fouten komen door een overdracht zonder vaste volgorde',
      'organisation',
    ],
  },
  {
    key: 'handover-day',
    team: 'north-day',
    owner: 'm1',
    approver: 'lead-north-day',
    status: 'running',
    title: 'SBAR-overdracht ook in de dagdienst',
    problem: 'De nachtdienst halveerde medicatie-incidenten met SBAR; geldt dat overdag ook?',
    change: 'SBAR bij elke overdracht in de dagdienst',
    outcome: 'minder incidenten overdag',
    measure: 'incidenten per 1.000 toedieningen < 1,5',
    metric: ['Medicatie-incidenten', 'per 1.000 toedieningen', 2.1, 1.5, 'decrease'],
    hours: 16,
    amountMinor: 20_000,
    startDaysAgo: 20,
    tags: ['overdracht'],
    disciplines: ['team_learning'],
    buildsOn: 'handover',
    adopts: true,
  },
  {
    key: 'falls',
    team: 'south',
    owner: 'm6',
    approver: 'lead-south',
    status: 'learned',
    title: 'Valpreventie met bewegingssensoren',
    problem: 'Cliënten vallen vooral ’s nachts bij het opstaan.',
    change: 'bewegingssensoren naast het bed',
    outcome: 'minder valincidenten',
    measure: 'valincidenten per maand halveren',
    metric: ['Valincidenten', 'per maand', 6, 3, 'decrease'],
    hours: 30,
    amountMinor: 180_000,
    startDaysAgo: 150,
    tags: ['valpreventie', 'technologie'],
    disciplines: ['systems_thinking'],
    result: [
      5.5,
      'refuted',
      'Sensoren gaven veel valse meldingen; medewerkers reageerden trager',
      28,
      175_000,
    ],
    lesson: [
      'Meer meldingen maakt niet veiliger: alarmmoeheid vrat de winst op.',
      'adapt',
      'Eerder weten dat iemand opstaat voorkomt vallen',
      'Alleen betrouwbare signalen voorkomen vallen; ruis werkt averechts',
      'organisation',
    ],
  },
  {
    key: 'physio-group',
    team: 'physio',
    owner: 'm9',
    approver: 'lead-physio',
    status: 'concluded',
    title: 'Groepsoefentherapie na heupoperatie',
    problem: 'Wachtlijst voor individuele fysiotherapie is zes weken.',
    change: 'groepen van vier in plaats van één-op-één',
    outcome: 'kortere wachttijd bij gelijk herstel',
    measure: 'wachttijd < 2 weken',
    metric: ['Wachttijd', 'weken', 6, 2, 'decrease'],
    hours: 40,
    amountMinor: 30_000,
    startDaysAgo: 90,
    tags: ['wachtlijst', 'revalidatie'],
    disciplines: ['personal_mastery'],
    result: [
      2.5,
      'inconclusive',
      'Wachttijd daalde, maar herstelscores zijn nog niet vergelijkbaar',
      36,
      28_000,
    ],
  },
  {
    key: 'ticket-triage',
    team: 'ict',
    owner: 'm11',
    approver: 'lead-ict',
    status: 'running',
    title: 'Dagelijkse triage van ICT-meldingen',
    problem: 'Meldingen blijven gemiddeld vier dagen liggen.',
    change: 'een triage van 15 minuten elke ochtend',
    outcome: 'snellere eerste reactie',
    measure: 'eerste reactie binnen 1 werkdag',
    metric: ['Eerste reactie', 'werkdagen', 4, 1, 'decrease'],
    hours: 12,
    amountMinor: 0,
    startDaysAgo: 14,
    tags: ['servicedesk'],
    disciplines: ['team_learning'],
  },
  {
    key: 'invoice',
    team: 'finance',
    owner: 'm12',
    approver: 'lead-finance',
    status: 'approved',
    title: 'Facturen digitaal laten accorderen',
    problem: 'Facturen wachten op een handtekening op papier.',
    change: 'digitale accordering in het boekhoudpakket',
    outcome: 'snellere betaling',
    measure: 'doorlooptijd < 5 dagen',
    metric: ['Doorlooptijd factuur', 'dagen', 14, 5, 'decrease'],
    hours: 20,
    amountMinor: 50_000,
    startDaysAgo: -7,
    tags: ['administratie'],
    disciplines: ['systems_thinking'],
  },
  {
    key: 'rostering',
    team: 'south',
    owner: 'lead-south',
    approver: 'head-care',
    status: 'proposed',
    title: 'Zelfroosteren voor Team Zuid',
    problem: 'Veel ruilverzoeken en kortdurend verzuim rond het weekend.',
    change: 'medewerkers stellen zelf het rooster op binnen spelregels',
    outcome: 'minder ruilverzoeken en verzuim',
    measure: 'ruilverzoeken per maand halveren',
    metric: ['Ruilverzoeken', 'per maand', 40, 20, 'decrease'],
    hours: 60,
    amountMinor: 120_000,
    startDaysAgo: -14,
    tags: ['rooster', 'autonomie'],
    disciplines: ['personal_mastery', 'shared_vision'],
  },
  {
    key: 'music',
    team: 'north-day',
    owner: 'm2',
    approver: 'lead-north-day',
    status: 'proposed',
    title: 'Persoonlijke muziek bij onrust',
    problem: 'Cliënten met dementie zijn onrustig in de namiddag.',
    change: 'een persoonlijke afspeellijst rond 16.00 uur',
    outcome: 'minder onrust',
    measure: 'onrustscore daalt met 30%',
    metric: ['Onrustscore', 'punten', 12, 8, 'decrease'],
    hours: 8,
    amountMinor: 5_000,
    startDaysAgo: -10,
    tags: ['dementie', 'welzijn'],
    disciplines: ['shared_vision'],
  },
  {
    key: 'paperless',
    team: 'ict',
    owner: 'm11',
    approver: 'lead-ict',
    status: 'changes_requested',
    title: 'Papierloze overdrachtsmap',
    problem: 'Printers op de afdelingen draaien vooral voor overdrachtslijsten.',
    change: 'de overdrachtslijst op een tablet',
    outcome: 'minder printwerk',
    measure: 'prints per week -80%',
    metric: ['Prints', 'per week', 900, 180, 'decrease'],
    hours: 10,
    amountMinor: 90_000,
    startDaysAgo: -20,
    tags: ['duurzaamheid'],
    disciplines: ['systems_thinking'],
  },
  {
    key: 'walk',
    team: 'physio',
    owner: 'm10',
    approver: 'lead-physio',
    status: 'draft',
    title: 'Loopgroep op zaterdag',
    problem: 'Na ontslag houdt een derde de oefeningen niet vol.',
    change: 'een wekelijkse loopgroep',
    outcome: 'meer therapietrouw',
    measure: 'na 8 weken doet 70% nog mee',
    metric: ['Therapietrouw', '%', 66, 70, 'increase'],
    hours: 6,
    amountMinor: 0,
    startDaysAgo: -30,
    tags: ['revalidatie'],
    disciplines: ['personal_mastery'],
  },
  {
    key: 'overtime',
    team: 'north-night',
    owner: 'lead-north-night',
    approver: 'head-care',
    status: 'stopped',
    title: 'Vaste invalpool voor de nacht',
    problem: 'Overwerk in de nachtdienst loopt op.',
    change: 'een vaste pool van vier invallers',
    outcome: 'minder overwerk',
    measure: 'overuren per maand -50%',
    metric: ['Overuren', 'uur per maand', 120, 60, 'decrease'],
    hours: 80,
    amountMinor: 400_000,
    startDaysAgo: 60,
    tags: ['personeel'],
    disciplines: ['systems_thinking'],
  },
  {
    key: 'budget-dashboard',
    team: 'finance',
    owner: 'lead-finance',
    approver: 'head-support',
    status: 'rejected',
    title: 'Eigen dashboard voor budgethouders',
    problem: 'Budgethouders vragen maandelijks losse overzichten op.',
    change: 'een zelfbedieningsdashboard',
    outcome: 'minder losse vragen',
    measure: 'vragen per maand -60%',
    metric: ['Losse vragen', 'per maand', 50, 20, 'decrease'],
    hours: 120,
    amountMinor: 1_500_000,
    startDaysAgo: 30,
    tags: ['rapportage'],
    disciplines: ['shared_vision'],
  },
];

const path: Record<Status, Array<[transition: string, to: Status]>> = {
  draft: [],
  proposed: [['propose', 'proposed']],
  changes_requested: [
    ['propose', 'proposed'],
    ['request_changes', 'changes_requested'],
  ],
  rejected: [
    ['propose', 'proposed'],
    ['reject', 'rejected'],
  ],
  approved: [
    ['propose', 'proposed'],
    ['approve', 'approved'],
  ],
  running: [
    ['propose', 'proposed'],
    ['approve', 'approved'],
    ['start', 'running'],
  ],
  stopped: [
    ['propose', 'proposed'],
    ['approve', 'approved'],
    ['start', 'running'],
    ['stop', 'stopped'],
  ],
  concluded: [
    ['propose', 'proposed'],
    ['approve', 'approved'],
    ['start', 'running'],
    ['conclude', 'concluded'],
  ],
  learned: [
    ['propose', 'proposed'],
    ['approve', 'approved'],
    ['start', 'running'],
    ['conclude', 'concluded'],
    ['learn', 'learned'],
  ],
  closed: [
    ['propose', 'proposed'],
    ['approve', 'approved'],
    ['start', 'running'],
    ['conclude', 'concluded'],
    ['learn', 'learned'],
    ['close', 'closed'],
  ],
};

const reasons: Record<string, string> = {
  approve: 'Goed onderbouwd, succes!',
  request_changes: 'Graag eerst een kleinere pilot op één afdeling.',
  reject: 'Past niet binnen de prioriteiten van dit kwartaal; probeer het in Q1 opnieuw.',
  stop: 'De pool bleek niet te vullen; we stoppen en leren ervan.',
};

/** Experiments in every stage, across departments, with the events, approvals, check-ins, results and lessons that go with them. */
export async function seedDemoExperiments(
  client: Client,
  org: string,
  id: Id,
  teamDepartments: Record<string, string>,
  /** More experiments, seeded the same way (the programmes' PDSA cycles). */
  extra: readonly DemoExperiment[] = [],
): Promise<void> {
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const today = new Date(now);
  const quarter = `${today.getUTCFullYear()}-Q${Math.floor(today.getUTCMonth() / 3) + 1}`;
  for (const team of Object.keys(teamDepartments)) {
    await client.query(
      `INSERT INTO budget_envelope (organisation_id, id, team_id, quarter, hours_budget, amount_budget_minor) VALUES ($1, $2, $3, $4, 200, 500000)`,
      [org, id(`envelope:${team}`), id(`team:${team}`), quarter],
    );
  }
  for (const e of [...experiments, ...demoHistory(), ...extra]) {
    const experimentId = id(`experiment:${e.key}`);
    const start = new Date(now - e.startDaysAgo * day);
    const steps = path[e.status];
    // Three weeks before the planned start, but early enough that every step (three days apart) already happened.
    const created = new Date(
      e.durationDays === undefined
        ? Math.min(start.getTime() - 21 * day, now - (3 * steps.length + 2) * day)
        : Math.min(start.getTime() - 14 * day, now - 7 * day),
    );
    const times = stepTimes(e, steps, created.getTime(), start.getTime(), now);
    const approved = steps.some(([t]) => t === 'approve');
    const charged = approved && e.envelope !== false;
    await client.query(
      `INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, problem, hypothesis_change, hypothesis_outcome,
         hypothesis_measure, metric_name, metric_unit, metric_baseline, metric_target, metric_direction, planned_start, planned_end,
         requested_hours, requested_amount_minor, disciplines, tags, status, created_at, updated_at, builds_on_lesson_id,
         approved_hours, approved_amount_minor, envelope_id, result_value, verdict, evidence, actual_hours, actual_spend_minor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::date, $15::date + 84, $16, $17, $18, $19, $20, $21, $21, $22,
               $23, $24, $25, $26, $27, $28, $29, $30)`,
      [
        org,
        experimentId,
        id(`team:${e.team}`),
        id(`membership:${e.owner}`),
        e.title,
        e.problem,
        e.change,
        e.outcome,
        e.measure,
        ...e.metric,
        start.toISOString().slice(0, 10),
        e.hours,
        e.amountMinor,
        e.disciplines,
        e.tags,
        e.status,
        created,
        e.buildsOn ? id(`lesson:${e.buildsOn}`) : null,
        approved ? e.hours : null,
        approved ? e.amountMinor : null,
        charged ? id(`envelope:${e.team}`) : null,
        e.result?.[0] ?? null,
        e.result?.[1] ?? null,
        e.result?.[2] ?? null,
        e.result?.[3] ?? null,
        e.result?.[4] ?? null,
      ],
    );
    if (charged) {
      await client.query(
        `UPDATE budget_envelope SET hours_committed = hours_committed + $2, amount_committed_minor = amount_committed_minor + $3,
                hours_spent = hours_spent + $4, amount_spent_minor = amount_spent_minor + $5 WHERE organisation_id = $6 AND id = $1`,
        [id(`envelope:${e.team}`), e.hours, e.amountMinor, e.result?.[3] ?? 0, e.result?.[4] ?? 0, org],
      );
    }
    await client.query(
      `INSERT INTO experiment_event (organisation_id, id, experiment_id, actor_membership_id, type, to_status, occurred_at)
       VALUES ($1, $2, $3, $4, 'created', 'draft', $5)`,
      [org, id(`event:${e.key}:created`), experimentId, id(`membership:${e.owner}`), created],
    );
    let from: Status = 'draft';
    let at = created.getTime();
    let step = 0;
    const reached: Record<string, Date> = {};
    for (const [transition, to] of steps) {
      at = times[step++];
      const byApprover = ['approve', 'reject', 'request_changes'].includes(transition);
      const actor = byApprover || transition === 'stop' ? e.approver : e.owner;
      await client.query(
        `INSERT INTO experiment_event (organisation_id, id, experiment_id, actor_membership_id, type, transition, from_status, to_status, reason, occurred_at)
         VALUES ($1, $2, $3, $4, 'transition', $5, $6, $7, $8, $9)`,
        [
          org,
          id(`event:${e.key}:${transition}`),
          experimentId,
          id(`membership:${actor}`),
          transition,
          from,
          to,
          reasons[transition] ?? null,
          new Date(at),
        ],
      );
      if (transition === 'propose') {
        const decision = steps.find(([t]) => ['approve', 'reject', 'request_changes'].includes(t));
        await client.query(
          `INSERT INTO approval (organisation_id, id, experiment_id, level, requested_hours, requested_amount_minor, requested_at,
             decided_at, decided_by, decision, comment, envelope_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            org,
            id(`approval:${e.key}`),
            experimentId,
            e.approver.startsWith('head') ? 'department_head' : 'team_lead',
            e.hours,
            e.amountMinor,
            new Date(at),
            decision ? new Date(times[steps.indexOf(decision)]) : null,
            decision ? id(`membership:${e.approver}`) : null,
            decision
              ? { approve: 'approved', reject: 'rejected', request_changes: 'changes_requested' }[decision[0]]
              : null,
            decision ? reasons[decision[0]] : null,
            decision?.[0] === 'approve' && charged ? id(`envelope:${e.team}`) : null,
          ],
        );
      }
      if (transition === 'start') {
        for (let week = 1; week <= 3; week++) {
          await client.query(
            `INSERT INTO check_in (organisation_id, id, experiment_id, author_membership_id, progress, confidence, blockers, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              org,
              id(`check-in:${e.key}:${week}`),
              experimentId,
              id(`membership:${e.owner}`),
              `Week ${week}: loopt volgens plan.`,
              2 + week,
              week === 2 ? 'Vakantieperiode' : '',
              new Date(Math.min(at + week * 7 * day, now - day)),
            ],
          );
        }
      }
      reached[to] = new Date(at);
      from = to;
    }
    // The moments the lifecycle stamps, as the API would have.
    await client.query(
      `UPDATE experiment SET proposed_at = $3, started_at = $4, concluded_at = $5, learned_at = $6, closed_at = $7
        WHERE organisation_id = $1 AND id = $2`,
      [
        org,
        experimentId,
        reached['proposed'] ?? null,
        reached['running'] ?? null,
        reached['concluded'] ?? null,
        reached['learned'] ?? null,
        reached['closed'] ?? null,
      ],
    );
    if (e.lesson) {
      const [insight, recommendation, before, after, visibility] = e.lesson;
      await client.query(
        `INSERT INTO lesson (organisation_id, id, experiment_id, team_id, department_id, author_membership_id, insight, recommendation,
           assumption_before, assumption_after, double_loop, disciplines, tags, visibility, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $15, $11, $12, $13, $14)`,
        [
          org,
          id(`lesson:${e.key}`),
          experimentId,
          id(`team:${e.team}`),
          id(`department:${teamDepartments[e.team]}`),
          id(`membership:${e.owner}`),
          insight,
          recommendation,
          before,
          after,
          e.disciplines,
          e.tags,
          visibility,
          new Date(at),
          before !== '' && after !== '', // a changed assumption is double-loop learning
        ],
      );
    }
    if (e.adopts && e.buildsOn) {
      // Another team took up a lesson: the adoption, and the event that counts it for the lesson's team.
      const source = id(`experiment:${e.buildsOn}`);
      await client.query(
        `INSERT INTO lesson_adoption (organisation_id, id, lesson_id, team_id, experiment_id, adopted_by, adopted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          org,
          id(`adoption:${e.key}`),
          id(`lesson:${e.buildsOn}`),
          id(`team:${e.team}`),
          experimentId,
          id(`membership:${e.owner}`),
          created,
        ],
      );
      await client.query(
        `INSERT INTO experiment_event (organisation_id, id, experiment_id, actor_membership_id, type, occurred_at)
         VALUES ($1, $2, $3, $4, 'adopted', $5)`,
        [org, id(`event:${e.key}:adopted`), source, id(`membership:${e.owner}`), created],
      );
    }
  }
}

/**
 * When each step of an experiment's path happened: three days apart for the hand-written stories, or along its
 * plan for the history (proposed, decided, started on its date, ended after its duration, the lesson days later).
 * Never later than an hour ago.
 */
function stepTimes(
  e: DemoExperiment,
  steps: ReadonlyArray<[transition: string, to: Status]>,
  created: number,
  start: number,
  now: number,
): number[] {
  const day = 24 * 3600 * 1000;
  if (e.durationDays === undefined) return steps.map((_, i) => created + 3 * (i + 1) * day);
  const end = start + e.durationDays * day;
  const at: Record<string, number> = {
    propose: created + 2 * day,
    approve: created + 5 * day,
    reject: created + 5 * day,
    request_changes: created + 5 * day,
    start,
    stop: start + Math.round(e.durationDays / 2) * day,
    conclude: end,
    learn: end + 5 * day,
    close: end + 7 * day,
  };
  return steps.map(([transition]) => Math.min(at[transition], now - 3600 * 1000));
}
