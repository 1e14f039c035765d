import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
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
  disciplines,
  statuses,
  transitions,
  verdicts,
  type Discipline,
  type Status,
  type Transition,
  type Verdict,
} from '@kaizen/shared/domain-experiment';
import { NestedObject, PageDto, PageQueryDto, VersionProperty } from '@kaizen/api/util-core';
import { ProposedProofInputDto } from './decision.dto';
import {
  BudgetRequestDto,
  ExperimentSummaryDto,
  HypothesisDto,
  MetricDto,
  PlanDto,
} from '@kaizen/api/data-access-experiments';

const MAX_TEXT = 4_000;

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

  @ApiPropertyOptional({
    type: ProposedProofInputDto,
    description:
      'The measure, baseline, prediction and decision rule, written with the draft in one transaction; the same rules as PUT decision-rule.',
  })
  @IsOptional()
  @NestedObject(() => ProposedProofInputDto)
  decisionRule?: ProposedProofInputDto;
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

export class ExperimentPageDto extends PageDto(ExperimentSummaryDto) {}

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
