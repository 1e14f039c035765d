import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '@kaizen/api/util-core';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import {
  API_TOKEN_DEFAULT_DAYS,
  API_TOKEN_DEFAULT_RATE_PER_MINUTE,
  API_TOKEN_MAX_DAYS,
  API_TOKEN_MAX_RATE_PER_MINUTE,
  apiTokenKinds,
  permissions,
  type ApiTokenKind,
  type Permission,
} from '@kaizen/shared/domain-access';

export const apiTokenStatuses = ['active', 'expired', 'revoked'] as const;
export type ApiTokenStatus = (typeof apiTokenStatuses)[number];

export class CreateApiTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Power BI export' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    type: [String],
    enum: permissions,
    description:
      'Permissions of the matrix the token may use; only ones the acting person’s role has, never tokens.manage.',
    example: ['experiments.read'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(permissions.length)
  @ArrayUnique()
  @IsIn(permissions, { each: true })
  scopes!: Permission[];

  @ApiPropertyOptional({ minimum: 1, maximum: API_TOKEN_MAX_DAYS, default: API_TOKEN_DEFAULT_DAYS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(API_TOKEN_MAX_DAYS)
  expiresInDays?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: API_TOKEN_MAX_RATE_PER_MINUTE,
    default: API_TOKEN_DEFAULT_RATE_PER_MINUTE,
    description: 'Requests per minute; beyond it the token gets 429 with Retry-After.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(API_TOKEN_MAX_RATE_PER_MINUTE)
  rateLimitPerMinute?: number;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: apiTokenKinds }) kind!: ApiTokenKind;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], enum: permissions }) scopes!: Permission[];
  @ApiProperty({
    description: 'The prefix and last four characters, to recognise the token.',
    example: 'kzl_…x9Qa',
  })
  hint!: string;
  @ApiProperty({
    format: 'uuid',
    description:
      'The membership the token acts for: its person, or the admin who made an organisation token.',
  })
  membershipId!: string;
  @ApiProperty() createdByName!: string;
  @ApiProperty() rateLimitPerMinute!: number;
  @ApiProperty({ enum: apiTokenStatuses }) status!: ApiTokenStatus;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The token itself, shown this once; only its hash is kept.', example: 'kzl_…' })
  token!: string;
}

export class ApiTokenPageDto extends PageDto(ApiTokenDto) {}
