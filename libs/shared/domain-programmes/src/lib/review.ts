import type { ProgrammeUnitType } from './programme';
import { progressBands, type ProgressBand, type ProgressScore } from './progress';
import type { RampDecision } from './ramp';

/**
 * Programmes in review cycles and on the dashboard: a review shows the programmes of its unit with how their score
 * moved over the period, the tests of the period and the change ideas that stalled; the dashboard counts programmes
 * per progress band.
 */

/** A review's period: from `start` up to (not including) `end`, ISO timestamps. */
export interface ReviewPeriod {
  start: string;
  end: string;
}

/** The unit a review looks at: a team, a department (its sub-departments and teams included), or the organisation. */
export interface ReviewUnit {
  /** A programme reviews on a rhythm of its own too: its review shows the programme itself. */
  type: ProgrammeUnitType | 'programme';
  /** The team's, department's or programme's id; null for the organisation. */
  id: string | null;
}

export interface ProgrammeInReview {
  id: string;
  title: string;
  unitType: ProgrammeUnitType;
  unitName: string | null;
  ownerName: string;
  /** The aim's statement, or null before an aim is set. */
  aim: string | null;
  /** The score shown: the lead's override, else the derived one. */
  score: number;
  band: ProgressBand;
  derivedScore: number;
  overridden: boolean;
  /** The derived score as the evidence stood when the period began, and when it ended (or now, for an open one). */
  scoreAtStart: number;
  scoreAtEnd: number;
  /** Tests of its change ideas that started or finished in the period. */
  tests: Array<{
    experimentId: string;
    title: string;
    status: string;
    verdict: string | null;
    teamName: string;
    changeIdeaId: string;
    changeIdea: string;
    startedAt: string | null;
    finishedAt: string | null;
  }>;
  /** No test started in the stalled window (the portfolio's flag). */
  stalled: boolean;
  stalledChangeIdeas: Array<{ id: string; title: string }>;
}

const within = (at: string | null, period: ReviewPeriod) =>
  at !== null && at >= period.start && at < period.end;

/** The tests that started or finished in the period; one that only ran through it is not news for the review. */
export function testsInPeriod<T extends { startedAt: string | null; finishedAt: string | null }>(
  tests: readonly T[],
  period: ReviewPeriod,
): T[] {
  return tests.filter((t) => within(t.startedAt, period) || within(t.finishedAt, period));
}

/**
 * Change ideas with no test started since `stalledBefore` (or, untested, created before it): the idea-level form of
 * the portfolio's stalled flag. An idea whose latest cycle was abandoned is finished, not stalled.
 */
export function stalledChangeIdeas<I extends { id: string; createdAt: string }>(
  ideas: readonly I[],
  tests: ReadonlyArray<{ ideaId: string; startedAt: string | null; decision: RampDecision | null }>,
  stalledBefore: string,
): I[] {
  return ideas.filter((idea) => {
    const own = tests.filter((t) => t.ideaId === idea.id);
    const started = own
      .filter((t) => t.startedAt !== null)
      .sort((a, b) => (a.startedAt as string).localeCompare(b.startedAt as string));
    if (started.at(-1)?.decision === 'abandon') return false;
    return (started.at(-1)?.startedAt ?? idea.createdAt) < stalledBefore;
  });
}

export interface BandCount {
  band: ProgressBand;
  score: ProgressScore;
  count: number;
  /** How many of them are there by their lead's override rather than the evidence. */
  overridden: number;
}

/** Programmes per band of the score they show (override or derived), every band listed, lowest first. */
export function bandCounts(programmes: ReadonlyArray<{ score: number; overridden: boolean }>): BandCount[] {
  return progressBands.map(({ band, score }) => {
    const here = programmes.filter((p) => p.score === score);
    return { band, score, count: here.length, overridden: here.filter((p) => p.overridden).length };
  });
}
