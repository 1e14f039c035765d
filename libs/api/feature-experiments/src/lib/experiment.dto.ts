import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
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
import { NestedObject, PageDto, PageQueryDto, VersionProperty } from '@kaizen/api/util-core';
import { DecisionRuleSummaryDto } from './decision.dto';

const MAX_TEXT = 4_000;

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

class ExperimentFieldsDto {
  @ApiPropertyOptional({ maxLength: MAX_TEXT, description: 'The problem, or the current condition.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  problem?: string;

  @ApiPropertyOptional({ type: HypothesisDto })
  @IsOptional()
  @NestedObject(() => HypothesisDto)
  hypothesis?: HypothesisDto;

  @ApiPropertyOptional({ type: MetricDto })
  @IsOptional()
  @NestedObject(() => MetricDto)
  metric?: MetricDto;

  @ApiPropertyOptional({ type: PlanDto })
  @IsOptional()
  @NestedObject(() => PlanDto)
  plan?: PlanDto;

  @ApiPropertyOptional({ type: BudgetRequestDto, description: 'Hours and money the proposal asks for.' })
  @IsOptional()
  @NestedObject(() => BudgetRequestDto)
  request?: BudgetRequestDto;

  @ApiPropertyOptional({ type: [String], description: 'Membership ids of participants besides the owner.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  participantIds?: string[];

  @ApiPropertyOptional({ enum: disciplines, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(disciplines, { each: true })
  disciplines?: Discipline[];

  @ApiPropertyOptional({ type: [String], example: ['handover', 'night shift'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];
}

export class CreateExperimentDto extends ExperimentFieldsDto {
  @ApiProperty({ minLength: 3, maxLength: 200, example: 'Structured handover on the night shift' })
  @IsString()
  @Length(3, 200)
  title!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  teamId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The lesson this experiment builds on.' })
  @IsOptional()
  @IsUUID()
  buildsOnLessonId?: string;
}

export class UpdateExperimentDto extends ExperimentFieldsDto {
  @VersionProperty()
  version!: number;

  @ApiPropertyOptional({ minLength: 3, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(3, 200)
  title?: string;
}

export class TransitionDto {
  @ApiProperty({ enum: transitions })
  @IsIn(transitions)
  transition!: Transition;

  @VersionProperty()
  version!: number;

  @ApiPropertyOptional({
    maxLength: MAX_TEXT,
    description: 'Required to approve, request changes, reject or stop.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  reason?: string;
}

export class CheckInInputDto {
  @ApiProperty({ maxLength: MAX_TEXT, example: 'Two weeks in: handovers take 6 minutes on average.' })
  @IsString()
  @Length(1, MAX_TEXT)
  progress!: string;

  @ApiProperty({
    minimum: 1,
    maximum: 5,
    description: 'How confident the team is in the hypothesis now, 1 to 5.',
  })
  @IsInt()
  @Min(1)
  @Max(5)
  confidence!: number;

  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  blockers?: string;
}

export class CheckInDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() progress!: string;
  @ApiProperty() confidence!: number;
  @ApiProperty() blockers!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ResultInputDto {
  @VersionProperty()
  version!: number;

  @ApiProperty({ description: 'The measured value of the metric.', example: 1.8 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  @ApiProperty({ enum: verdicts, description: 'Refuted is a result, not a failure.' })
  @IsIn(verdicts)
  verdict!: Verdict;

  @ApiProperty({ maxLength: MAX_TEXT })
  @IsString()
  @Length(1, MAX_TEXT)
  evidence!: string;

  @ApiProperty({ minimum: 0, example: 20 })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100_000)
  actualHours!: number;

  @ApiProperty({ minimum: 0, description: 'Minor units (cents).', example: 42000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  actualSpendMinor!: number;
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

export class ExperimentPageDto extends PageDto(ExperimentSummaryDto) {}

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

export class TimelineEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({
    enum: [
      'created',
      'edited',
      'transition',
      'check_in',
      'result_recorded',
      'lesson_captured',
      'comment',
      'adopted',
    ],
  })
  type!: string;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ type: String, enum: transitions, nullable: true }) transition!: Transition | null;
  @ApiProperty({ type: String, enum: statuses, nullable: true }) fromStatus!: Status | null;
  @ApiProperty({ type: String, enum: statuses, nullable: true }) toStatus!: Status | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: Object, description: 'Each changed field: { before, after }.' }) changes!: Record<
    string,
    unknown
  >;
}

export class ExperimentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: statuses, isArray: true })
  @IsOptional()
  @Type(() => String)
  @IsIn(statuses, { each: true })
  status?: Status[] | Status;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ description: 'Words in the title.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['updated', 'created', 'title'], default: 'updated' })
  @IsOptional()
  @IsIn(['updated', 'created', 'title'])
  sort?: 'updated' | 'created' | 'title';
}

export class CommentInputDto {
  @ApiProperty({
    maxLength: MAX_TEXT,
    example: 'Nice result, @Lotte — shall we try it on the day shift too?',
  })
  @IsString()
  @Length(1, MAX_TEXT)
  body!: string;

  @ApiPropertyOptional({ type: [String], description: 'Membership ids of the people mentioned.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  mentions?: string[];
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String] }) mentions!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TimelinePageDto extends PageDto(TimelineEventDto) {}
export class CheckInPageDto extends PageDto(CheckInDto) {}
export class CommentPageDto extends PageDto(CommentDto) {}
