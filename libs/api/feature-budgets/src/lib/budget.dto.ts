import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  DecisionRuleSummaryDto,
  EnvelopeDto,
  ExperimentSummaryDto,
} from '@kaizen/api/data-access-experiments';
import { PageDto, PageQueryDto, VersionProperty } from '@kaizen/api/util-core';

export class CreateEnvelopeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Either a team …' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '… or a department.' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiProperty({ example: '2026-Q4' })
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter must look like 2026-Q4' })
  quarter!: string;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  hoursBudget!: number;

  @ApiProperty({ minimum: 0, description: 'Minor units (cents).' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  amountBudgetMinor!: number;
}

export class UpdateEnvelopeDto {
  @VersionProperty()
  version!: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  hoursBudget?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  amountBudgetMinor?: number;
}

export class EnvelopePageDto extends PageDto(EnvelopeDto) {}

export class EnvelopeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-Q4' })
  @IsOptional()
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter must look like 2026-Q4' })
  quarter?: string;
}

export class PendingApprovalDto {
  @ApiProperty({ format: 'uuid' }) approvalId!: string;
  @ApiProperty({ enum: ['team_lead', 'department_head'] }) level!: 'team_lead' | 'department_head';
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty() requestedHours!: number;
  @ApiProperty() requestedAmountMinor!: number;
  @ApiProperty({ type: ExperimentSummaryDto }) experiment!: ExperimentSummaryDto;
  @ApiProperty({
    type: DecisionRuleSummaryDto,
    description: 'The prediction and rule approved with the time and budget; `missing` is a gap.',
  })
  decisionRule!: DecisionRuleSummaryDto;
  @ApiProperty({
    type: EnvelopeDto,
    nullable: true,
    description: 'The envelope it would draw from, with what remains.',
  })
  envelope!: EnvelopeDto | null;
}

export class PendingApprovalPageDto extends PageDto(PendingApprovalDto) {}
