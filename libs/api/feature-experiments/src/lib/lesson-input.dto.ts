import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import {
  disciplines,
  lessonVisibilities,
  recommendations,
  type Discipline,
  type LessonVisibility,
  type Recommendation,
} from '@kaizen/shared/domain-experiment';
import { VersionProperty } from '@kaizen/api/util-core';

/** The lesson an experiment captures (PUT experiments/:id/lesson); the lessons library reads it back. */
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
