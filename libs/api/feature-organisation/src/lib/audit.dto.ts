import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import {
  auditActionNames,
  auditObjectTypes,
  type AuditAction,
  type AuditObjectType,
} from '@kaizen/shared/domain-access';
import { IsDateTime } from '@kaizen/api/util-core';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 500;

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ enum: auditActionNames }) action!: AuditAction;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The user who acted; null: the system.',
  })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ type: String, enum: auditObjectTypes, nullable: true }) targetType!: AuditObjectType | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) targetId!: string | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'The object before the act; null when it did not exist yet or the act changed none.',
  })
  before!: Record<string, unknown> | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'The object after the act; null when the act removed it or changed none.',
  })
  after!: Record<string, unknown> | null;
  @ApiProperty({ type: Object, description: 'What else the act concerned, such as a reason.' })
  details!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, description: 'The address the request came from.' })
  ip!: string | null;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}

/** Which events: every filter given must hold. */
export class AuditFilterDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did.' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: auditActionNames })
  @IsOptional()
  @IsIn(auditActionNames)
  action?: AuditAction;

  @ApiPropertyOptional({ enum: auditObjectTypes, description: 'Only acts on this kind of object.' })
  @IsOptional()
  @IsIn(auditObjectTypes)
  targetType?: AuditObjectType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only acts on this object.' })
  @IsOptional()
  @IsUUID()
  targetId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events at or after this moment.' })
  @IsOptional()
  @IsDateTime()
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events before this moment.' })
  @IsOptional()
  @IsDateTime()
  before?: string;
}

export class AuditQueryDto extends AuditFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
