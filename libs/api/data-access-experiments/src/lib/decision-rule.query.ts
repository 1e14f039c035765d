import type { Expression, RawBuilder } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { dateText, type Db } from '@kaizen/api/data-access-db';

/**
 * An experiment's prediction and decision rule as one JSON object (null without a measure link): the one read of it
 * that the experiment, the approval inbox and the decision share.
 */
export function decisionRuleOf(db: Db, experimentId: Expression<string>) {
  return jsonObjectFrom(
    db
      .selectFrom('experiment_measure as l')
      .select((inner) => [
        'l.measure_id',
        dateText(inner.ref('l.baseline_from')).as('baseline_from'),
        dateText(inner.ref('l.baseline_through')).as('baseline_through'),
        'l.prediction_direction',
        'l.prediction_size',
        dateText(inner.ref('l.prediction_by')).as('prediction_by'),
        'l.rule_within_periods',
        'l.rule_on_signal',
        'l.rule_on_no_signal',
        'l.rule_otherwise',
        'l.rule_wording',
        'l.rule_approved_at',
        'l.rule_approved_by',
      ])
      .where('l.experiment_id', '=', experimentId),
  );
}

export type RuleRow = NonNullable<ReturnType<typeof decisionRuleOf> extends RawBuilder<infer O> ? O : never>;
