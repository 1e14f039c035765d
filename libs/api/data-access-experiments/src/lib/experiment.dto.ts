import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  checkInCadences,
  disciplines,
  metricDirections,
  statuses,
  transitions,
  verdicts,
  type CheckInCadence,
  type Discipline,
  type MetricDirection,
  type Status,
  type Transition,
  type Verdict,
} from '@kaizen/shared/domain-experiment';
import { DecisionRuleSummaryDto } from './decision-rule.dto';

export class HypothesisDto {
  @ApiProperty({
    description: 'We believe [change] …',
    example: 'a five-minute structured handover at shift change',
  })
  @IsString()
  @MaxLength(1_000)
  change!: string;

  @ApiProperty({
    description: '… will result in [outcome] …',
    example: 'fewer medication errors on the night shift',
  })
  @IsString()
  @MaxLength(1_000)
  outcome!: string;

  @ApiProperty({
    description: '… we will know when [measure].',
    example: 'incident reports per 1,000 administrations drop below 2',
  })
  @IsString()
  @MaxLength(1_000)
  measure!: string;
}

export class MetricDto {
  @ApiProperty({ example: 'Medication incidents' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'per 1,000 administrations' })
  @IsString()
  @MaxLength(100)
  unit!: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 3.4 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  baseline?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 2 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  target?: number | null;

  @ApiPropertyOptional({ enum: metricDirections, nullable: true })
  @IsOptional()
  @IsIn(metricDirections)
  direction?: MetricDirection | null;
}

export class PlanDto {
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-12-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  start?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-02-28' })
  @IsOptional()
  @IsISO8601({ strict: true })
  end?: string | null;

  @ApiPropertyOptional({ enum: checkInCadences, default: 'weekly' })
  @IsOptional()
  @IsIn(checkInCadences)
  checkInCadence?: CheckInCadence;
}

export class BudgetRequestDto {
  @ApiProperty({ minimum: 0, maximum: 100000, example: 24 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  hours!: number;

  @ApiProperty({
    minimum: 0,
    description: 'Money in minor units of the organisation currency (cents).',
    example: 50000,
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  amountMinor!: number;
}

export class ResultDto {
  @ApiProperty() value!: number;
  @ApiProperty({ enum: verdicts }) verdict!: Verdict;
  @ApiProperty() evidence!: string;
  @ApiProperty() actualHours!: number;
  @ApiProperty() actualSpendMinor!: number;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' }) membershipId!: string;
  @ApiProperty() displayName!: string;
}

export class ApprovalSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['team_lead', 'department_head'] }) level!: 'team_lead' | 'department_head';
  @ApiProperty() requestedHours!: number;
  @ApiProperty() requestedAmountMinor!: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedByName!: string | null;
  @ApiProperty({ type: String, enum: ['approved', 'rejected', 'changes_requested'], nullable: true })
  decision!: 'approved' | 'rejected' | 'changes_requested' | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
}

export class ExperimentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: statuses }) status!: Status;
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() ownerName!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedStart!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedEnd!: string | null;
  @ApiProperty({ type: String, enum: verdicts, nullable: true }) verdict!: Verdict | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class ExperimentDto extends ExperimentSummaryDto {
  @ApiProperty() problem!: string;
  @ApiProperty({ type: HypothesisDto }) hypothesis!: HypothesisDto;
  @ApiProperty({ type: MetricDto }) metric!: MetricDto;
  @ApiProperty({ type: PlanDto }) plan!: PlanDto;
  @ApiProperty({ type: BudgetRequestDto }) request!: BudgetRequestDto;
  @ApiProperty({
    type: BudgetRequestDto,
    nullable: true,
    description: 'What was approved, to set against actual hours and spend.',
  })
  approved!: BudgetRequestDto | null;
  @ApiProperty({ type: ResultDto, nullable: true }) result!: ResultDto | null;
  @ApiProperty({ type: [ParticipantDto] }) participants!: ParticipantDto[];
  @ApiProperty({ enum: disciplines, isArray: true }) disciplines!: Discipline[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) buildsOnLessonId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) lessonId!: string | null;
  @ApiProperty({ type: [ApprovalSummaryDto] }) approvals!: ApprovalSummaryDto[];
  @ApiProperty({
    type: DecisionRuleSummaryDto,
    description: 'The prediction and decision rule the proposal states; `missing` is a gap.',
  })
  decisionRule!: DecisionRuleSummaryDto;
  @ApiProperty({ enum: transitions, isArray: true, description: 'What you may do next.' })
  availableTransitions!: Transition[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
