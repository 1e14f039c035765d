import {
  evaluateDecisionRule,
  judgeEvidence,
  type Decision,
  type Direction,
  type MeasureKind,
  type ProposedDecision,
  type Signal,
} from '@kaizen/shared/domain-measures';
import type {
  DecisionReviewItemDto,
  DecisionRuleInputDto,
  DecisionStateDto,
  ProposedDecisionDto,
  SignalSummaryDto,
  TeamDecisionDto,
} from './decision.dto';
import type { EvidenceRow, ReviewItemRow, RuleInput, TeamDecisionRow } from './decisions.repository';
import { decisionRuleSummaryDto, predictionOf, ruleOf } from '@kaizen/api/data-access-experiments';

/** What the data say about the experiment: its measure analysed against its baseline, the rule evaluated on it. */
export interface Judgement {
  change: string | null;
  signalAfterChange: boolean;
  proposed: ProposedDecision | { decision: null; wording: null; reason: { code: 'no-change' } } | null;
  periods: string[];
}

export function judge(evidence: EvidenceRow): Judgement {
  const link = evidence.link;
  const measure = evidence.measure;
  if (!link || !measure) return { change: null, signalAfterChange: false, proposed: null, periods: [] };
  const { analysis, change, signalAfterChange } = judgeEvidence(
    {
      name: measure.name,
      unit: measure.unit,
      direction: measure.direction as Direction,
      kind: measure.kind as MeasureKind,
      multiplier: measure.multiplier,
    },
    measure.points,
    { from: link.baseline_from, through: link.baseline_through },
    measure.changes.map((c) => c.period),
  );
  const prediction = predictionOf(link);
  const rule = ruleOf(link);
  return {
    change,
    signalAfterChange,
    proposed:
      !prediction || !rule
        ? null
        : change === null
          ? { decision: null, wording: null, reason: { code: 'no-change' } }
          : evaluateDecisionRule(analysis, change, prediction, rule),
    periods: analysis.periods,
  };
}

function signalDto(signal: Signal | undefined, periods: string[]): SignalSummaryDto | null {
  if (!signal) return null;
  return {
    rule: signal.rule,
    chart: signal.chart,
    side: signal.side,
    class: signal.class,
    detectedAt: periods[signal.detectedAt],
  };
}

export function proposedDecisionDto(judgement: Judgement): ProposedDecisionDto | null {
  const proposed = judgement.proposed;
  if (!proposed) return null;
  const reason = proposed.reason as Partial<{
    signal: Signal;
    opposing: Signal;
    effect: number;
    predicted: number;
    periodsObserved: number;
    periodsNeeded: number;
  }>;
  return {
    decision: proposed.decision,
    wording: proposed.wording,
    reason: {
      code: proposed.reason.code,
      signal: signalDto(reason.signal, judgement.periods),
      opposing: signalDto(reason.opposing, judgement.periods),
      effect: reason.effect ?? null,
      predicted: reason.predicted ?? null,
      periodsObserved: reason.periodsObserved ?? null,
      periodsNeeded: reason.periodsNeeded ?? null,
    },
  };
}

export function teamDecisionDto(row: TeamDecisionRow): TeamDecisionDto {
  return {
    decision: row.decision as Decision,
    proposedDecision: row.proposed_decision as Decision | null,
    reason: row.reason,
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at.toISOString(),
    review: {
      status: row.review_status as TeamDecisionDto['review']['status'],
      reviewedByName: row.reviewed_by_name,
      reviewedAt: row.reviewed_at?.toISOString() ?? null,
      comment: row.review_comment,
    },
  };
}

export function decisionStateDto(
  evidence: EvidenceRow,
  judgement: Judgement,
  decided: TeamDecisionRow | undefined,
): DecisionStateDto {
  const summary = decisionRuleSummaryDto(evidence.link);
  return {
    experimentId: evidence.id,
    ruleState: summary.state,
    measureId: summary.measureId ?? null,
    prediction: summary.prediction,
    rule: summary.rule,
    ruleApprovedAt: evidence.link?.rule_approved_at
      ? new Date(evidence.link.rule_approved_at).toISOString()
      : null,
    ruleApprovedBy: evidence.link?.rule_approved_by ?? null,
    change: judgement.change,
    signalAfterChange: judgement.signalAfterChange,
    proposed: proposedDecisionDto(judgement),
    decided: decided ? teamDecisionDto(decided) : null,
  };
}

export function reviewItemDto(row: ReviewItemRow): DecisionReviewItemDto {
  return {
    experimentId: row.experiment_id,
    experimentTitle: row.experiment_title,
    teamName: row.team_name,
    decision: row.decision as Decision,
    proposedDecision: row.proposed_decision as Decision | null,
    reason: row.reason,
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at.toISOString(),
  };
}

/** The stated prediction and rule as stored; what the team leaves out stays null (the defaults apply when judged). */
export function ruleInputOf({ prediction, rule }: DecisionRuleInputDto): RuleInput {
  return {
    direction: prediction.direction,
    size: prediction.size ?? null,
    by: prediction.by ?? null,
    withinPeriods: rule.withinPeriods,
    onSignal: rule.onSignal ?? null,
    onNoSignal: rule.onNoSignal ?? null,
    otherwise: rule.otherwise ?? null,
    wording: { ...rule.wording },
  };
}
