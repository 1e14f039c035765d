import { periodStart, periodTypes, type PeriodType } from './periods';

/**
 * What a roll-up row counts. Every figure on a dashboard is derived from these sums, so they add up
 * across events in any order: that is what lets the worker keep them current one event at a time.
 */
export const counterNames = [
  'started',
  'concluded',
  'stopped',
  'learned',
  'confirmed',
  'refuted',
  'inconclusive',
  'validated',
  'doubleLoop',
  'adoptionsReceived',
  'approvalsDecided',
  'approvalLeadHours',
  'hoursApproved',
  'amountApprovedMinor',
  'hoursSpent',
  'amountSpentMinor',
] as const;
export type CounterName = (typeof counterNames)[number];

export type Counters = Record<CounterName, number> & {
  /** Days from hypothesis to lesson, as a histogram: day count -> experiments. Medians need the distribution. */
  velocityDays: Record<string, number>;
};

export const levels = ['member', 'team', 'department', 'organisation'] as const;
export type Level = (typeof levels)[number];

export function emptyCounters(): Counters {
  return { ...(Object.fromEntries(counterNames.map((n) => [n, 0])) as Record<CounterName, number>), velocityDays: {} };
}

/**
 * A stored row's counters with every counter present: the same as `addCounters(emptyCounters(), stored)`
 * without copying the velocity histogram, for reads that turn hundreds of rows into figures per request.
 */
export function countersFrom(stored: Partial<Counters> | undefined): Counters {
  const counters = { velocityDays: stored?.velocityDays ?? {} } as Counters;
  for (const name of counterNames) counters[name] = round(stored?.[name] ?? 0);
  return counters;
}

export function addCounters(a: Counters, b: Partial<Counters>): Counters {
  const sum = { ...a, velocityDays: { ...a.velocityDays } };
  for (const name of counterNames) sum[name] = round(sum[name] + (b[name] ?? 0));
  for (const [days, count] of Object.entries(b.velocityDays ?? {})) sum.velocityDays[days] = (sum.velocityDays[days] ?? 0) + count;
  return sum;
}

/** The facts of an experiment a lifecycle event needs; they no longer change once the event happened. */
export interface ExperimentFacts {
  ownerId: string;
  teamId: string;
  /** The team's department and every department above it: a department's figures include its sub-departments. */
  departmentIds: string[];
  organisationId: string;
  createdAt: Date;
  verdict: 'confirmed' | 'refuted' | 'inconclusive' | null;
  actualHours: number;
  actualSpendMinor: number;
  approvedHours: number;
  approvedAmountMinor: number;
  lesson: { recommendation: string; doubleLoop: boolean } | null;
}

export interface LifecycleEvent {
  type: string;
  transition: string | null;
  occurredAt: Date;
  /** For approval decisions: when the proposal was made. */
  proposedAt?: Date | null;
}

/** What one lifecycle event adds to the counters of every unit it belongs to. */
export function deltasFor(event: LifecycleEvent, facts: ExperimentFacts): Partial<Counters> | null {
  if (event.type === 'adopted') return { adoptionsReceived: 1 };
  if (event.type !== 'transition') return null;
  switch (event.transition) {
    case 'start':
      return { started: 1 };
    case 'stop':
      return { stopped: 1 };
    case 'conclude':
      return {
        concluded: 1,
        ...(facts.verdict ? { [facts.verdict]: 1 } : {}),
        hoursSpent: facts.actualHours,
        amountSpentMinor: facts.actualSpendMinor,
      };
    case 'learn': {
      const days = Math.max(0, Math.floor((event.occurredAt.getTime() - facts.createdAt.getTime()) / 86_400_000));
      const validated = facts.verdict === 'confirmed' && ['adopt', 'standardise'].includes(facts.lesson?.recommendation ?? '');
      return { learned: 1, doubleLoop: facts.lesson?.doubleLoop ? 1 : 0, validated: validated ? 1 : 0, velocityDays: { [days]: 1 } };
    }
    case 'approve':
    case 'reject':
    case 'request_changes': {
      // Hundredths of an hour from whole milliseconds: exact halves round up, as PostgreSQL's round() does.
      const lead = event.proposedAt ? Math.round(Math.max(0, event.occurredAt.getTime() - event.proposedAt.getTime()) / 36_000) / 100 : 0;
      return {
        approvalsDecided: 1,
        approvalLeadHours: lead,
        ...(event.transition === 'approve' ? { hoursApproved: facts.approvedHours, amountApprovedMinor: facts.approvedAmountMinor } : {}),
      };
    }
    default:
      return null;
  }
}

export interface RollupKey {
  level: Level;
  unitId: string;
  periodType: PeriodType;
  periodStart: string;
}

export function keyOf(key: RollupKey): string {
  return `${key.level}:${key.unitId}:${key.periodType}:${key.periodStart}`;
}

/** Every row an event counts in: each level the experiment belongs to, each period type. */
export function rowsFor(event: LifecycleEvent, facts: ExperimentFacts, timeZone: string): RollupKey[] {
  const units: Array<[Level, string]> = [
    ['member', facts.ownerId],
    ['team', facts.teamId],
    ...facts.departmentIds.map((id): [Level, string] => ['department', id]),
    ['organisation', facts.organisationId],
  ];
  return units.flatMap(([level, unitId]) =>
    periodTypes.map((periodType) => ({ level, unitId, periodType, periodStart: periodStart(event.occurredAt, periodType, timeZone) })),
  );
}

/** Folds events into roll-up rows; the incremental worker and the full recompute both reduce to this. */
export function fold(
  rows: Map<string, { key: RollupKey; counters: Counters }>,
  event: LifecycleEvent,
  facts: ExperimentFacts,
  timeZone: string,
): void {
  const deltas = deltasFor(event, facts);
  if (!deltas) return;
  for (const key of rowsFor(event, facts, timeZone)) {
    const id = keyOf(key);
    const row = rows.get(id) ?? { key, counters: emptyCounters() };
    row.counters = addCounters(row.counters, deltas);
    rows.set(id, row);
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
