import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  headlines,
  metricNames,
  periodTypes,
  type Headline,
  type MetricName,
  type PeriodType,
} from '@kaizen/shared/domain-learning';

export class MetricsDto {
  @ApiProperty() started!: number;
  @ApiProperty() concluded!: number;
  @ApiProperty() learned!: number;
  @ApiProperty() stopped!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Lessons ÷ concluded experiments.' })
  loopClosureRate!: number | null;
  @ApiProperty({
    description:
      'Self-reported improvements: confirmed experiments whose lesson was adopted or standardised (a decision against its rule once the approver upheld it).',
  })
  validatedImprovements!: number;
  @ApiProperty({
    description: 'Adopted improvements whose measure showed an improvement signal after the change.',
  })
  dataBackedImprovements!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Improvements per 10 members per month: data-backed or self-reported, as `headline` says.',
  })
  improvementRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median days from hypothesis to lesson.' })
  learningVelocityDays!: number | null;
  @ApiProperty({ description: 'Adoptions of this unit’s lessons by other teams.' }) knowledgeSpread!: number;
  @ApiProperty({ type: Number, nullable: true }) doubleLoopShare!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of members who started an experiment.' })
  participation!: number | null;
  @ApiProperty({ type: Number, nullable: true }) approvalLeadTimeHours!: number | null;
  @ApiProperty() hoursApproved!: number;
  @ApiProperty() hoursSpent!: number;
  @ApiProperty() amountApprovedMinor!: number;
  @ApiProperty() amountSpentMinor!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() refuted!: number;
  @ApiProperty() inconclusive!: number;
}

export class PeriodMetricsDto {
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ type: MetricsDto }) metrics!: MetricsDto;
}

export class RollupSeriesDto {
  @ApiProperty({ enum: ['member', 'team', 'department', 'organisation'] }) level!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: periodTypes }) periodType!: PeriodType;
  @ApiProperty({
    enum: headlines,
    description: "Which improvements `improvementRate` counts: the organisation's setting.",
  })
  headline!: Headline;
  @ApiProperty({ description: 'Members counted now (n).' }) headcount!: number;
  @ApiProperty({ description: 'Fewer than 5 members: read with care; never ranked.' }) smallGroup!: boolean;
  @ApiProperty({ type: [PeriodMetricsDto], description: 'Oldest first, ending with the current period.' })
  series!: PeriodMetricsDto[];
}

export class SeriesQueryDto {
  @ApiPropertyOptional({ enum: periodTypes, default: 'month' })
  @IsOptional()
  @IsIn(periodTypes)
  period?: PeriodType;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 104,
    default: 12,
    description: 'How many periods, ending with the current one.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(104)
  count?: number;
}

export class ComparisonQueryDto extends SeriesQueryDto {
  @ApiPropertyOptional({ enum: metricNames, default: 'improvementRate' })
  @IsOptional()
  @IsIn(metricNames)
  metric?: MetricName;
}

export class DepartmentComparisonDto {
  @ApiProperty({ format: 'uuid' }) departmentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'n: members in the department and its sub-departments.' }) headcount!: number;
  @ApiProperty() smallGroup!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Null for small groups and groups without a value.',
  })
  rank!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The metric in the current period.' }) value!:
    number | null;
  @ApiProperty({ type: [Number], nullable: true, description: 'The metric per period, oldest first.' })
  trend!: Array<number | null>;
}

export class ComparisonDto {
  @ApiProperty({ enum: metricNames }) metric!: MetricName;
  @ApiProperty({ enum: periodTypes }) periodType!: PeriodType;
  @ApiProperty({ type: [String] }) periods!: string[];
  @ApiProperty({
    type: [DepartmentComparisonDto],
    description: 'Ranked first, then unranked small groups and groups without data.',
  })
  departments!: DepartmentComparisonDto[];
}
