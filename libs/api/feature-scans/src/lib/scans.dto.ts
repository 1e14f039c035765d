import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '@kaizen/api/util-core';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  COMMENT_MAX_LENGTH,
  dimensions,
  MIN_RESPONSES_CEILING,
  MIN_RESPONSES_FLOOR,
  STATEMENT_MAX_LENGTH,
  type Dimension,
} from '@kaizen/shared/domain-scan';

export class StatementDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: dimensions }) dimension!: Dimension;
  @ApiProperty() en!: string;
  @ApiProperty() nl!: string;
  @ApiProperty() custom!: boolean;
}

export class InstrumentDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: [StatementDto] }) statements!: StatementDto[];
}

export class AddStatementDto {
  @ApiProperty({ enum: dimensions })
  @IsIn(dimensions)
  dimension!: Dimension;

  @ApiProperty({ example: 'We celebrate a refuted hypothesis as a result.' })
  @IsString()
  @Length(10, STATEMENT_MAX_LENGTH)
  en!: string;

  @ApiProperty({ example: 'We vieren een weerlegde hypothese als resultaat.' })
  @IsString()
  @Length(10, STATEMENT_MAX_LENGTH)
  nl!: string;
}

export class ScanSettingsDto {
  @ApiProperty({
    minimum: MIN_RESPONSES_FLOOR,
    description: 'Results show only for groups with at least this many responses.',
  })
  minResponses!: number;
  @ApiProperty({ description: 'The lowest threshold any organisation may choose.' }) floor!: number;
}

export class UpdateScanSettingsDto {
  @ApiProperty({ minimum: MIN_RESPONSES_FLOOR, maximum: MIN_RESPONSES_CEILING })
  @IsInt()
  @Min(MIN_RESPONSES_FLOOR)
  @Max(MIN_RESPONSES_CEILING)
  minResponses!: number;
}

export class OpenScanDto {
  @ApiProperty({ example: 'Learning culture, spring 2027' })
  @IsString()
  @Length(3, 200)
  title!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Only these departments (and their sub-departments); the whole organisation when absent.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Defaults to now. Invitations go out when it opens.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  opensAt?: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  closesAt!: string;
}

export type ScanState = 'scheduled' | 'open' | 'closed';

export class ScanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['organisation', 'departments'] }) scope!: 'organisation' | 'departments';
  @ApiProperty({ type: [String], format: 'uuid' }) departmentIds!: string[];
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty({ enum: ['scheduled', 'open', 'closed'] }) state!: ScanState;
  @ApiProperty() instrumentVersion!: number;
  @ApiProperty({ description: 'People invited.' }) invited!: number;
  @ApiProperty({ description: 'People who answered, in the whole scan.' }) responded!: number;
  @ApiProperty({ description: 'Reminder rounds sent so far (at most 2).' }) reminderRounds!: number;
  @ApiProperty({ enum: ['not_invited', 'invited', 'answered'] }) myParticipation!:
    'not_invited' | 'invited' | 'answered';
}

export class ScanPageDto extends PageDto(ScanDto) {}

export class ScanDetailDto extends ScanDto {
  @ApiProperty({
    type: [StatementDto],
    description: 'The statements of the instrument version this scan pinned.',
  })
  statements!: StatementDto[];
}

export class SubmitResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
    description: 'Statement id → 1 (strongly disagree) … 5 (strongly agree).',
  })
  @IsObject()
  answers!: Record<string, number>;

  @ApiPropertyOptional({
    maxLength: COMMENT_MAX_LENGTH,
    description: 'Free text; shown only for groups at or above the threshold.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(COMMENT_MAX_LENGTH)
  comment?: string;
}

export class ReminderRoundDto {
  @ApiProperty({ description: 'The reminder round now queued (1 or 2).' }) round!: number;
}

export class DimensionScoreDto {
  @ApiProperty({ enum: dimensions }) dimension!: Dimension;
  @ApiProperty({ enum: ['senge', 'bersin'] }) framework!: 'senge' | 'bersin';
  @ApiProperty({ description: 'Mean answer, 1 to 5.' }) mean!: number;
  @ApiProperty({ description: 'Share answering 4 or 5, 0 to 1.' }) agreeShare!: number;
}

export class ScanGroupDto {
  @ApiProperty({ description: 'kind:id, e.g. team:…' }) key!: string;
  @ApiProperty({ enum: ['organisation', 'department', 'team'] }) kind!:
    'organisation' | 'department' | 'team';
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) parentKey!: string | null;
  @ApiProperty() visible!: boolean;
  @ApiProperty({
    enum: ['below_threshold', 'complementary'],
    nullable: true,
    description:
      'Why it is hidden: fewer responses than the threshold, or hidden so that a smaller group cannot be worked out from the others.',
  })
  suppressed!: 'below_threshold' | 'complementary' | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Responses; only when visible.' }) responses!:
    number | null;
  @ApiProperty({ type: [DimensionScoreDto], description: 'Empty when hidden.' }) scores!: DimensionScoreDto[];
  @ApiProperty({
    type: [String],
    description: 'Free-text answers, in no particular order; empty when hidden.',
  })
  comments!: string[];
}

export class ScanResultsDto {
  @ApiProperty({ type: ScanDto }) scan!: ScanDto;
  @ApiProperty({ description: 'Groups with fewer responses than this are hidden.' }) threshold!: number;
  @ApiProperty({
    type: [ScanGroupDto],
    description: 'The organisation first, then departments and teams, parents before children.',
  })
  groups!: ScanGroupDto[];
}

export class TrendQueryDto {
  @ApiPropertyOptional({ description: 'organisation (default), department:<id> or team:<id>' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  group?: string;
}

export class TrendPointDto {
  @ApiProperty({ format: 'uuid' }) scanId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty() visible!: boolean;
  @ApiProperty({ enum: ['below_threshold', 'complementary'], nullable: true }) suppressed!:
    'below_threshold' | 'complementary' | null;
  @ApiProperty({ nullable: true, type: Number }) responses!: number | null;
  @ApiProperty({ type: [DimensionScoreDto] }) scores!: DimensionScoreDto[];
}

export class TrendDto {
  @ApiProperty() group!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: [TrendPointDto], description: 'Scans that have opened, oldest first.' })
  points!: TrendPointDto[];
}
