import type { Client } from 'pg';
import {
  judgeEvidence,
  type DataPoint,
  type Direction,
  type MeasureKind,
} from '@kaizen/shared/domain-measures';
import type { DemoExperiment } from './demo-experiments';
import { demoHistory } from './demo-history';

type Id = (name: string) => string;
type Cadence = 'week' | 'month';

/** A demo measure: who owns it, how often it is counted, and how its data behave before and after a tested change. */
interface DemoMeasure {
  key: string;
  name: string;
  unit: string;
  definition: string;
  direction: Direction;
  kind: MeasureKind;
  multiplier: number;
  owner: { team: string } | { department: string } | 'organisation';
  /** Who enters the data: a membership key of the demo organisation. */
  enteredBy: string;
  cadence: Cadence;
  /** The experiment that tests a change against this measure, and when the change began. */
  experiment?: { key: string; owner: string; startDaysAgo: number; label: string };
  /** One period's observation; `changed` once the tested change is in place. */
  observe: (random: Random, changed: boolean, period: string) => DataPoint;
}

const measures: DemoMeasure[] = [
  {
    key: 'med-north-night',
    name: 'Medicatie-incidenten Noord Nacht',
    unit: 'per 1.000 toedieningen',
    definition: 'Gemelde medicatie-incidenten in de nachtdienst per 1.000 toedieningen, per week.',
    direction: 'lower-is-better',
    kind: 'rate',
    multiplier: 1000,
    owner: { team: 'north-night' },
    enteredBy: 'lead-north-night',
    cadence: 'week',
    experiment: { key: 'handover', owner: 'm4', startDaysAgo: 120, label: 'SBAR-overdracht' },
    observe: (random, changed) => {
      const denominator = random.integer(2000, 2400);
      return {
        period: '',
        numerator: random.poisson(denominator * (changed ? 0.0015 : 0.0034)),
        denominator,
      };
    },
  },
  {
    key: 'med-north-day',
    name: 'Medicatie-incidenten Noord Dag',
    unit: 'per 1.000 toedieningen',
    definition: 'Gemelde medicatie-incidenten in de dagdienst per 1.000 toedieningen, per week.',
    direction: 'lower-is-better',
    kind: 'rate',
    multiplier: 1000,
    owner: { team: 'north-day' },
    enteredBy: 'lead-north-day',
    cadence: 'week',
    experiment: { key: 'handover-day', owner: 'm1', startDaysAgo: 20, label: 'SBAR-overdracht dagdienst' },
    observe: (random) => {
      const denominator = random.integer(1500, 1700);
      return { period: '', numerator: random.poisson(denominator * 0.0021), denominator };
    },
  },
  {
    // The honest refuted test: the change did not move the falls.
    key: 'falls-south',
    name: 'Valincidenten Team Zuid',
    unit: 'per 1.000 ligdagen',
    definition: 'Valincidenten bij cliënten van Team Zuid per 1.000 ligdagen, per maand.',
    direction: 'lower-is-better',
    kind: 'rate',
    multiplier: 1000,
    owner: { team: 'south' },
    enteredBy: 'lead-south',
    cadence: 'month',
    experiment: { key: 'falls', owner: 'm6', startDaysAgo: 150, label: 'Beweegmaatje' },
    observe: (random) => {
      const denominator = random.integer(850, 950);
      return { period: '', numerator: random.poisson(denominator * 0.006), denominator };
    },
  },
  {
    key: 'physio-wait',
    name: 'Wachttijd fysiotherapie',
    unit: 'weken',
    definition: 'Gemiddelde wachttijd van aanmelding tot eerste behandeling, per week gemeten.',
    direction: 'lower-is-better',
    kind: 'value',
    multiplier: 1,
    owner: { team: 'physio' },
    enteredBy: 'lead-physio',
    cadence: 'week',
    experiment: { key: 'physio-group', owner: 'm9', startDaysAgo: 90, label: 'Groepsintake' },
    observe: (random, changed) => ({
      period: '',
      value: round(random.normal(changed ? 4.3 : 6, changed ? 0.45 : 0.55), 1),
    }),
  },
  {
    // A proportion whose denominators vary a lot: the p-chart's limits widen and narrow with them.
    key: 'adherence',
    name: 'Therapietrouw',
    unit: '%',
    definition: 'Gevolgde behandelafspraken als deel van de geplande afspraken, per maand.',
    direction: 'higher-is-better',
    kind: 'proportion',
    multiplier: 100,
    owner: { team: 'physio' },
    enteredBy: 'lead-physio',
    cadence: 'month',
    observe: (random) => {
      const denominator = random.integer(40, 180);
      return { period: '', numerator: random.binomial(denominator, 0.66), denominator };
    },
  },
  {
    key: 'ict-first-response',
    name: 'Eerste reactie op meldingen',
    unit: 'werkdagen',
    definition: 'Mediane tijd tot de eerste reactie op een ICT-melding, per week.',
    direction: 'lower-is-better',
    kind: 'value',
    multiplier: 1,
    owner: { team: 'ict' },
    enteredBy: 'lead-ict',
    cadence: 'week',
    experiment: { key: 'ticket-triage', owner: 'm11', startDaysAgo: 14, label: 'Dagelijkse triage' },
    observe: (random) => ({ period: '', value: round(Math.max(0.5, random.normal(4, 0.7)), 1) }),
  },
  {
    key: 'overtime-north-night',
    name: 'Overuren Noord Nacht',
    unit: 'uur per maand',
    definition: 'Gewerkte overuren van het nachtteam, per maand.',
    direction: 'lower-is-better',
    kind: 'value',
    multiplier: 1,
    owner: { team: 'north-night' },
    enteredBy: 'lead-north-night',
    cadence: 'month',
    experiment: { key: 'overtime', owner: 'm5', startDaysAgo: 60, label: 'Invalpool' },
    observe: (random) => ({ period: '', value: Math.round(random.normal(120, 14)) }),
  },
  {
    // Winter brings more sick leave: a seasonal pattern, not a signal of change.
    key: 'sick-leave',
    name: 'Ziekteverzuim',
    unit: '%',
    definition: 'Verzuimde contractdagen als deel van alle contractdagen, per maand.',
    direction: 'lower-is-better',
    kind: 'proportion',
    multiplier: 100,
    owner: 'organisation',
    enteredBy: 'admin',
    cadence: 'month',
    observe: (random, _changed, period) => {
      const month = Number(period.slice(5, 7));
      const winter = month === 12 || month <= 2 ? 0.008 : 0;
      const denominator = random.integer(9000, 9800);
      return { period: '', numerator: random.binomial(denominator, 0.052 + winter), denominator };
    },
  },
];

/** An experiment testing a change against a measure: the change's period and the baseline before it. */
export interface DemoLink {
  experiment: string;
  owner: string;
  /** Null for a proposal: its change has not begun. */
  change: string | null;
  label: string;
  baseline: [string, string];
  /** The last period whose data were in when the lesson was written (the product judges then); null: all. */
  judgedThrough: string | null;
  /** A proposal's prediction on the measure and its rule: adopt on a signal within so many periods, else abandon. */
  rule?: { direction: 'increase' | 'decrease'; size: number; withinPeriods: number };
}

export interface DemoMeasureData {
  key: string;
  measure: Omit<DemoMeasure, 'observe' | 'experiment'>;
  points: DataPoint[];
  links: DemoLink[];
}

/** Two years of periods up to the last complete one (this one's data are not in yet). */
function periodsUpTo(today: Date, cadence: Cadence): string[] {
  const count = cadence === 'week' ? 104 : 24;
  const last = shift(periodOf(today, cadence), cadence, -1);
  return Array.from({ length: count }, (_, i) => shift(last, cadence, i - count + 1));
}

/** Two years of data per measure, up to the last complete period; the same every run for the same day. */
export function demoMeasureData(today: Date, teamNames: Record<string, string> = {}): DemoMeasureData[] {
  const designed = measures.map((measure, index) => {
    const random = new Random(1_000 + index);
    const periods = periodsUpTo(today, measure.cadence);
    const change = measure.experiment
      ? periodOf(new Date(today.getTime() - measure.experiment.startDaysAgo * 86_400_000), measure.cadence)
      : null;
    const points = periods.map((period) => ({
      ...measure.observe(random, change !== null && period >= change, period),
      period,
    }));
    const before = change === null ? -1 : periods.findIndex((p) => p >= change) - 1;
    return {
      key: measure.key,
      measure,
      points,
      links:
        measure.experiment && change && before >= 0
          ? [
              {
                experiment: measure.experiment.key,
                owner: measure.experiment.owner,
                change,
                label: measure.experiment.label,
                baseline: [periods[0], periods[before]] as [string, string],
                judgedThrough: null,
              },
            ]
          : [],
    };
  });
  return [...designed, ...historyMeasureData(today, teamNames)];
}

/** Fewest baseline periods before a change; a cycle that starts sooner after the last one takes some of it in. */
const MIN_BASELINE = 8;
const MAX_BASELINE = 26;
/** Weeks for an unheld improvement to lose about two thirds of its effect. */
const FADE_WEEKS = 16;

/**
 * A weekly measure for each team and change idea of the generated history, tested by its cycles: the level moves
 * most of the way to the target after each confirmed cycle and stays put after the others. Whether a lesson is
 * data-backed is then read from these data by the product's own rule, never set by hand.
 */
function historyMeasureData(today: Date, teamNames: Record<string, string>): DemoMeasureData[] {
  const tested = ['running', 'concluded', 'learned', 'closed', 'stopped'];
  const byIdea = new Map<string, DemoExperiment[]>();
  const waiting = new Map<string, DemoExperiment[]>();
  for (const e of demoHistory()) {
    if (e.status === 'proposed') {
      const idea = `${e.team}|${e.title.replace(/ \(.*\)$/, '')}`;
      waiting.set(idea, [...(waiting.get(idea) ?? []), e]);
    }
    if (!tested.includes(e.status) || e.startDaysAgo < 1) continue;
    const idea = `${e.team}|${e.title.replace(/ \(.*\)$/, '')}`;
    byIdea.set(idea, [...(byIdea.get(idea) ?? []), e]);
  }
  return [...byIdea.entries()].map(([idea, cycles], index) => {
    const [team, title] = idea.split('|');
    const [name, unit, baseline, target, direction] = cycles[0].metric;
    const periods = periodsUpTo(today, 'week');
    const changeOf = (e: DemoExperiment) =>
      periodOf(new Date(today.getTime() - e.startDaysAgo * 86_400_000), 'week');
    const cycleChanges = cycles
      .map((e) => ({ e, change: changeOf(e), at: periods.indexOf(changeOf(e)) }))
      .sort((a, b) => (a.change < b.change ? -1 : 1));
    const random = new Random(5_000 + index);
    const noise = Math.abs(baseline - target) * 0.2;
    // A confirmed change takes most of the gap to the target at once, then fades unless held: a later cycle has
    // room to improve again. The level stays between the baseline and the target.
    const gain = (period: string, change: string) => {
      const weeks = (Date.parse(period) - Date.parse(change)) / (7 * 86_400_000);
      return weeks < 0 ? 0 : 0.75 * Math.exp(-weeks / FADE_WEEKS);
    };
    const points = periods.map((period) => {
      const moved = cycleChanges
        .filter(({ e }) => e.result?.[1] === 'confirmed')
        .reduce((sum, { change }) => sum + gain(period, change), 0);
      const level = baseline + (target - baseline) * Math.min(1, moved);
      return { period, value: round(Math.max(0, random.normal(level, noise)), 1) };
    });
    // A cycle is judged on its own baseline: one that starts too soon after the last one, or too early, has none.
    const judged = cycleChanges.filter(
      ({ at }, i) => at >= MIN_BASELINE && (i === 0 || at - cycleChanges[i - 1].at >= MIN_BASELINE / 2),
    );
    const links = judged.map(({ e, change, at }) => {
      const previous = cycleChanges[cycleChanges.findIndex((c) => c.e === e) - 1]?.at ?? 0;
      const from = Math.max(previous, at - MAX_BASELINE);
      return {
        experiment: e.key,
        owner: e.owner,
        change,
        label: e.title,
        baseline: [periods[from], periods[at - 1]] as [string, string],
        judgedThrough: shift(
          periodOf(new Date(today.getTime() - (e.startDaysAgo - (e.durationDays ?? 0)) * 86_400_000), 'week'),
          'week',
          -1,
        ),
      };
    });
    // A proposal of the next cycle, waiting for approval, states its prediction and rule on the recent weeks.
    const recent = points.slice(-MAX_BASELINE).map((p) => p.value ?? 0);
    const now = recent.reduce((sum, v) => sum + v, 0) / recent.length;
    const proposals: DemoLink[] = (waiting.get(idea) ?? []).map((e) => ({
      experiment: e.key,
      owner: e.owner,
      change: null,
      label: e.title,
      baseline: [periods[periods.length - MAX_BASELINE], periods[periods.length - 1]],
      judgedThrough: null,
      rule: {
        direction: direction === 'decrease' ? 'decrease' : 'increase',
        size: round(Math.max(Math.abs(now - target) / 2, noise), 1),
        withinPeriods: 8,
      },
    }));
    return {
      key: `history:${idea}`,
      measure: {
        key: `history:${idea}`,
        name: `${name} ${teamNames[team] ?? team}`,
        unit,
        definition: `${name} (${unit}) van ${teamNames[team] ?? team}, elke week bijgewerkt: de meting achter "${title}".`,
        direction: direction === 'decrease' ? ('lower-is-better' as const) : ('higher-is-better' as const),
        kind: 'value' as const,
        multiplier: 1,
        owner: { team },
        enteredBy: cycles[0].owner,
        cadence: 'week' as const,
      },
      points,
      links: [...links, ...proposals],
    };
  });
}

/** The demo's measures with their data, history and the experiments that test changes against them. */
export async function seedDemoMeasures(
  client: Client,
  org: string,
  id: Id,
  teamNames: Record<string, string>,
  today = new Date(),
): Promise<void> {
  for (const { key, measure, points, links } of demoMeasureData(today, teamNames)) {
    const measureId = id(`measure:${key}`);
    const owner = measure.owner;
    const enteredBy = id(`membership:${measure.enteredBy}`);
    await client.query(
      `INSERT INTO measure (organisation_id, id, name, unit, definition, direction, kind, multiplier, owner_type, team_id, department_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::date)`,
      [
        org,
        measureId,
        measure.name,
        measure.unit,
        measure.definition,
        measure.direction,
        measure.kind,
        measure.multiplier,
        owner === 'organisation' ? 'organisation' : 'team' in owner ? 'team' : 'department',
        owner !== 'organisation' && 'team' in owner ? id(`team:${owner.team}`) : null,
        owner !== 'organisation' && 'department' in owner ? id(`department:${owner.department}`) : null,
        enteredBy,
        points[0].period,
      ],
    );
    // One statement per table: a hundred points each, entered as an import the day after each period.
    const rows = points.map((p) => ({
      id: id(`point:${key}:${p.period}`),
      period: p.period,
      value: p.value ?? null,
      numerator: p.numerator ?? null,
      denominator: p.denominator ?? null,
    }));
    await client.query(
      `INSERT INTO measure_point (organisation_id, id, measure_id, period, value, numerator, denominator, entered_by, entered_at)
       SELECT $1, p.id, $2, p.period, p.value, p.numerator, p.denominator, $3, p.period + 1
         FROM jsonb_to_recordset($4::jsonb) AS p(id uuid, period date, value float8, numerator float8, denominator float8)`,
      [org, measureId, enteredBy, JSON.stringify(rows)],
    );
    await client.query(
      `INSERT INTO measure_point_revision (organisation_id, id, measure_id, point_id, change, source, period, value, numerator, denominator, changed_by, changed_at)
       SELECT $1, p.id, $2, p.point_id, 'created', 'import', p.period, p.value, p.numerator, p.denominator, $3, p.period + 1
         FROM jsonb_to_recordset($4::jsonb) AS p(id uuid, point_id uuid, period date, value float8, numerator float8, denominator float8)`,
      [
        org,
        measureId,
        enteredBy,
        JSON.stringify(rows.map((r) => ({ ...r, point_id: r.id, id: id(`revision:${key}:${r.period}`) }))),
      ],
    );
    for (const link of links) {
      const experimentId = id(`experiment:${link.experiment}`);
      const rule = link.rule;
      await client.query(
        `INSERT INTO experiment_measure (organisation_id, experiment_id, measure_id, baseline_from, baseline_through, linked_by,
           prediction_direction, prediction_size, rule_within_periods, rule_on_signal, rule_on_no_signal, rule_otherwise)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          org,
          experimentId,
          measureId,
          link.baseline[0],
          link.baseline[1],
          id(`membership:${link.owner}`),
          rule?.direction ?? null,
          rule?.size ?? null,
          rule?.withinPeriods ?? null,
          ...(rule ? ['adopt', 'abandon', 'adapt'] : [null, null, null]),
        ],
      );
      if (link.change === null) continue;
      await client.query(
        `INSERT INTO experiment_change_moment (organisation_id, experiment_id, period, label) VALUES ($1, $2, $3, $4)`,
        [org, experimentId, link.change, link.label],
      );
      // A lesson is data-backed when the measure shows it, judged as the product judges it at the lesson.
      const { signalAfterChange } = judgeEvidence(
        measure,
        judgedPoints(points, link),
        { from: link.baseline[0], through: link.baseline[1] },
        [link.change],
      );
      await client.query(
        `UPDATE lesson SET data_backed = $3 WHERE organisation_id = $1 AND experiment_id = $2`,
        [org, experimentId, signalAfterChange],
      );
    }
  }
}

/** The points the product saw when the lesson was written. */
export function judgedPoints(points: DataPoint[], link: DemoLink): DataPoint[] {
  const through = link.judgedThrough;
  return through === null ? points : points.filter((p) => p.period <= through);
}

function periodOf(at: Date, cadence: Cadence): string {
  const date = new Date(
    Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), cadence === 'month' ? 1 : at.getUTCDate()),
  );
  if (cadence === 'week') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7)); // Monday
  return date.toISOString().slice(0, 10);
}

function shift(period: string, cadence: Cadence, steps: number): string {
  const date = new Date(`${period}T00:00:00Z`);
  if (cadence === 'week') date.setUTCDate(date.getUTCDate() + 7 * steps);
  else date.setUTCMonth(date.getUTCMonth() + steps);
  return date.toISOString().slice(0, 10);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A small seeded generator (mulberry32), so the demo's data are the same on every machine. */
class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }

  binomial(n: number, p: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }
}
