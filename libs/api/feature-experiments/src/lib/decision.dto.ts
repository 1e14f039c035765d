import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DecisionRuleDto,
  PredictionDto,
  ruleStates,
  type RuleState,
} from '@kaizen/api/data-access-experiments';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BaselineDto } from '@kaizen/api/data-access-measures';
import { NestedObject, PageDto } from '@kaizen/api/util-core';
import { decisions, ruleIds, type Decision, type RuleId } from '@kaizen/shared/domain-measures';

const MAX_REASON = 4_000;

export class DecisionRuleInputDto {
  @ApiProperty({ type: PredictionDto })
  @NestedObject(() => PredictionDto)
  prediction!: PredictionDto;

  @ApiProperty({ type: DecisionRuleDto })
  @NestedObject(() => DecisionRuleDto)
  rule!: DecisionRuleDto;
}

/** A draft's proof stated with it: the measure it is judged on, the baseline, and the prediction and rule. */
export class ProposedProofInputDto extends DecisionRuleInputDto {
  @ApiProperty({ format: 'uuid', description: 'The measure the experiment is judged by.' })
  @IsUUID()
  measureId!: string;

  @ApiProperty({ type: BaselineDto, description: 'The periods the change is judged against.' })
  @NestedObject(() => BaselineDto)
  baseline!: BaselineDto;
}

export class SignalSummaryDto {
  @ApiProperty({ enum: ruleIds }) rule!: RuleId;
  @ApiProperty({ enum: ['run', 'control'] }) chart!: 'run' | 'control';
  @ApiProperty({ type: String, enum: ['high', 'low'], nullable: true }) side!: 'high' | 'low' | null;
  @ApiProperty({ enum: ['improvement', 'concern', 'neutral'] }) class!: 'improvement' | 'concern' | 'neutral';
  @ApiProperty({ format: 'date', description: 'The period at which the rule fired.' }) detectedAt!: string;
}

export const reasonCodes = [
  'no-change',
  'waiting-for-data',
  'signal',
  'smaller-than-predicted',
  'signals-both-ways',
  'opposite-signal',
  'no-signal',
] as const;

export class ProposalReasonDto {
  @ApiProperty({
    enum: reasonCodes,
    description: 'Why the data propose what they propose; no-change: no change moment is marked yet.',
  })
  code!: (typeof reasonCodes)[number];
  @ApiProperty({ type: SignalSummaryDto, nullable: true }) signal!: SignalSummaryDto | null;
  @ApiProperty({ type: SignalSummaryDto, nullable: true }) opposing!: SignalSummaryDto | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The window's mean against the baseline centre, positive in the predicted direction.",
  })
  effect!: number | null;
  @ApiProperty({ type: Number, nullable: true }) predicted!: number | null;
  @ApiProperty({ type: Number, nullable: true }) periodsObserved!: number | null;
  @ApiProperty({ type: Number, nullable: true }) periodsNeeded!: number | null;
}

export class ProposedDecisionDto {
  @ApiProperty({
    type: String,
    enum: decisions,
    nullable: true,
    description: 'null while the window is open without a signal.',
  })
  decision!: Decision | null;
  @ApiProperty({ type: String, nullable: true, description: "The team's wording of it." }) wording!:
    string | null;
  @ApiProperty({ type: ProposalReasonDto }) reason!: ProposalReasonDto;
}

export const reviewStatuses = ['not_needed', 'pending', 'upheld', 'overturned'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export class DecisionReviewDto {
  @ApiProperty({
    enum: reviewStatuses,
    description:
      'pending: the decision departs from the rule and waits for the approver; only then, upheld, may the lesson count as a validated improvement.',
  })
  status!: ReviewStatus;
  @ApiProperty({ type: String, nullable: true }) reviewedByName!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
  @ApiProperty() comment!: string;
}

export class TeamDecisionDto {
  @ApiProperty({ enum: decisions }) decision!: Decision;
  @ApiProperty({ type: String, enum: decisions, nullable: true, description: 'What the data proposed then.' })
  proposedDecision!: Decision | null;
  @ApiProperty({ description: 'Why the team decided otherwise; empty when it followed the rule.' })
  reason!: string;
  @ApiProperty({ format: 'uuid' }) decidedBy!: string;
  @ApiProperty() decidedByName!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty({ type: DecisionReviewDto }) review!: DecisionReviewDto;
}

export class DecisionStateDto {
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty({ enum: ruleStates }) ruleState!: RuleState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) measureId!: string | null;
  @ApiProperty({ type: PredictionDto, nullable: true }) prediction!: PredictionDto | null;
  @ApiProperty({ type: DecisionRuleDto, nullable: true }) rule!: Required<DecisionRuleDto> | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) ruleApprovedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ruleApprovedBy!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The first change moment.' })
  change!: string | null;
  @ApiProperty({
    description:
      'The measure shows an improvement signal after the change: an improvement would be data-backed.',
  })
  signalAfterChange!: boolean;
  @ApiProperty({
    type: ProposedDecisionDto,
    nullable: true,
    description: 'What the rule proposes on the data so far; null without a rule.',
  })
  proposed!: ProposedDecisionDto | null;
  @ApiProperty({ type: TeamDecisionDto, nullable: true }) decided!: TeamDecisionDto | null;
}

export class DecisionInputDto {
  @ApiProperty({ enum: decisions })
  @IsIn(decisions)
  decision!: Decision;

  @ApiPropertyOptional({
    maxLength: MAX_REASON,
    description: 'Required when the decision differs from the one the data propose.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON)
  reason?: string;
}

export const reviewOutcomes = ['upheld', 'overturned'] as const;

export class DecisionReviewInputDto {
  @ApiProperty({
    enum: reviewOutcomes,
    description: "upheld: the team's decision stands; overturned: the lesson does not count as validated.",
  })
  @IsIn(reviewOutcomes)
  outcome!: (typeof reviewOutcomes)[number];

  @ApiPropertyOptional({ maxLength: MAX_REASON })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON)
  comment?: string;
}

export class DecisionReviewItemDto {
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty() experimentTitle!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ enum: decisions }) decision!: Decision;
  @ApiProperty({ type: String, enum: decisions, nullable: true }) proposedDecision!: Decision | null;
  @ApiProperty() reason!: string;
  @ApiProperty() decidedByName!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class DecisionReviewPageDto extends PageDto(DecisionReviewItemDto) {}
