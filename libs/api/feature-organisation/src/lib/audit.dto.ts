import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  auditActionNames,
  auditObjectTypes,
  type AuditAction,
  type AuditObjectType,
} from '@kaizen/shared/domain-access';
import { IsDateTime, PageDto, PageQueryDto } from '@kaizen/api/util-core';

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

export class AuditEventPageDto extends PageDto(AuditEventDto) {}

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

/** The filter, paged like every other list. */
export class AuditQueryDto extends IntersectionType(AuditFilterDto, PageQueryDto) {}
