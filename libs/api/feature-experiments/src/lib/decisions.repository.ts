import { Injectable } from '@nestjs/common';
import { sql, type Expression } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import {
  currentOrganisationId,
  dateText,
  Db,
  keysetPage,
  personName,
  rowExists,
  sameTenant,
} from '@kaizen/api/data-access-db';
import { decisionRuleOf } from '@kaizen/api/data-access-experiments';
import type { Decision } from '@kaizen/shared/domain-measures';

export type EvidenceRow = NonNullable<Awaited<ReturnType<DecisionsRepository['evidence']>>>;
export type TeamDecisionRow = NonNullable<Awaited<ReturnType<DecisionsRepository['decision']>>>;
export type ReviewItemRow = Awaited<ReturnType<DecisionsRepository['pendingReviewsFor']>>['items'][number];

export interface RuleInput {
  direction: 'increase' | 'decrease';
  size: number | null;
  by: string | null;
  withinPeriods: number;
  onSignal: Decision | null;
  onNoSignal: Decision | null;
  otherwise: Decision | null;
  wording: Partial<Record<Decision, string>>;
}

export interface DecisionInput {
  decision: Decision;
  proposedDecision: Decision | null;
  reason: string;
  decidedBy: string;
  reviewStatus: 'not_needed' | 'pending';
}

/** Decision rules, the evidence they are judged on, the team's decisions and their reviews. */
@Injectable()
export class DecisionsRepository {
  constructor(private readonly db: Db) {}

  /** The experiment's status and rule, its measure with the points and change moments: what a decision is judged on, in one read. */
  evidence(experimentId: string) {
    return this.db
      .selectFrom('experiment as e')
      .select((eb) => [
        'e.id',
        'e.status',
        'e.verdict',
        decisionRuleOf(this.db, eb.ref('e.id')).as('link'),
        jsonObjectFrom(
          eb
            .selectFrom('experiment_measure as l')
            .innerJoin('measure as m', (join) => sameTenant(join, 'm.id', 'l.measure_id'))
            .select((inner) => [
              'm.name',
              'm.unit',
              'm.direction',
              'm.kind',
              'm.multiplier',
              jsonArrayFrom(
                inner
                  .selectFrom('measure_point as p')
                  .select((point) => [
                    dateText(point.ref('p.period')).as('period'),
                    'p.value',
                    'p.numerator',
                    'p.denominator',
                  ])
                  .whereRef('p.organisation_id', '=', 'm.organisation_id')
                  .whereRef('p.measure_id', '=', 'm.id')
                  .orderBy('p.period'),
              ).as('points'),
              jsonArrayFrom(
                inner
                  .selectFrom('experiment_change_moment as c')
                  .select((moment) => [dateText(moment.ref('c.period')).as('period')])
                  .whereRef('c.organisation_id', '=', 'l.organisation_id')
                  .whereRef('c.experiment_id', '=', 'l.experiment_id')
                  .orderBy('c.period'),
              ).as('changes'),
            ])
            .whereRef('l.organisation_id', '=', 'e.organisation_id')
            .whereRef('l.experiment_id', '=', 'e.id'),
        ).as('measure'),
      ])
      .where('e.id', '=', experimentId)
      .executeTakeFirst();
  }

  /** States the prediction and rule on the experiment's measure link; false when it has no link yet. */
  async setRule(experimentId: string, rule: RuleInput): Promise<boolean> {
    const row = await this.db
      .updateTable('experiment_measure')
      .set({
        prediction_direction: rule.direction,
        prediction_size: rule.size,
        prediction_by: rule.by,
        rule_within_periods: rule.withinPeriods,
        rule_on_signal: rule.onSignal,
        rule_on_no_signal: rule.onNoSignal,
        rule_otherwise: rule.otherwise,
        rule_wording: JSON.stringify(rule.wording),
      })
      .where('experiment_id', '=', experimentId)
      .where('rule_approved_at', 'is', null)
      .returning('experiment_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Approving a proposal approves its rule with it: from now on the rule is what was approved. */
  /** Deferred: sent with the approval's next statement. */
  approveRule(experimentId: string, approvedBy: string, at: Date): void {
    this.db.defer(
      this.db
        .updateTable('experiment_measure')
        .set({ rule_approved_at: at, rule_approved_by: approvedBy })
        .where('experiment_id', '=', experimentId)
        .where('rule_within_periods', 'is not', null)
        .where('rule_approved_at', 'is', null),
    );
  }

  decision(experimentId: string) {
    return this.db
      .selectFrom('experiment_decision as d')
      .select([
        'd.decision',
        'd.proposed_decision',
        'd.reason',
        'd.decided_by',
        'd.decided_at',
        'd.review_status',
        'd.reviewed_at',
        'd.review_comment',
      ])
      .select((eb) => [
        personName(this.db, eb, 'd.decided_by').as('decided_by_name'),
        personName(this.db, eb, 'd.reviewed_by').as('reviewed_by_name'),
      ])
      .where('d.experiment_id', '=', experimentId)
      .executeTakeFirst();
  }

  /** Records the team's decision (its moment returned); deciding again replaces it, and any review it had starts over. */
  async decide(experimentId: string, input: DecisionInput): Promise<Date> {
    const row = {
      decision: input.decision,
      proposed_decision: input.proposedDecision,
      reason: input.reason,
      decided_by: input.decidedBy,
      decided_at: sql<Date>`now()`,
      review_status: input.reviewStatus,
      reviewed_by: null,
      reviewed_at: null,
      review_comment: '',
    };
    const decided = await this.db
      .insertInto('experiment_decision')
      .values({ organisation_id: currentOrganisationId, experiment_id: experimentId, ...row })
      .onConflict((oc) => oc.columns(['organisation_id', 'experiment_id']).doUpdateSet(row))
      .returning('decided_at')
      .executeTakeFirstOrThrow();
    return decided.decided_at;
  }

  /** Closes a pending review; false when none was pending. */
  async review(
    experimentId: string,
    outcome: 'upheld' | 'overturned',
    reviewedBy: string,
    comment: string,
  ): Promise<boolean> {
    const row = await this.db
      .updateTable('experiment_decision')
      .set({
        review_status: outcome,
        reviewed_by: reviewedBy,
        reviewed_at: sql<Date>`now()`,
        review_comment: comment,
      })
      .where('experiment_id', '=', experimentId)
      .where('review_status', '=', 'pending')
      .returning('experiment_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  reviewPending(experimentId: string): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom('experiment_decision')
        .select('experiment_id')
        .where('experiment_id', '=', experimentId)
        .where('review_status', '=', 'pending'),
    );
  }

  async mayReview(experimentId: string, membershipId: string): Promise<boolean> {
    const row = await this.db
      .selectNoFrom((eb) => eb(eb.val(membershipId), '=', this.approverOf(eb.val(experimentId))).as('may'))
      .executeTakeFirstOrThrow();
    return row.may === true;
  }

  /** Who reviews a decision against the rule (null when no approval is recorded) and what the experiment is called. */
  reviewerOf(experimentId: string) {
    return this.db
      .selectFrom('experiment as e')
      .select((eb) => ['e.title', this.approverOf(eb.ref('e.id')).as('approver_id')])
      .where('e.id', '=', experimentId)
      .executeTakeFirstOrThrow();
  }

  /** Who approved the proposal, rule and all: the one who reviews a decision that departs from that rule. */
  private approverOf(experimentId: Expression<string>) {
    return this.db
      .selectFrom('approval as a')
      .select('a.decided_by')
      .where('a.experiment_id', '=', experimentId)
      .where('a.decision', '=', 'approved')
      .orderBy('a.decided_at', 'desc')
      .limit(1)
      .$asScalar();
  }

  /** Decisions against their rule waiting for this person's review (they approved the proposal), oldest first, one page. */
  pendingReviewsFor(membershipId: string, page: { limit?: number; cursor?: string }) {
    const reviews = this.db
      .selectFrom('experiment_decision as d')
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'd.experiment_id'))
      .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'e.team_id'))
      .select([
        'd.experiment_id',
        'e.title as experiment_title',
        't.name as team_name',
        'd.decision',
        'd.proposed_decision',
        'd.reason',
        'd.decided_at',
      ])
      .select((eb) => personName(this.db, eb, 'd.decided_by').as('decided_by_name'))
      .where('d.review_status', '=', 'pending')
      .where((eb) => eb(eb.val(membershipId), '=', this.approverOf(eb.ref('d.experiment_id'))));
    return keysetPage(reviews, { by: 'd.decided_at', id: 'd.experiment_id', sort: 'timestamp' }, page);
  }
}
