import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import {
  isTimeZone,
  reviewFrequencies,
  timeZoneRule,
  type ReviewFrequency,
} from '@kaizen/shared/domain-schedules';
import {
  programmeUnitTypes,
  progressBands,
  type ProgrammeInReview,
  type ProgrammeUnitType,
  type ProgressBand,
} from '@kaizen/shared/domain-programmes';
import { PageDto, PageQueryDto, RequiredWhen, Satisfies, VersionProperty } from '@kaizen/api/util-core';

/** Units a cadence is created for here; a programme's is set on the programme by its lead. */
export const cadenceUnitTypes = ['team', 'department', 'organisation'] as const;
export const unitTypes = [...cadenceUnitTypes, 'programme'] as const;
export type UnitTypeDto = (typeof unitTypes)[number];

export class CadenceSettingsDto {
  @ApiProperty({ enum: reviewFrequencies })
  @IsIn(reviewFrequencies)
  frequency!: ReviewFrequency;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 7,
    default: 1,
    description: 'ISO weekday (1 = Monday), for weekly and biweekly.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 28,
    default: 1,
    description: 'Day of the month, for monthly and quarterly.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(28)
  dayOfMonth?: number;

  @ApiProperty({ minimum: 0, maximum: 23, example: 15 })
  @IsInt()
  @Min(0)
  @Max(23)
  hour!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 59, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(59)
  minute?: number;

  @ApiPropertyOptional({
    example: 'Europe/Amsterdam',
    description: "The unit's time zone; defaults to the organisation's.",
  })
  @IsOptional()
  @Satisfies('isTimeZone', isTimeZone, timeZoneRule)
  timeZone?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-01-04',
    description: 'Fixes which weeks (biweekly) or months (quarterly) are on; defaults to today.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  anchorDate?: string;
}

export class CreateCadenceDto extends CadenceSettingsDto {
  @ApiProperty({ enum: cadenceUnitTypes })
  @IsIn(cadenceUnitTypes)
  unitType!: (typeof cadenceUnitTypes)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For a team cadence (required when unitType is team).',
  })
  @RequiredWhen({ unitType: 'team' })
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For a department cadence (required when unitType is department).',
  })
  @RequiredWhen({ unitType: 'department' })
  @IsUUID()
  departmentId?: string;
}

export class UpdateCadenceDto extends CadenceSettingsDto {
  @VersionProperty()
  version!: number;

  @ApiProperty({ description: 'A paused cadence opens no reviews.' })
  @IsBoolean()
  active!: boolean;
}

export class CadenceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: unitTypes }) unitType!: UnitTypeDto;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: reviewFrequencies }) frequency!: ReviewFrequency;
  @ApiProperty() weekday!: number;
  @ApiProperty() dayOfMonth!: number;
  @ApiProperty() hour!: number;
  @ApiProperty() minute!: number;
  @ApiProperty() timeZone!: string;
  @ApiProperty() anchorDate!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the next review opens; null when paused.',
  })
  nextOpensAt!: string | null;
}

export class CadencePageDto extends PageDto(CadenceDto) {}

export class SetProgrammeCadenceDto extends CadenceSettingsDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'The version you read; required to change an existing rhythm (a stale one gets 409).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    description: 'A paused cadence opens no reviews. Default: as it was (on for a new one).',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ProgrammeCadenceDto {
  @ApiProperty({
    type: CadenceDto,
    nullable: true,
    description: 'The programme team’s review rhythm; null until set.',
  })
  cadence!: CadenceDto | null;
  @ApiProperty({ description: 'Whether you may set it: the programme’s lead or an admin.' })
  canManage!: boolean;
}

export class ReviewSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: unitTypes }) unitType!: UnitTypeDto;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty() reflectionCount!: number;
}

export class ReviewPageDto extends PageDto(ReviewSummaryDto) {}

export class ReviewQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class ReviewExperimentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) verdict!: string | null;
  @ApiProperty() teamName!: string;
}

export class ReviewLessonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() insight!: string;
  @ApiProperty() recommendation!: string;
  @ApiProperty({ nullable: true, type: String }) verdict!: string | null;
  @ApiProperty() teamName!: string;
  @ApiProperty() doubleLoop!: boolean;
}

export class InnerReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: [String] }) takeaways!: string[];
  @ApiProperty({ format: 'date-time' }) closedAt!: string;
}

export class ReflectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) experimentId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReviewProgrammeTestDto {
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) verdict!: string | null;
  @ApiProperty() teamName!: string;
  @ApiProperty({ format: 'uuid' }) changeIdeaId!: string;
  @ApiProperty({ description: 'The change idea it tests.' }) changeIdea!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
}

export class ReviewChangeIdeaDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

export class ReviewProgrammeDto implements ProgrammeInReview {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: programmeUnitTypes }) unitType!: ProgrammeUnitType;
  @ApiProperty({ nullable: true, type: String }) unitName!: string | null;
  @ApiProperty() ownerName!: string;
  @ApiProperty({ nullable: true, type: String, description: "The aim's statement." }) aim!: string | null;
  @ApiProperty({ description: "The score shown: the lead's override, else the derived one." }) score!: number;
  @ApiProperty({ enum: progressBands.map((b) => b.band) }) band!: ProgressBand;
  @ApiProperty() derivedScore!: number;
  @ApiProperty() overridden!: boolean;
  @ApiProperty({ description: 'The derived score as the evidence stood when the period began.' })
  scoreAtStart!: number;
  @ApiProperty({ description: 'The derived score as the evidence stood when the period ended.' })
  scoreAtEnd!: number;
  @ApiProperty({
    type: [ReviewProgrammeTestDto],
    description: 'Tests of its change ideas that started or finished in the period.',
  })
  tests!: ReviewProgrammeTestDto[];
  @ApiProperty({ description: 'No test started in 6 weeks.' }) stalled!: boolean;
  @ApiProperty({
    type: [ReviewChangeIdeaDto],
    description: 'Change ideas with no test started in 6 weeks (an abandoned one is finished, not stalled).',
  })
  stalledChangeIdeas!: ReviewChangeIdeaDto[];
}

export class ReviewDto extends ReviewSummaryDto {
  @ApiProperty({ type: [String], description: 'The lessons the review closed with.' }) takeaways!: string[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedByName!: string | null;
  @ApiProperty({ description: 'Whether you may close it.' }) canClose!: boolean;
  @ApiProperty({
    type: [ReviewExperimentDto],
    description: 'Ended experiments still without a lesson, and those that found one this period.',
  })
  awaitingReflection!: ReviewExperimentDto[];
  @ApiProperty({ type: [ReviewLessonDto], description: "Lessons the unit's teams captured in the period." })
  lessons!: ReviewLessonDto[];
  @ApiProperty({
    type: [InnerReviewDto],
    description:
      'For departments and the organisation: what the reviews of the units inside it concluded (a retro of retros).',
  })
  innerReviews!: InnerReviewDto[];
  @ApiProperty({ type: [ReflectionDto] }) reflections!: ReflectionDto[];
  @ApiProperty({
    type: [ReviewProgrammeDto],
    description:
      "The active programmes of the unit (a department's with its teams' and sub-departments'; the organisation's all), by title, with their progress over the period.",
  })
  programmes!: ReviewProgrammeDto[];
}

export class AddReflectionDto {
  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @Length(1, 4_000)
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The experiment it reflects on, one of the unit's." })
  @IsOptional()
  @IsUUID()
  experimentId?: string;
}

export class CloseReviewDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 20,
    description: 'The lessons the review closes with.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 1_000, { each: true })
  takeaways!: string[];
}
