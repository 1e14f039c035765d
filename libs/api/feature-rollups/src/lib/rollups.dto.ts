import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  comparableMetrics,
  headlines,
  periodTypes,
  type ComparableMetric,
  type Headline,
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
  @ApiProperty({ description: 'Fewer than 5 members: read with care.' }) smallGroup!: boolean;
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
  @ApiPropertyOptional({
    enum: comparableMetrics,
    default: 'improvementRate',
    description: 'A metric that is events over an exposure, so it can be put on a funnel plot.',
  })
  @IsOptional()
  @IsIn(comparableMetrics)
  metric?: ComparableMetric;
}

export class FunnelLimitsDto {
  @ApiProperty() lower95!: number;
  @ApiProperty() upper95!: number;
  @ApiProperty() lower998!: number;
  @ApiProperty() upper998!: number;
}

export class FunnelDto {
  @ApiProperty({
    enum: ['rate', 'proportion'],
    description: 'rate: Poisson limits (events per exposure); proportion: binomial limits (share of trials).',
  })
  model!: 'rate' | 'proportion';
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The organisation’s rate over the window: the target line. Null without exposure.',
  })
  target!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Spiegelhalter’s overdispersion φ from the 10 % winsorised z-scores.',
  })
  phi!: number | null;
  @ApiProperty({ description: 'The limits were widened by √φ because φ > 1.' })
  overdispersionApplied!: boolean;
  @ApiProperty({ description: 'Values are events ÷ exposure × multiplier (10 for “per 10 members”).' })
  multiplier!: number;
}

export class DepartmentComparisonDto {
  @ApiProperty({ format: 'uuid' }) departmentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'n: members in the department and its sub-departments.' }) headcount!: number;
  @ApiProperty({ description: 'Fewer than 5 members: read with care.' }) smallGroup!: boolean;
  @ApiProperty({ description: 'Events over the window (improvements, lessons, people taking part).' })
  events!: number;
  @ApiProperty({
    description: 'Exposure over the window (person-months, concluded experiments, person-periods).',
  })
  exposure!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The metric over the whole window.' })
  value!: number | null;
  @ApiProperty({
    type: FunnelLimitsDto,
    nullable: true,
    description: '95 % and 99.8 % limits around the target at this exposure.',
  })
  limits!: FunnelLimitsDto | null;
  @ApiProperty({
    enum: ['within', 'above', 'below'],
    nullable: true,
    description: 'Against the 95 % limits; null without exposure.',
  })
  position!: 'within' | 'above' | 'below' | null;
  @ApiProperty({ description: 'Outside the 99.8 % limits as well.' }) beyond998!: boolean;
  @ApiProperty({ type: [Number], nullable: true, description: 'The metric per period, oldest first.' })
  trend!: Array<number | null>;
}

export class ComparisonDto {
  @ApiProperty({ enum: comparableMetrics }) metric!: ComparableMetric;
  @ApiProperty({ enum: periodTypes }) periodType!: PeriodType;
  @ApiProperty({ type: [String] }) periods!: string[];
  @ApiProperty({
    enum: headlines,
    description: "Which improvements `improvementRate` counts: the organisation's setting.",
  })
  headline!: Headline;
  @ApiProperty({ type: FunnelDto }) funnel!: FunnelDto;
  @ApiProperty({
    type: [DepartmentComparisonDto],
    description: 'By name: a funnel plot compares each department with the target, not with each other.',
  })
  departments!: DepartmentComparisonDto[];
}
