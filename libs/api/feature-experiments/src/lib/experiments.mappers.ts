import { toCsv } from '@kaizen/api/util-core';
import type { Experiment } from '@kaizen/api/data-access-experiments';
import type { Status, Transition } from '@kaizen/shared/domain-experiment';
import type { CheckInDto, CommentDto, TimelineEventDto } from './experiment.dto';
import type { CheckInRow, CommentRow, TimelineEventRow } from '@kaizen/api/data-access-experiments';

export function timelineEventDto(row: TimelineEventRow): TimelineEventDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    type: row.type,
    actorName: row.actor_name,
    transition: row.transition as Transition | null,
    fromStatus: row.from_status as Status | null,
    toStatus: row.to_status as Status | null,
    reason: row.reason,
    changes: row.changes as Record<string, unknown>,
  };
}

export function checkInDto(row: CheckInRow): CheckInDto {
  return {
    id: row.id,
    authorId: row.author_membership_id,
    authorName: row.author_name,
    progress: row.progress,
    confidence: row.confidence,
    blockers: row.blockers,
    createdAt: row.created_at.toISOString(),
  };
}

export function commentDto(row: CommentRow): CommentDto {
  return {
    id: row.id,
    authorId: row.author_membership_id,
    authorName: row.author_name,
    body: row.body,
    mentions: row.mentions,
    createdAt: row.created_at.toISOString(),
  };
}

export function experimentsCsv(experiments: Experiment[]): string {
  return toCsv(
    [
      'id',
      'title',
      'status',
      'team',
      'owner',
      'planned_start',
      'planned_end',
      'requested_hours',
      'requested_amount_minor',
      'approved_hours',
      'approved_amount_minor',
      'verdict',
      'result_value',
      'actual_hours',
      'actual_spend_minor',
      'tags',
      'updated_at',
    ],
    experiments.map((r) => [
      r.id,
      r.title,
      r.status,
      r.teamName,
      r.ownerName,
      r.plannedStart,
      r.plannedEnd,
      r.requestedHours,
      r.requestedAmountMinor,
      r.approvedHours,
      r.approvedAmountMinor,
      r.verdict,
      r.resultValue,
      r.actualHours,
      r.actualSpendMinor,
      r.tags,
      r.updatedAt,
    ]),
  );
}
