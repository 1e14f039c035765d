import type { Counters, Headline } from '@kaizen/shared/domain-learning';
import type { ComparisonRow, UnitSeriesRow } from './rollups.repository';

/** One stored roll-up row: counters missing from it count as zero (see `countersFrom`). */
export interface StoredRollup {
  periodStart: string;
  counters: Partial<Counters>;
  /** Distinct members who took part in the period, counted where they were placed. */
  participants: number;
}

export interface UnitSeries {
  name: string;
  timeZone: string;
  headline: Headline;
  headcount: number;
  rows: StoredRollup[];
}

export interface ComparisonData {
  timeZone: string;
  headline: Headline;
  departments: Array<{ id: string; name: string; headcount: number }>;
  rollups: Array<StoredRollup & { unitId: string }>;
}

/** Rows as the service reads them: the one place this feature turns columns into fields. */
export function unitSeriesOf(row: UnitSeriesRow): UnitSeries {
  return {
    name: row.name,
    timeZone: row.time_zone,
    headline: row.headline_improvements as Headline,
    headcount: row.headcount,
    rows: row.rows.map(storedRollupOf),
  };
}

export function comparisonOf(row: ComparisonRow | undefined): ComparisonData {
  if (!row) return { timeZone: 'Europe/Amsterdam', headline: 'data-backed', departments: [], rollups: [] };
  return {
    timeZone: row.time_zone,
    headline: row.headline_improvements as Headline,
    departments: row.departments,
    rollups: row.rollups.map((r) => ({ unitId: r.unit_id, ...storedRollupOf(r) })),
  };
}

function storedRollupOf(row: {
  period_start: string;
  counters: unknown;
  participants: number;
}): StoredRollup {
  return {
    periodStart: row.period_start,
    counters: row.counters as Partial<Counters>,
    participants: row.participants,
  };
}
