import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NestedObject, PageDto, Satisfies } from '@kaizen/api/util-core';
import {
  decisions,
  isCalendarDate,
  ruleIds,
  type Decision,
  type RuleId,
} from '@kaizen/shared/domain-measures';

const predictionDirections = ['increase', 'decrease'] as const;
const calendarDate = (value: unknown): boolean => typeof value === 'string' && isCalendarDate(value);
const MAX_REASON = 4_000;

export class PredictionDto {
  @ApiProperty({ enum: predictionDirections, description: 'Which way the measure is predicted to move.' })
  @IsIn(predictionDirections)
  direction!: 'increase' | 'decrease';

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    exclusiveMinimum: true,
    minimum: 0,
    description: "By how much, in the chart's unit; a smaller effect proposes the rule's `otherwise`.",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(Number.MIN_VALUE, { message: 'size must be above 0' })
  @Max(1e12)
  size?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'By which period.' })
  @IsOptional()
  @Satisfies('isCalendarDate', calendarDate, 'must be a date, YYYY-MM-DD, on a real calendar day')
  by?: string | null;
}

export class RuleWordingDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'Roll it out to every ward' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  adopt?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  adapt?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  abandon?: string;
}

export class DecisionRuleDto {
  @ApiProperty({
    minimum: 1,
    maximum: 520,
    description: 'Adopt if an improvement signal appears within this many periods after the change.',
  })
  @IsInt()
  @Min(1)
  @Max(520)
  withinPeriods!: number;

  @ApiPropertyOptional({
    enum: decisions,
    default: 'adopt',
    description: 'The decision when the signal appears.',
  })
  @IsOptional()
  @IsIn(decisions)
  onSignal?: Decision;

  @ApiPropertyOptional({
    enum: decisions,
    default: 'abandon',
    description: 'The decision when none appears.',
  })
  @IsOptional()
  @IsIn(decisions)
  onNoSignal?: Decision;

  @ApiPropertyOptional({
    enum: decisions,
    default: 'adapt',
    description: 'The decision otherwise: a smaller effect than predicted, or signals both ways.',
  })
  @IsOptional()
  @IsIn(decisions)
  otherwise?: Decision;

  @ApiPropertyOptional({ type: RuleWordingDto, description: "The team's own wording of each outcome." })
  @IsOptional()
  @NestedObject(() => RuleWordingDto)
  wording?: RuleWordingDto;
}

export class DecisionRuleInputDto {
  @ApiProperty({ type: PredictionDto })
  @NestedObject(() => PredictionDto)
  prediction!: PredictionDto;

  @ApiProperty({ type: DecisionRuleDto })
  @NestedObject(() => DecisionRuleDto)
  rule!: DecisionRuleDto;
}

export const ruleStates = ['missing', 'proposed', 'approved'] as const;
export type RuleState = (typeof ruleStates)[number];

/** What a proposal says about its proof; `missing` is a gap the approver sees. */
export class DecisionRuleSummaryDto {
  @ApiProperty({
    enum: ruleStates,
    description:
      'missing: no prediction and rule (a gap); proposed: stated, not yet approved; approved: frozen.',
  })
  state!: RuleState;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) measureId?: string | null;
  @ApiProperty({ type: PredictionDto, nullable: true }) prediction!: PredictionDto | null;
  @ApiProperty({ type: DecisionRuleDto, nullable: true, description: 'With the default outcomes filled in.' })
  rule!: Required<DecisionRuleDto> | null;
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
