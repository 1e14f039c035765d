import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class SimilarWorkQueryDto {
  @ApiProperty({
    maxLength: 8000,
    description: 'The draft: problem and hypothesis as typed so far. Under 10 characters finds nothing.',
    example: 'Bed alarms at night so fewer patients fall',
  })
  @IsString()
  @MaxLength(8_000)
  text!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The experiment being edited, left out of the results.',
  })
  @IsOptional()
  @IsUUID()
  excludeExperimentId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 20,
    default: 5,
    description: 'At most this many of each kind.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

export class SimilarItemDto {
  @ApiProperty({ enum: ['experiment', 'lesson'] }) kind!: 'experiment' | 'lesson';
  @ApiProperty({ format: 'uuid', description: 'The experiment, or the lesson.' }) id!: string;
  @ApiProperty({ format: 'uuid' }) experimentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'The problem of an experiment, or the insight of a lesson.' }) snippet!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ type: String, nullable: true }) status!: string | null;
  @ApiProperty({ type: String, nullable: true }) verdict!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A lesson’s recommendation.' })
  recommendation!: string | null;
  @ApiProperty({ description: 'How close it is, higher is closer; comparable within one answer.' })
  score!: number;
}

export class SimilarWorkDto {
  @ApiProperty({ type: [SimilarItemDto], description: 'Experiments and lessons together, closest first.' })
  items!: SimilarItemDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Always null: the answer is the closest few, not a collection to page through.',
  })
  nextCursor!: string | null;
}
