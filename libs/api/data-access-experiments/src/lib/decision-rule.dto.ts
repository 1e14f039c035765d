import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NestedObject, Satisfies } from '@kaizen/api/util-core';
import { decisions, isCalendarDate, type Decision } from '@kaizen/shared/domain-measures';

const predictionDirections = ['increase', 'decrease'] as const;
const calendarDate = (value: unknown): boolean => typeof value === 'string' && isCalendarDate(value);

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
