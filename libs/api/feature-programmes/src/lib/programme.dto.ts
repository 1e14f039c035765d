import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
  MinLength,
  ValidateIf,
} from 'class-validator';
import { isCalendarDate, MAX_POINT_MAGNITUDE } from '@kaizen/shared/domain-measures';
import {
  nodeKinds,
  OVERRIDE_REASON_MIN,
  programmeUnitTypes,
  progressBands,
  progressScores,
  rampDecisions,
  reasonCodes,
  type NodeKind,
  type ProgrammeUnitType,
  type ProgressBand,
  type RampDecision,
  type ReasonCode,
} from '@kaizen/shared/domain-programmes';
import {
  NestedObject,
  PageDto,
  PageQueryDto,
  RequiredWhen,
  Satisfies,
  VersionProperty,
} from '@kaizen/api/util-core';

const finite = { allowNaN: false, allowInfinity: false } as const;
const bands = progressBands.map((b) => b.band);
const MAX_TEAM = 100;

export class AimDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Fewer falls on our wards' })
  @IsString()
  @Length(1, 500)
  statement!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The measure the aim moves; its direction says which way is better.',
  })
  @IsUUID()
  measureId!: string;

  @ApiProperty({ minimum: -1e15, maximum: 1e15, example: 6.1 })
  @IsNumber(finite)
  @Min(-MAX_POINT_MAGNITUDE)
  @Max(MAX_POINT_MAGNITUDE)
  baseline!: number;

  @ApiProperty({
    minimum: -1e15,
    maximum: 1e15,
    example: 4,
    description: 'Must lie on the better side of the baseline for the measure (rule betterThanBaseline).',
  })
  @IsNumber(finite)
  @Min(-MAX_POINT_MAGNITUDE)
  @Max(MAX_POINT_MAGNITUDE)
  target!: number;

  @ApiProperty({ format: 'date', example: '2027-07-01' })
  @Satisfies(
    'isCalendarDate',
    (v) => typeof v === 'string' && isCalendarDate(v),
    'must be a date, YYYY-MM-DD',
  )
  targetDate!: string;
}

export class CreateProgrammeDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Falls prevention' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ enum: programmeUnitTypes, description: 'Whose programme it is.' })
  @IsIn(programmeUnitTypes)
  unitType!: ProgrammeUnitType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when unitType is team.' })
  @RequiredWhen({ unitType: 'team' })
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when unitType is department.' })
  @RequiredWhen({ unitType: 'department' })
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ type: AimDto })
  @IsOptional()
  @NestedObject(() => AimDto)
  aim?: AimDto;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_TEAM,
    description: 'The team besides you (the owner), as membership ids.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TEAM)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class UpdateProgrammeDto {
  @VersionProperty()
  version!: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ type: AimDto })
  @IsOptional()
  @NestedObject(() => AimDto)
  aim?: AimDto;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_TEAM,
    description: 'The whole team besides the owner.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TEAM)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class OverrideDto {
  @ApiProperty({ enum: progressScores, description: 'A score on the IHI scale.' })
  @Satisfies('onScale', (v) => (progressScores as unknown[]).includes(v), 'must be one of 0.5, 1, 1.5, … 5')
  score!: number;

  @ApiProperty({
    minLength: 10,
    maxLength: 2000,
    description: 'Why the evidence does not tell the whole story.',
  })
  @IsString()
  @MaxLength(2_000)
  // The length of the domain's rule (reasonIsWritten), so the OpenAPI document states it; the service applies the
  // whole rule, which also refuses a reason of spaces only.
  @MinLength(OVERRIDE_REASON_MIN)
  reason!: string;
}

export class CreateNodeDto {
  @ApiProperty({ enum: nodeKinds })
  @IsIn(nodeKinds)
  kind!: NodeKind;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The driver it hangs under; null for directly under the aim (primary drivers only).',
  })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId!: string | null;

  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Safe mobility' })
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A process measure of this driver or idea.' })
  @IsOptional()
  @IsUUID()
  measureId?: string;
}

export class UpdateNodeDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Move it under another node; null for under the aim.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ minLength: 1, maxLength: 300 })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10000,
    description:
      'Index among its siblings (0 first), at most their number; the others shift. Without it a moved node goes last, and the siblings it left close the gap.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}

export class LinkExperimentDto {
  @ApiProperty({ format: 'uuid', description: 'An experiment (a PDSA cycle) that tests this change idea.' })
  @IsUUID()
  experimentId!: string;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid', description: 'The finished cycle (lesson written) the decision is about.' })
  @IsUUID()
  fromExperimentId!: string;

  @ApiProperty({
    enum: rampDecisions,
    description: 'adopt and adapt start a follow-up cycle; abandon ends the ramp.',
  })
  @IsIn(rampDecisions)
  decision!: RampDecision;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  reason?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Where the follow-up runs; another team adopts the lesson there. Default: the same team.',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class ProgrammeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Programmes of this department and of its teams.' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 52,
    default: 6,
    description: 'A programme with no test started in this many weeks is stalled.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(52)
  stalledWeeks?: number;

  @ApiPropertyOptional({ default: false, description: 'Only stalled programmes.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  stalledOnly?: boolean;
}

export class PortfolioExportQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 52, default: 6 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(52)
  stalledWeeks?: number;
}

export class AimViewDto {
  @ApiProperty() statement!: string;
  @ApiProperty({ format: 'uuid' }) measureId!: string;
  @ApiProperty() measureName!: string;
  @ApiProperty() measureUnit!: string;
  @ApiProperty({ enum: ['higher-is-better', 'lower-is-better'] }) direction!: string;
  @ApiProperty() baseline!: number;
  @ApiProperty() target!: number;
  @ApiProperty({ format: 'date' }) targetDate!: string;
}

export class ProgressReasonDto {
  @ApiProperty({ enum: bands }) band!: ProgressBand;
  @ApiProperty() score!: number;
  @ApiProperty() met!: boolean;
  @ApiProperty({
    enum: reasonCodes,
    description: 'What was found, for a client to word in its own language.',
  })
  code!: ReasonCode;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: "The figures the finding names (counts, the chart's rule, medians, the target).",
  })
  params!: Record<string, string | number>;
  @ApiProperty({ description: 'The finding in plain English.' }) detail!: string;
}

export class OverrideViewDto {
  @ApiProperty() score!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) byId!: string;
  @ApiProperty() byName!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ProgressDto {
  @ApiProperty({ description: 'The score shown: the override when there is one, else the derived score.' })
  score!: number;
  @ApiProperty({ enum: bands }) band!: ProgressBand;
  @ApiProperty({ description: 'What the evidence supports.' }) derivedScore!: number;
  @ApiProperty({ type: [ProgressReasonDto] }) reasons!: ProgressReasonDto[];
  @ApiProperty({ type: OverrideViewDto, nullable: true }) override!: OverrideViewDto | null;
  @ApiProperty({ description: 'The derived score four weeks ago.' }) previousScore!: number;
  @ApiProperty({ enum: ['up', 'down', 'flat'] }) trend!: 'up' | 'down' | 'flat';
}

export class ProgrammeSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: programmeUnitTypes }) unitType!: ProgrammeUnitType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null for the organisation.' }) unitName!:
    string | null;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() ownerName!: string;
  @ApiProperty({ type: AimViewDto, nullable: true }) aim!: AimViewDto | null;
  @ApiProperty({ type: ProgressDto }) progress!: ProgressDto;
  @ApiProperty({ format: 'date-time', description: 'The latest change to the programme or its tests.' })
  lastActivityAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastTestStartedAt!: string | null;
  @ApiProperty({ description: 'No test started within stalledWeeks.' }) stalled!: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class ProgrammePageDto extends PageDto(ProgrammeSummaryDto) {}

export class ProgrammeTeamMemberDto {
  @ApiProperty({ format: 'uuid' }) membershipId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() owner!: boolean;
}

export class ProgrammeTestDto {
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true }) verdict!: string | null;
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The cycle it builds on.' })
  previousId!: string | null;
  @ApiProperty({ type: String, enum: rampDecisions, nullable: true }) decision!: RampDecision | null;
  @ApiProperty({ description: 'Its place in its ramp, 1 for a first cycle.' }) step!: number;
  @ApiProperty({ description: 'Units the ramp reached by this cycle.' }) units!: number;
}

export class DriverNodeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: nodeKinds }) kind!: NodeKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) measureId!: string | null;
  @ApiProperty({ type: String, nullable: true }) measureName!: string | null;
  @ApiProperty() position!: number;
  @ApiProperty({
    type: [ProgrammeTestDto],
    description: 'For a change idea: its cycles, each ramp in order.',
  })
  tests!: ProgrammeTestDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string', format: 'uuid' } },
    description: 'For a change idea: its PDSA ramps, each a chain of experiment ids from the first cycle.',
  })
  ramps!: string[][];
}

export class ProgrammeDto extends ProgrammeSummaryDto {
  @ApiProperty({ type: [ProgrammeTeamMemberDto] }) team!: ProgrammeTeamMemberDto[];
  @ApiProperty({ type: [DriverNodeDto], description: 'The driver diagram in outline order.' })
  nodes!: DriverNodeDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
}

export class FollowUpResultDto {
  @ApiProperty({ format: 'uuid' }) fromExperimentId!: string;
  @ApiProperty({ enum: rampDecisions }) decision!: RampDecision;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The follow-up cycle, unless abandoned.',
  })
  followUpExperimentId!: string | null;
}

export class BandsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Programmes of this department and of its teams.' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class BandCountDto {
  @ApiProperty({ enum: bands }) band!: ProgressBand;
  @ApiProperty({ enum: progressScores }) score!: number;
  @ApiProperty({ description: 'Active programmes showing this score (override or derived).' }) count!: number;
  @ApiProperty({ description: "Of them, how many are here by their lead's override." }) overridden!: number;
}

export class ProgressBandsDto {
  @ApiProperty({ description: 'Active programmes counted.' }) total!: number;
  @ApiProperty({ description: 'Of them, how many are stalled (no test started in 6 weeks).' })
  stalled!: number;
  @ApiProperty({ type: [BandCountDto], description: 'Every band of the IHI scale, lowest first.' })
  bands!: BandCountDto[];
}
