import { nextOccurrence, type ReviewCadence, type ReviewFrequency } from '@kaizen/shared/domain-schedules';
import type {
  CadenceDto,
  InnerReviewDto,
  ReflectionDto,
  ReviewExperimentDto,
  ReviewLessonDto,
  ReviewSummaryDto,
} from './reviews.dto';
import type {
  AwaitingReflectionRow,
  CadenceRow,
  InnerReviewRow,
  LessonRow,
  ReflectionRow,
  ReviewRow,
  UnitType,
} from './reviews.repository';

export interface StoredCadence extends ReviewCadence {
  id: string;
  unitType: UnitType;
  unitId: string;
  unitName: string;
  active: boolean;
  version: number;
  createdAt: Date;
  /** When the cadence was created or last switched back on: nothing before it opens. */
  activeSince: Date;
  /** Its programme was archived: it opens nothing more. */
  unitArchived: boolean;
}

export interface StoredReview {
  id: string;
  cadenceId: string;
  unitType: UnitType;
  unitId: string;
  unitName: string;
  opensAt: Date;
  periodStart: Date;
  periodEnd: Date;
  status: 'open' | 'closed';
  takeaways: string[];
  closedAt: Date | null;
  closedByName: string | null;
  reflectionCount: number;
}

/** Rows as the service and the API read them: the one place this feature turns columns into fields. */
export function cadenceOf(row: CadenceRow): StoredCadence {
  return {
    id: row.id,
    unitType: row.unit_type as UnitType,
    unitId: row.unit_id,
    unitName: row.unit_name,
    frequency: row.frequency as ReviewFrequency,
    weekday: row.weekday,
    dayOfMonth: row.day_of_month,
    hour: row.hour,
    minute: row.minute,
    timeZone: row.time_zone,
    anchorDate: row.anchor_date,
    active: row.active,
    version: row.version,
    createdAt: row.created_at,
    activeSince: row.active_since,
    unitArchived: row.unit_archived,
  };
}

export function reviewOf(row: ReviewRow): StoredReview {
  return {
    id: row.id,
    cadenceId: row.cadence_id,
    unitType: row.unit_type as UnitType,
    unitId: row.unit_id,
    unitName: row.unit_name,
    opensAt: row.opens_at,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    status: row.status as StoredReview['status'],
    takeaways: row.takeaways,
    closedAt: row.closed_at,
    closedByName: row.closed_by_name,
    reflectionCount: row.reflection_count ?? 0,
  };
}

export function cadenceDto(cadence: StoredCadence, now: Date): CadenceDto {
  return {
    id: cadence.id,
    unitType: cadence.unitType,
    unitId: cadence.unitId,
    unitName: cadence.unitName,
    frequency: cadence.frequency,
    weekday: cadence.weekday,
    dayOfMonth: cadence.dayOfMonth,
    hour: cadence.hour,
    minute: cadence.minute,
    timeZone: cadence.timeZone,
    anchorDate: cadence.anchorDate,
    active: cadence.active,
    version: cadence.version,
    nextOpensAt: cadence.active ? nextOccurrence(cadence, now).toISOString() : null,
  };
}

export function reviewSummaryDto(review: StoredReview): ReviewSummaryDto {
  return {
    id: review.id,
    unitType: review.unitType,
    unitId: review.unitId,
    unitName: review.unitName,
    opensAt: review.opensAt.toISOString(),
    periodStart: review.periodStart.toISOString(),
    periodEnd: review.periodEnd.toISOString(),
    status: review.status,
    reflectionCount: review.reflectionCount,
  };
}

export function reviewExperimentDto(row: AwaitingReflectionRow): ReviewExperimentDto {
  return { id: row.id, title: row.title, status: row.status, verdict: row.verdict, teamName: row.team_name };
}

export function reviewLessonDto(row: LessonRow): ReviewLessonDto {
  return {
    id: row.id,
    insight: row.insight,
    recommendation: row.recommendation,
    verdict: row.verdict,
    teamName: row.team_name,
    doubleLoop: row.double_loop,
  };
}

export function innerReviewDto(row: InnerReviewRow): InnerReviewDto {
  // Only closed reviews are read, so each has its closing time.
  return {
    id: row.id,
    unitName: row.unit_name as string,
    takeaways: row.takeaways,
    closedAt: (row.closed_at as Date).toISOString(),
  };
}

export function reflectionDto(row: ReflectionRow): ReflectionDto {
  return {
    id: row.id,
    authorName: row.author_name,
    body: row.body,
    experimentId: row.experiment_id,
    createdAt: row.created_at.toISOString(),
  };
}
