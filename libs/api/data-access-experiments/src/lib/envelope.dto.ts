import { ApiProperty } from '@nestjs/swagger';

export class EnvelopeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['team', 'department'] }) scope!: 'team' | 'department';
  @ApiProperty({ format: 'uuid' }) scopeId!: string;
  @ApiProperty() scopeName!: string;
  @ApiProperty({ example: '2026-Q4' }) quarter!: string;
  @ApiProperty() hoursBudget!: number;
  @ApiProperty() amountBudgetMinor!: number;
  @ApiProperty({ description: 'Approved so far.' }) hoursCommitted!: number;
  @ApiProperty() amountCommittedMinor!: number;
  @ApiProperty({ description: 'Reported as actually spent by concluded experiments.' }) hoursSpent!: number;
  @ApiProperty() amountSpentMinor!: number;
  @ApiProperty() hoursRemaining!: number;
  @ApiProperty() amountRemainingMinor!: number;
  @ApiProperty() version!: number;
}
