import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
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
import { PageDto, PageQueryDto } from '@kaizen/api/util-core';

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
