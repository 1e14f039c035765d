/**
 * What a roll-up row counts. Every figure on a dashboard is derived from these sums, so they add up
 * across events in any order: that is what lets the worker keep them current one event at a time.
 * The fold that fills them is one SQL statement, shared by the worker and the recompute
 * (`RollupsRepository` in `@kaizen/api/feature-rollups`); these names are the keys it writes.
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
  'dataBacked',
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
  // A plain loop: reads build one per department and request, and entries-and-spread costs several times more.
  const counters = { velocityDays: {} } as Counters;
  for (const name of counterNames) counters[name] = 0;
  return counters;
}

/** A stored row's counters with every counter present, missing ones as zero, for reads that turn hundreds of rows into figures per request. */
export function countersFrom(stored: Partial<Counters> | undefined): Counters {
  const counters = { velocityDays: stored?.velocityDays ?? {} } as Counters;
  for (const name of counterNames) counters[name] = round(stored?.[name] ?? 0);
  return counters;
}

/** Counters of several rows (say, the periods of a window) as one: every figure is a sum, histograms merge. */
export function sumCounters(rows: ReadonlyArray<Partial<Counters> | undefined>): Counters {
  const total = emptyCounters();
  // Straight from the stored rows, as `countersFrom` reads them, without a copy of each.
  for (const row of rows) {
    if (!row) continue;
    for (const name of counterNames) total[name] = round(total[name] + round(row[name] ?? 0));
    for (const [day, n] of Object.entries(row.velocityDays ?? {}))
      total.velocityDays[day] = (total.velocityDays[day] ?? 0) + n;
  }
  return total;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
