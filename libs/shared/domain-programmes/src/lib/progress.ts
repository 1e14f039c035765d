import type { Status, Verdict } from '@kaizen/shared/domain-experiment';
import {
  analyseMeasure,
  median,
  type DataPoint,
  type Measure,
  type MeasureAnalysis,
} from '@kaizen/shared/domain-measures';
import type { RuleProblem } from './programme';

/**
 * The IHI progress scale (0.5 "intent to participate" … 5 "outstanding sustainable results"), derived from evidence
 * instead of typed by hand. Each band has one criterion; a programme scores the highest band whose criterion holds
 * together with every criterion below it, and the reasons say what holds and what the next band still needs.
 */
export const progressBands = [
  { score: 0.5, band: 'intent' },
  { score: 1, band: 'team-formed' },
  { score: 1.5, band: 'planning' },
  { score: 2, band: 'activity' },
  { score: 2.5, band: 'changes-tested' },
  { score: 3, band: 'modest-improvement' },
  { score: 3.5, band: 'improvement' },
  { score: 4, band: 'significant-improvement' },
  { score: 4.5, band: 'sustained' },
  { score: 5, band: 'spread' },
] as const;
export type ProgressBand = (typeof progressBands)[number]['band'];
export type ProgressScore = (typeof progressBands)[number]['score'];
export const progressScores = progressBands.map((b) => b.score) as ProgressScore[];

/** A team is at least two people: the owner and one more. */
export const MIN_TEAM = 2;
/** Recent points whose median must reach the target. */
export const TARGET_WINDOW = 3;
/** Points after the improvement signal that must all stay on the better side of the baseline centre. */
export const HOLD_PERIODS = 6;

const startedStatuses: readonly Status[] = ['running', 'stopped', 'concluded', 'learned', 'closed'];
const finishedStatuses: readonly Status[] = ['stopped', 'concluded', 'learned', 'closed'];

/** A test of one of the programme's change ideas. Dates are ISO timestamps. */
export interface TestEvidence {
  status: Status;
  verdict: Verdict | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ProgressEvidence {
  hasAim: boolean;
  teamSize: number;
  changeIdeas: number;
  tests: ReadonlyArray<TestEvidence>;
  /** The aim's measure with its points, its target, and the period the first change began (null before any). */
  aimMeasure: {
    measure: Measure;
    points: ReadonlyArray<DataPoint>;
    target: number;
    firstChange: string | null;
  } | null;
  /** When each other unit adopted one of the programme's tests (ISO timestamps), one per unit. */
  spreadAt: ReadonlyArray<string>;
}

/** What a reason found, as a code the web words in its own language with `params`. */
export const reasonCodes = [
  'exists',
  'aimAndTeam',
  'noAimTeam',
  'changeIdeas',
  'testsStarted',
  'testsFinished',
  'testsConfirmed',
  'noMeasure',
  'noChange',
  'noBaseline',
  'noSignal',
  'signal',
  'target',
  'holdWaiting',
  'holds',
  'concern',
  'slipped',
  'adoptedIn',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

/** One finding: its code and figures, and the same in plain English for API readers and logs. */
interface Finding {
  code: ReasonCode;
  params: Record<string, string | number>;
  detail: string;
}

export interface ProgressReason extends Finding {
  band: ProgressBand;
  score: ProgressScore;
  met: boolean;
}

const found = (code: ReasonCode, detail: string, params: Finding['params'] = {}): Finding => ({
  code,
  params,
  detail,
});

export interface DerivedProgress {
  score: ProgressScore;
  band: ProgressBand;
  reasons: ProgressReason[];
}

/** The score the evidence supports as it stood at `asOf` (ISO timestamp; default: all of it). */
export function deriveProgress(evidence: ProgressEvidence, asOf?: string): DerivedProgress {
  const by = (at: string | null) => at !== null && (asOf === undefined || at <= asOf);
  const tests = evidence.tests;
  const started = tests.filter((t) => startedStatuses.includes(t.status) && by(t.startedAt));
  const finished = tests.filter((t) => finishedStatuses.includes(t.status) && by(t.finishedAt));
  const confirmed = finished.filter((t) => t.verdict === 'confirmed');
  const measure = measureEvidence(evidence.aimMeasure, asOf);
  const spread = evidence.spreadAt.filter(by);

  const team = { teamSize: evidence.teamSize, min: MIN_TEAM };
  const criteria: Record<ProgressBand, [boolean, Finding]> = {
    intent: [true, found('exists', 'The programme exists')],
    'team-formed': [
      evidence.hasAim && evidence.teamSize >= MIN_TEAM,
      evidence.hasAim
        ? found(
            'aimAndTeam',
            `An aim is set; the team has ${evidence.teamSize} of at least ${MIN_TEAM} people`,
            team,
          )
        : found(
            'noAimTeam',
            `No aim yet; the team has ${evidence.teamSize} of at least ${MIN_TEAM} people`,
            team,
          ),
    ],
    planning: [
      evidence.changeIdeas > 0,
      found('changeIdeas', `${evidence.changeIdeas} change ideas in the driver diagram`, {
        n: evidence.changeIdeas,
      }),
    ],
    activity: [
      started.length > 0,
      found('testsStarted', `${started.length} tests of change ideas started`, { n: started.length }),
    ],
    'changes-tested': [
      finished.length > 0,
      found('testsFinished', `${finished.length} tests finished`, { n: finished.length }),
    ],
    'modest-improvement': [
      confirmed.length > 0,
      found(
        'testsConfirmed',
        `${confirmed.length} finished tests confirmed their hypothesis (the teams' own verdict)`,
        { n: confirmed.length },
      ),
    ],
    improvement: [measure.signal, measure.signalFinding],
    'significant-improvement': [measure.targetReached, measure.targetFinding],
    sustained: [measure.holds, measure.holdFinding],
    spread: [
      spread.length > 0,
      found('adoptedIn', `Adopted in ${spread.length} other units`, { n: spread.length }),
    ],
  };

  let reached = 0;
  const reasons = progressBands.map(({ band, score }, i) => {
    const [met, finding] = criteria[band];
    if (met && reached === i - 1) reached = i;
    return { band, score, met, ...finding };
  });
  if (!criteria.intent[0]) reached = 0;
  return { score: progressBands[reached].score, band: progressBands[reached].band, reasons };
}

interface MeasureFindings {
  signal: boolean;
  signalFinding: Finding;
  targetReached: boolean;
  targetFinding: Finding;
  holds: boolean;
  holdFinding: Finding;
}

/**
 * What the aim's measure shows after the first change, judged by the chart rules of domain-measures: the limits and
 * median come from the points before the change (the baseline), and an improvement signal must be detected after it.
 */
function measureEvidence(
  aimMeasure: ProgressEvidence['aimMeasure'],
  asOf: string | undefined,
): MeasureFindings {
  const none = (why: Finding): MeasureFindings => ({
    signal: false,
    signalFinding: why,
    targetReached: false,
    targetFinding: why,
    holds: false,
    holdFinding: why,
  });
  if (!aimMeasure) return none(found('noMeasure', 'The aim has no measure'));
  if (!aimMeasure.firstChange)
    return none(found('noChange', 'No change has been tested against the aim’s measure yet'));
  const cutoff = asOf?.slice(0, 10);
  const points = aimMeasure.points.filter((p) => cutoff === undefined || p.period <= cutoff);
  const firstChange = aimMeasure.firstChange;
  const baseline = points.filter((p) => p.period < firstChange).map((p) => p.period);
  if (baseline.length === 0)
    return none(found('noBaseline', 'The measure has no points before the first change (no baseline)'));
  const analysis = analyseMeasure(aimMeasure.measure, points, {
    baselineThrough: baseline.sort().at(-1),
    changes: [firstChange],
  });
  const changeAt = analysis.changes[0];
  const improvement = analysis.signals.find((s) => s.class === 'improvement' && s.detectedAt >= changeAt);
  if (!improvement) {
    const points = analysis.periods.length - changeAt;
    return none(
      found(
        'noSignal',
        `No improvement signal on the chart after the first change (${points} points since)`,
        { points },
      ),
    );
  }
  const at = analysis.periods[improvement.detectedAt];
  const signalFinding = found(
    'signal',
    `${improvement.chart} chart rule ${improvement.rule} found an improvement at ${at}`,
    { chart: improvement.chart, rule: improvement.rule, period: at },
  );
  const better = (a: number, b: number) =>
    aimMeasure.measure.direction === 'higher-is-better' ? a >= b : a <= b;
  const recent = median(analysis.values.slice(-TARGET_WINDOW));
  const targetReached = better(recent, aimMeasure.target);
  const targetFinding = found(
    'target',
    `The median of the last ${TARGET_WINDOW} points is ${round(recent)}; the target is ${aimMeasure.target}`,
    { window: TARGET_WINDOW, median: round(recent), target: aimMeasure.target },
  );
  return {
    signal: true,
    signalFinding,
    targetReached,
    targetFinding,
    ...holding(analysis, improvement.detectedAt, better),
  };
}

function holding(
  analysis: MeasureAnalysis,
  detectedAt: number,
  better: (a: number, b: number) => boolean,
): { holds: boolean; holdFinding: Finding } {
  const after = analysis.values.length - 1 - detectedAt;
  if (after < HOLD_PERIODS)
    return {
      holds: false,
      holdFinding: found('holdWaiting', `${after} of ${HOLD_PERIODS} points since the signal`, {
        points: after,
        needed: HOLD_PERIODS,
      }),
    };
  const centre = analysis.run.phases[0]?.median ?? Number.NaN;
  const slipped = analysis.values.slice(-HOLD_PERIODS).filter((v) => !better(v, centre) || v === centre);
  const concern = analysis.signals.some((s) => s.class === 'concern' && s.detectedAt > detectedAt);
  const holds = slipped.length === 0 && !concern;
  const median = round(centre);
  return {
    holds,
    holdFinding: holds
      ? found('holds', `The last ${HOLD_PERIODS} points all stay better than the baseline median ${median}`, {
          needed: HOLD_PERIODS,
          median,
        })
      : concern
        ? found('concern', 'A concern signal appeared after the improvement')
        : found(
            'slipped',
            `${slipped.length} of the last ${HOLD_PERIODS} points fell back to the baseline median ${median}`,
            { slipped: slipped.length, needed: HOLD_PERIODS, median },
          ),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** A programme lead's override: a score and the written reason, kept visible beside the derived score. */
export interface ProgressOverride {
  score: number;
  reason: string;
}

export const OVERRIDE_REASON_MIN = 10;

/** Whether an override's reason says why: at least {@link OVERRIDE_REASON_MIN} characters, not all of them spaces. */
export const reasonIsWritten = (reason: unknown): boolean =>
  typeof reason === 'string' && [...reason].length >= OVERRIDE_REASON_MIN && /\S/.test(reason);

export function overrideProblems(override: ProgressOverride): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!(progressScores as number[]).includes(override.score)) {
    problems.push({
      field: 'score',
      rule: 'onScale',
      message: 'score must be one of 0.5, 1, 1.5, … 5 (the IHI scale)',
    });
  }
  if (!reasonIsWritten(override.reason)) {
    problems.push({
      field: 'reason',
      rule: 'minLength',
      message: `reason must say why, in at least ${OVERRIDE_REASON_MIN} characters`,
    });
  }
  return problems;
}

export const bandOf = (score: number): ProgressBand =>
  (progressBands.find((b) => b.score === score) ?? progressBands[0]).band;
