import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@kaizen/api/data-access-auth';
import { ExperimentsRepository } from '@kaizen/api/data-access-experiments';
import { Notifier } from '@kaizen/api/data-access-notifications';
import { FieldValidationException, mapPage, type PageQueryDto } from '@kaizen/api/util-core';
import {
  acceptsDecision,
  isPlanEditable,
  type Relation,
  type Status,
} from '@kaizen/shared/domain-experiment';
import { departsFromRule, type Decision } from '@kaizen/shared/domain-measures';
import type {
  DecisionInputDto,
  DecisionReviewInputDto,
  DecisionReviewPageDto,
  DecisionRuleInputDto,
  DecisionStateDto,
} from './decision.dto';
import { decisionStateDto, judge, reviewItemDto, ruleInputOf } from './decisions.mappers';
import { DecisionsRepository, type EvidenceRow } from './decisions.repository';

const notFound = () => new NotFoundException('No such experiment in this organisation');
const editors: Relation[] = ['owner', 'participant', 'team_lead', 'org_admin'];
const doers: Relation[] = ['owner', 'participant'];

/**
 * A proposal's prediction and decision rule, what the data propose at the result, the team's decision, and the
 * approver's second review when that decision departs from the rule. The rule is approved with the time and budget
 * and is frozen from then on: changing it afterwards is refused (409), not re-approved.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly decisions: DecisionsRepository,
    private readonly experiments: ExperimentsRepository,
    private readonly notifier: Notifier,
  ) {}

  async state(id: string): Promise<DecisionStateDto> {
    const evidence = await this.evidence(id);
    return decisionStateDto(evidence, judge(evidence), await this.decisions.decision(id));
  }

  async setRule(actor: Actor, id: string, dto: DecisionRuleInputDto): Promise<DecisionStateDto> {
    const evidence = await this.evidence(id);
    await this.requireRelation(actor, id, editors, 'state its decision rule');
    if (evidence.link?.rule_approved_at)
      throw new ConflictException(
        'The decision rule was approved with the time and budget and is frozen; it no longer changes',
      );
    if (!isPlanEditable(evidence.status as Status))
      throw new ConflictException(
        `The decision rule changes with the plan, in draft or changes requested; this experiment is ${evidence.status}`,
      );
    if (!evidence.link)
      throw new ConflictException("Link the experiment's measure first: the rule is judged on it");
    await this.decisions.setRule(id, ruleInputOf(dto));
    return this.state(id);
  }

  /**
   * The team's decision at the result. Departing from what the rule proposes needs a written reason and sends the
   * decision to the approver, whose review it waits for before the lesson can be learned.
   */
  async decide(actor: Actor, id: string, dto: DecisionInputDto): Promise<DecisionStateDto> {
    const evidence = await this.evidence(id);
    await this.requireRelation(actor, id, doers, 'decide on its result');
    if (!acceptsDecision(evidence.status as Status) || evidence.verdict === null)
      throw new ConflictException(
        `The decision is taken at the result, once it is recorded and until the lesson is learned; this experiment is ${evidence.status}`,
      );
    const judgement = judge(evidence);
    const proposed = judgement.proposed?.decision ?? null;
    const departs = judgement.proposed !== null && departsFromRule(proposed, dto.decision);
    const reason = dto.reason?.trim() ?? '';
    if (departs && reason === '')
      throw new FieldValidationException([
        {
          field: 'reason',
          rule: 'required',
          message: `reason is required to decide ${dto.decision} where the rule proposes ${proposed ?? 'to wait for data'}`,
        },
      ]);
    const decidedAt = await this.decisions.decide(id, {
      decision: dto.decision,
      proposedDecision: proposed,
      reason,
      decidedBy: actor.membershipId,
      reviewStatus: departs ? 'pending' : 'not_needed',
    });
    if (departs) await this.askReview(id, decidedAt, dto.decision, proposed, reason);
    return this.state(id);
  }

  /**
   * Tells the approver a decision waits for their review: in-app, and by e-mail as their preferences allow, written in
   * the decision's transaction. Deciding again is a new decision (a new moment), so it tells again.
   */
  private async askReview(
    id: string,
    decidedAt: Date,
    decision: Decision,
    proposed: Decision | null,
    reason: string,
  ) {
    const { title, approver_id } = await this.decisions.reviewerOf(id);
    if (!approver_id) return;
    await this.notifier.notify({
      recipientId: approver_id,
      kind: 'decision_review_pending',
      dedupeKey: `decision-review-${id}-${decidedAt.toISOString()}`,
      subjectType: 'experiment',
      subjectId: id,
      params: { experimentId: id, experimentTitle: title, decision, proposedDecision: proposed, reason },
    });
  }

  async review(actor: Actor, id: string, dto: DecisionReviewInputDto): Promise<DecisionStateDto> {
    await this.evidence(id);
    if (!(await this.decisions.mayReview(id, actor.membershipId)))
      throw new ForbiddenException('Only the approver of the proposal may review its decision');
    if (!(await this.decisions.review(id, dto.outcome, actor.membershipId, dto.comment?.trim() ?? '')))
      throw new ConflictException('No decision of this experiment waits for review');
    return this.state(id);
  }

  /** Decisions against their rule waiting for this person's review: the second step of their approval inbox. */
  async reviews(actor: Actor, query: PageQueryDto): Promise<DecisionReviewPageDto> {
    return mapPage(await this.decisions.pendingReviewsFor(actor.membershipId, query), reviewItemDto);
  }

  /** Whether the experiment's measure shows an improvement signal after its change: what a lesson freezes. */
  async signalAfterChange(id: string): Promise<boolean> {
    return judge(await this.evidence(id)).signalAfterChange;
  }

  private async evidence(id: string): Promise<EvidenceRow> {
    const evidence = await this.decisions.evidence(id);
    if (!evidence) throw notFound();
    return evidence;
  }

  private async requireRelation(actor: Actor, id: string, allowed: Relation[], what: string): Promise<void> {
    const held = await this.experiments.relations(id, actor.membershipId, actor.role === 'org_admin');
    if (!held.some((relation) => allowed.includes(relation)))
      throw new ForbiddenException(`Only ${allowed.join(', ')} may ${what}`);
  }
}
