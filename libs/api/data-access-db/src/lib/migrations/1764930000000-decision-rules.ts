import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantIsolation } from './tenant-isolation';

/**
 * Decision rules and proof: a proposal's prediction and rule stored with its measure link (frozen once approved),
 * the team's decision at the result with the approver's second review when it goes against the rule, the
 * data-backed state frozen on the lesson, and which improvements the organisation's headline rate counts.
 */
export class DecisionRules1764930000000 implements MigrationInterface {
  name = 'DecisionRules1764930000000';

  async up(q: QueryRunner): Promise<void> {
    const decision = (column: string) => `${column} text CHECK (${column} IN ('adopt', 'adapt', 'abandon'))`;
    await q.query(`
      ALTER TABLE experiment_measure
        ADD COLUMN prediction_direction text CHECK (prediction_direction IN ('increase', 'decrease')),
        ADD COLUMN prediction_size double precision CHECK (prediction_size > 0),
        ADD COLUMN prediction_by date,
        ADD COLUMN rule_within_periods integer CHECK (rule_within_periods BETWEEN 1 AND 520),
        ADD COLUMN ${decision('rule_on_signal')},
        ADD COLUMN ${decision('rule_on_no_signal')},
        ADD COLUMN ${decision('rule_otherwise')},
        ADD COLUMN rule_wording jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(rule_wording) = 'object'),
        -- Set when the approver approves the proposal: from then on the prediction and rule no longer change.
        ADD COLUMN rule_approved_at timestamptz,
        ADD COLUMN rule_approved_by uuid,
        ADD FOREIGN KEY (organisation_id, rule_approved_by) REFERENCES membership (organisation_id, id),
        -- A rule needs the prediction it judges, and the other way round.
        ADD CONSTRAINT experiment_measure_rule_check CHECK ((prediction_direction IS NULL) = (rule_within_periods IS NULL))`);

    // The team's decision at the result, beside what the data proposed. Against the rule, it waits for the approver.
    await q.query(`
      CREATE TABLE experiment_decision (
        organisation_id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        decision text NOT NULL CHECK (decision IN ('adopt', 'adapt', 'abandon')),
        ${decision('proposed_decision')},
        reason text NOT NULL DEFAULT '',
        decided_by uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        review_status text NOT NULL CHECK (review_status IN ('not_needed', 'pending', 'upheld', 'overturned')),
        reviewed_by uuid,
        reviewed_at timestamptz,
        review_comment text NOT NULL DEFAULT '',
        PRIMARY KEY (organisation_id, experiment_id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, decided_by) REFERENCES membership (organisation_id, id),
        FOREIGN KEY (organisation_id, reviewed_by) REFERENCES membership (organisation_id, id),
        CHECK ((review_status IN ('upheld', 'overturned')) = (reviewed_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX experiment_decision_pending_idx ON experiment_decision (organisation_id, decided_at, experiment_id) WHERE review_status = 'pending'`,
    );
    await enableTenantIsolation(q, 'experiment_decision');
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON experiment_decision TO ${APP_ROLE}`);

    // Frozen when the lesson is recorded: did the measure show an improvement signal after the change?
    await q.query(`ALTER TABLE lesson ADD COLUMN data_backed boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE organisation ADD COLUMN headline_improvements text NOT NULL DEFAULT 'data-backed'
        CHECK (headline_improvements IN ('data-backed', 'self-reported'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP COLUMN headline_improvements`);
    await q.query(`ALTER TABLE lesson DROP COLUMN data_backed`);
    await q.query(`DROP TABLE experiment_decision`);
    await q.query(`
      ALTER TABLE experiment_measure
        DROP CONSTRAINT experiment_measure_rule_check,
        DROP COLUMN rule_approved_by, DROP COLUMN rule_approved_at, DROP COLUMN rule_wording,
        DROP COLUMN rule_otherwise, DROP COLUMN rule_on_no_signal, DROP COLUMN rule_on_signal,
        DROP COLUMN rule_within_periods, DROP COLUMN prediction_by, DROP COLUMN prediction_size,
        DROP COLUMN prediction_direction`);
  }
}
