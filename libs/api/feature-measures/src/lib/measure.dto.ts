import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  directions,
  MAX_NOTE_LENGTH,
  MAX_POINT_MAGNITUDE,
  measureKinds,
  ruleIds,
  type Direction,
  type MeasureKind,
  type RuleId,
} from '@kaizen/shared/domain-measures';
import {
  NestedObject,
  PageDto,
  PageQueryDto,
  RequiredWhen,
  Satisfies,
  VersionProperty,
} from '@kaizen/api/util-core';
import { BaselineDto, CalendarDate, calendarDate } from '@kaizen/api/data-access-measures';

export { BaselineDto };

export const measureUnitTypes = ['team', 'department', 'organisation'] as const;
export type MeasureUnitType = (typeof measureUnitTypes)[number];

const finite = { allowNaN: false, allowInfinity: false } as const;
const MAX_VALUE = MAX_POINT_MAGNITUDE;

class MeasureFieldsDto {
  @ApiPropertyOptional({ maxLength: 100, example: 'per 1,000 bed days' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unit?: string;

  @ApiPropertyOptional({
    maxLength: 4000,
    description: 'What is counted, from which source, and what is left out.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4_000)
  definition?: string;

  @ApiPropertyOptional({
    minimum: 0.000001,
    maximum: 1000000,
    default: 1,
    description: 'Scale of proportions and rates on the chart: 100 for a percentage, 1000 for "per 1,000".',
  })
  @IsOptional()
  @IsNumber(finite)
  @Min(0.000001)
  @Max(1_000_000)
  multiplier?: number;
}

export class CreateMeasureDto extends MeasureFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Falls per 1,000 bed days' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: directions })
  @IsIn(directions)
  direction!: Direction;

  @ApiProperty({
    enum: measureKinds,
    description:
      'value: a continuous value (XmR chart); proportion: numerator of denominator (p-chart); rate: count per exposure (u-chart).',
  })
  @IsIn(measureKinds)
  kind!: MeasureKind;

  @ApiProperty({ enum: measureUnitTypes, description: 'Who owns the measure.' })
  @IsIn(measureUnitTypes)
  unitType!: MeasureUnitType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when unitType is team.' })
  @RequiredWhen({ unitType: 'team' })
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when unitType is department.' })
  @RequiredWhen({ unitType: 'department' })
  @IsUUID()
  departmentId?: string;
}

export class UpdateMeasureDto extends MeasureFieldsDto {
  @VersionProperty()
  version!: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: directions })
  @IsOptional()
  @IsIn(directions)
  direction?: Direction;
}

export class MeasureQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Words in the name.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Measures of this team.' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Measures of this department (not of its teams).' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ default: false, description: 'Include archived measures.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  archived?: boolean;
}

export class MeasureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() definition!: string;
  @ApiProperty({ enum: directions }) direction!: Direction;
  @ApiProperty({ enum: measureKinds }) kind!: MeasureKind;
  @ApiProperty() multiplier!: number;
  @ApiProperty({ enum: measureUnitTypes }) unitType!: MeasureUnitType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The owning team or department; null for the organisation.',
  })
  unitName!: string | null;
  @ApiProperty({ format: 'uuid' }) createdById!: string;
  @ApiProperty() pointCount!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) lastPeriod!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty() version!: number;
}

export class MeasurePageDto extends PageDto(MeasureDto) {}

export class PointInputDto {
  @ApiProperty({
    format: 'date',
    example: '2026-11-02',
    description: 'The start of the week or month the point covers.',
  })
  @CalendarDate()
  period!: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: -1e15,
    maximum: 1e15,
    description: 'For a value measure.',
  })
  @IsOptional()
  @IsNumber(finite)
  @Min(-MAX_VALUE)
  @Max(MAX_VALUE)
  value?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1e15,
    description: 'For a proportion or rate: the count.',
  })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(MAX_VALUE)
  numerator?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1e15,
    description: 'For a proportion or rate: the cases or exposure; above 0.',
  })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(MAX_VALUE)
  denominator?: number | null;

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}

export class UpdatePointDto {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate()
  period?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -1e15, maximum: 1e15 })
  @IsOptional()
  @IsNumber(finite)
  @Min(-MAX_VALUE)
  @Max(MAX_VALUE)
  value?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 1e15 })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(MAX_VALUE)
  numerator?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 1e15 })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(MAX_VALUE)
  denominator?: number | null;

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}

export class PointGridDto {
  @ApiProperty({
    type: [PointInputDto],
    maxItems: 1000,
    description: 'Points to add, or to replace where the period has one.',
  })
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => PointInputDto)
  points!: PointInputDto[];
}

export class PointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) period!: string;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'uuid' }) enteredById!: string;
  @ApiProperty() enteredByName!: string;
  @ApiProperty({ format: 'date-time' }) enteredAt!: string;
}

export const revisionChanges = ['created', 'updated', 'deleted'] as const;
export const revisionSources = ['entry', 'grid', 'import'] as const;

export class PointRevisionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) pointId!: string;
  @ApiProperty({ enum: revisionChanges }) change!: (typeof revisionChanges)[number];
  @ApiProperty({ enum: revisionSources }) source!: (typeof revisionSources)[number];
  @ApiProperty({
    format: 'date',
    description: 'The point as it was after the change (for a deletion: as it was).',
  })
  period!: string;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'uuid' }) changedById!: string;
  @ApiProperty() changedByName!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export class PointImportDto {
  @ApiProperty({
    maxLength: 1000000,
    description:
      'CSV with a header row: period,value for a value measure, period,numerator,denominator for a proportion or rate; an optional note column.',
    example: 'period,value\n2026-01-05,12\n2026-01-12,9.5\n',
  })
  @IsString()
  @MaxLength(1_000_000)
  csv!: string;

  @ApiPropertyOptional({ default: false, description: 'Check and preview only; nothing is stored.' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class RowProblemDto {
  @ApiProperty({ description: 'Row number; the header is row 1.' }) row!: number;
  @ApiProperty({ description: 'The column, as the header names it; empty for the row as a whole.' })
  column!: string;
  @ApiProperty() rule!: string;
  @ApiProperty() message!: string;
}

export class PreviewPointDto {
  @ApiProperty() row!: number;
  @ApiProperty({ format: 'date' }) period!: string;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denominator!: number | null;
  @ApiProperty() note!: string;
}

export class PointImportResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Points stored (0 for a dry run).' }) imported!: number;
  @ApiProperty({ type: [PreviewPointDto], description: 'The rows that are (or would be) imported.' })
  points!: PreviewPointDto[];
  @ApiProperty({
    type: [RowProblemDto],
    description: 'Every bad row and column; an import with any is refused as a whole.',
  })
  problems!: RowProblemDto[];
}

export class ChartQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Only points from this period on.' })
  @IsOptional()
  @CalendarDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Judge against this linked experiment's baseline; by default the only linked experiment's, if there is one.",
  })
  @IsOptional()
  @IsUUID()
  experimentId?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'date',
    maxItems: 20,
    description: 'Recalculate the limits from these periods on (a new phase each).',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMaxSize(20)
  @Satisfies('isCalendarDate', calendarDate, 'must hold dates, YYYY-MM-DD, on real calendar days', {
    each: true,
  })
  phase?: string[];

  @ApiPropertyOptional({
    default: false,
    description: "Laney's p′/u′ for proportions and rates with large, overdispersed denominators.",
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  laney?: boolean;
}

export class RunPhaseDto {
  @ApiProperty() start!: number;
  @ApiProperty() end!: number;
  @ApiProperty({ description: 'The centre and limits come from points start … calculationEnd − 1.' })
  calculationEnd!: number;
  @ApiProperty({ type: Number, nullable: true }) median!: number | null;
  @ApiProperty({ description: 'Points not on the median: the n of the rules.' }) useful!: number;
  @ApiProperty() longestRun!: number;
  @ApiProperty({ type: Number, nullable: true }) longestRunLimit!: number | null;
  @ApiProperty() crossings!: number;
  @ApiProperty({ type: Number, nullable: true }) minimumCrossings!: number | null;
  @ApiProperty() signal!: boolean;
}

const nullableNumbers = { type: 'array', items: { type: 'number', nullable: true } } as const;

export class RunChartDto {
  @ApiProperty(nullableNumbers) centre!: Array<number | null>;
  @ApiProperty({ type: [RunPhaseDto] }) phases!: RunPhaseDto[];
}

export class ControlPhaseDto {
  @ApiProperty() start!: number;
  @ApiProperty() end!: number;
  @ApiProperty() calculationEnd!: number;
  @ApiProperty({ type: Number, nullable: true }) centre!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'XmR: the mean moving range.' })
  meanMovingRange!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "p and u charts: Laney's σz (above 1: overdispersed).",
  })
  sigmaZ!: number | null;
}

export class ControlChartDto {
  @ApiProperty({ enum: ['xmr', 'p', 'u', 'p-prime', 'u-prime'] }) type!: string;
  @ApiProperty(nullableNumbers) centre!: Array<number | null>;
  @ApiProperty(nullableNumbers) upper!: Array<number | null>;
  @ApiProperty(nullableNumbers) lower!: Array<number | null>;
  @ApiProperty(nullableNumbers) upperTwoSigma!: Array<number | null>;
  @ApiProperty(nullableNumbers) lowerTwoSigma!: Array<number | null>;
  @ApiProperty({ type: [ControlPhaseDto] }) phases!: ControlPhaseDto[];
}

export class SignalDto {
  @ApiProperty({ enum: ruleIds }) rule!: RuleId;
  @ApiProperty({
    description: 'The rule in words (English; the web has its own nl and en labels by rule id).',
  })
  ruleName!: string;
  @ApiProperty({ enum: ['run', 'control'] }) chart!: 'run' | 'control';
  @ApiProperty({ type: String, enum: ['high', 'low'], nullable: true }) side!: 'high' | 'low' | null;
  @ApiProperty({ enum: ['improvement', 'concern', 'neutral'], description: "By the measure's direction." })
  class!: 'improvement' | 'concern' | 'neutral';
  @ApiProperty({ type: [Number], description: 'Indexes into periods.' }) points!: number[];
  @ApiProperty() detectedAt!: number;
  @ApiProperty({ format: 'date', description: 'The period at which the rule fired.' })
  detectedPeriod!: string;
  @ApiProperty() phase!: number;
}

export class ChangeMomentDto {
  @ApiProperty({ format: 'date', example: '2026-03-02' })
  @CalendarDate()
  period!: string;

  @ApiProperty({ maxLength: 200, example: 'PDSA 1: structured handover' })
  @IsString()
  @MaxLength(200)
  label!: string;
}

export class ChartAnnotationDto {
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty() experimentTitle!: string;
  @ApiProperty({ type: BaselineDto }) baseline!: BaselineDto;
  @ApiProperty({ type: [ChangeMomentDto] }) changes!: ChangeMomentDto[];
}

export class ChartPlanDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Whose baseline the limits come from; null: from all points.',
  })
  experimentId!: string | null;
  @ApiProperty({ type: BaselineDto, nullable: true }) baseline!: BaselineDto | null;
  @ApiProperty({ type: [String], description: 'Periods the limits are recalculated from.' })
  recalculations!: string[];
  @ApiProperty({ type: [String], description: 'Change moments of the judged experiment.' })
  changes!: string[];
}

export class ChartDto {
  @ApiProperty({ type: MeasureDto }) measure!: MeasureDto;
  @ApiProperty({
    type: [String],
    description: 'The periods plotted, ascending; indexes below refer to them.',
  })
  periods!: string[];
  @ApiProperty({ type: [Number], description: "Plotted values, scaled by the measure's multiplier." })
  values!: number[];
  @ApiProperty({ type: [Number], nullable: true }) denominators!: number[] | null;
  @ApiProperty({
    type: [Number],
    description: 'Index of the first point at or after each change moment of the plan.',
  })
  changeIndexes!: number[];
  @ApiProperty({ type: ChartPlanDto }) plan!: ChartPlanDto;
  @ApiProperty({ type: RunChartDto }) run!: RunChartDto;
  @ApiProperty({ type: ControlChartDto }) control!: ControlChartDto;
  @ApiProperty({
    type: [SignalDto],
    description: 'Both charts’ signals, by the point at which each was detected.',
  })
  signals!: SignalDto[];
  @ApiProperty({
    type: [ChartAnnotationDto],
    description: 'Every linked experiment: its baseline and change moments.',
  })
  annotations!: ChartAnnotationDto[];
}

export class ExperimentMeasureInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  measureId!: string;

  @ApiProperty({ type: BaselineDto, description: 'The periods the change is judged against.' })
  @NestedObject(() => BaselineDto)
  baseline!: BaselineDto;

  @ApiProperty({
    type: [ChangeMomentDto],
    maxItems: 50,
    description: "Each change's start (a PDSA cycle's, say).",
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ChangeMomentDto)
  changes!: ChangeMomentDto[];
}

export class ExperimentMeasureDto {
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty({ format: 'uuid' }) measureId!: string;
  @ApiProperty() measureName!: string;
  @ApiProperty({ type: BaselineDto }) baseline!: BaselineDto;
  @ApiProperty({ type: [ChangeMomentDto] }) changes!: ChangeMomentDto[];
}

/** What `GET /experiments/:id/measure` answers: the link, or null while the experiment has none. */
export class ExperimentMeasureLinkDto {
  @ApiProperty({
    type: ExperimentMeasureDto,
    nullable: true,
    description: 'The measure the experiment is judged by; null while none is linked.',
  })
  link!: ExperimentMeasureDto | null;
}

export class PointPageDto extends PageDto(PointDto) {}
export class PointRevisionPageDto extends PageDto(PointRevisionDto) {}
