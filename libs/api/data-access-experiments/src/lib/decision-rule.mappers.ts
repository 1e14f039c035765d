import type { Decision, DecisionRule, Prediction } from '@kaizen/shared/domain-measures';
import type { DecisionRuleDto, DecisionRuleSummaryDto, PredictionDto } from './decision-rule.dto';
import type { RuleRow } from './decision-rule.query';

/** The stored prediction, or null when the proposal states none. */
export function predictionOf(row: RuleRow | null): (Prediction & PredictionDto) | null {
  if (!row?.prediction_direction) return null;
  return {
    direction: row.prediction_direction as Prediction['direction'],
    size: row.prediction_size,
    by: row.prediction_by,
  };
}

/** The stored rule with its default outcomes filled in, or null. */
export function ruleOf(row: RuleRow | null): (DecisionRule & Required<DecisionRuleDto>) | null {
  if (!row?.rule_within_periods) return null;
  return {
    withinPeriods: row.rule_within_periods,
    onSignal: (row.rule_on_signal ?? 'adopt') as Decision,
    onNoSignal: (row.rule_on_no_signal ?? 'abandon') as Decision,
    otherwise: (row.rule_otherwise ?? 'adapt') as Decision,
    wording: (row.rule_wording ?? {}) as Partial<Record<Decision, string>>,
  };
}

export function decisionRuleSummaryDto(row: RuleRow | null): DecisionRuleSummaryDto {
  const rule = ruleOf(row);
  return {
    state: !rule ? 'missing' : row?.rule_approved_at ? 'approved' : 'proposed',
    measureId: row?.measure_id ?? null,
    prediction: predictionOf(row),
    rule,
  };
}
