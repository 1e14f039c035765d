import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageDto } from '@kaizen/api/util-core';

export const exportStatuses = ['queued', 'running', 'ready', 'failed'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

export class DataExportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The member whose data it holds.' })
  subjectMembershipId!: string;
  @ApiProperty({ enum: exportStatuses }) status!: ExportStatus;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent prepared.' }) progress!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Bytes of the ZIP, once ready.' }) size!:
    number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readyAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'After this the file is gone.' }) expiresAt!: string;
  @ApiProperty({ description: 'Whether the file can still be downloaded.' }) downloadable!: boolean;
}

export class DataExportPageDto extends PageDto(DataExportDto) {}

export class ErasureDto {
  @ApiProperty({
    description: "The person's name as shown, typed again to confirm: erasure cannot be undone.",
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  confirmName!: string;
}

export class RetentionDto {
  @ApiProperty({ minimum: 30, maximum: 3650, default: 365, description: 'Days notifications are kept.' })
  @IsInt()
  @Min(30)
  @Max(3650)
  notificationDays!: number;

  @ApiProperty({ minimum: 180, maximum: 3650, default: 730, description: 'Days audit entries are kept.' })
  @IsInt()
  @Min(180)
  @Max(3650)
  auditDays!: number;

  @ApiProperty({
    minimum: 30,
    maximum: 3650,
    default: 730,
    description: 'Days after deactivation a person is erased (when the account is in no other organisation).',
  })
  @IsInt()
  @Min(30)
  @Max(3650)
  deactivatedAccountDays!: number;
}
