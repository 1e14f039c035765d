import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import {
  disciplines,
  lessonVisibilities,
  recommendations,
  verdicts,
  type Discipline,
  type LessonVisibility,
  type Recommendation,
  type Verdict,
} from '@kaizen/shared/domain-experiment';
import { PageDto, PageQueryDto, VersionProperty } from '@kaizen/api/util-core';

export class LessonInputDto {
  @VersionProperty()
  version!: number;

  @ApiProperty({ maxLength: 4000, example: 'A fixed handover order mattered more than the time it took.' })
  @IsString()
  @Length(1, 4_000)
  insight!: string;

  @ApiProperty({ enum: recommendations })
  @IsIn(recommendations)
  recommendation!: Recommendation;

  @ApiPropertyOptional({ maxLength: 1000, description: 'What we assumed before.' })
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  assumptionBefore?: string;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: 'What we assume now; when it differs, the lesson is double-loop.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  assumptionAfter?: string;

  @ApiPropertyOptional({ enum: disciplines, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(disciplines, { each: true })
  disciplines?: Discipline[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];

  @ApiProperty({ enum: lessonVisibilities })
  @IsIn(lessonVisibilities)
  visibility!: LessonVisibility;
}

export class LessonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty() experimentTitle!: string;
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ format: 'uuid' }) departmentId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() insight!: string;
  @ApiProperty({ enum: recommendations }) recommendation!: Recommendation;
  @ApiProperty() assumptionBefore!: string;
  @ApiProperty() assumptionAfter!: string;
  @ApiProperty({ description: 'The lesson changed an assumption: double-loop learning.' })
  doubleLoop!: boolean;
  @ApiProperty({
    description:
      "The experiment's measure showed an improvement signal after the change, frozen when the experiment was learned.",
  })
  dataBacked!: boolean;
  @ApiProperty({ enum: disciplines, isArray: true }) disciplines!: Discipline[];
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ enum: lessonVisibilities }) visibility!: LessonVisibility;
  @ApiProperty({ type: String, enum: verdicts, nullable: true }) verdict!: Verdict | null;
  @ApiProperty({ description: 'Teams that adopted it.' }) adoptionCount!: number;
  @ApiProperty({ type: [String], description: 'Experiments that build on this lesson.' })
  followUpExperimentIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LessonPageDto extends PageDto(LessonDto) {}

export class LessonQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Full-text search, Dutch and English stemming.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  tag?: string;

  @ApiPropertyOptional({ enum: disciplines })
  @IsOptional()
  @IsIn(disciplines)
  discipline?: Discipline;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ enum: verdicts })
  @IsOptional()
  @IsIn(verdicts)
  verdict?: Verdict;

  @ApiPropertyOptional({ enum: recommendations })
  @IsOptional()
  @IsIn(recommendations)
  recommendation?: Recommendation;
}

export class AdoptLessonDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The team that takes the lesson up; a follow-up experiment starts there.',
  })
  @IsUUID()
  teamId!: string;
}
