import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { isTimeZone, timeZoneRule } from '@kaizen/shared/domain-schedules';
import { roles, type Role } from '@kaizen/shared/domain-access';
import { headlines, type Headline } from '@kaizen/shared/domain-learning';
import { PageDto, PageQueryDto, Satisfies, VersionProperty } from '@kaizen/api/util-core';

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Europe/Amsterdam' }) timeZone!: string;
  @ApiProperty({ enum: ['en', 'nl'] }) locale!: 'en' | 'nl';
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ description: 'Proposals asking more hours than this go to the department head.' })
  approvalThresholdHours!: number;
  @ApiProperty({
    description: 'Proposals asking more money than this (minor units) go to the department head.',
  })
  approvalThresholdAmountMinor!: number;
  @ApiProperty({
    description: 'Hours a proposal may wait for its approver before it escalates to the next one.',
  })
  approvalSlaHours!: number;
  @ApiProperty({ description: 'Days after a result (or a stop) before a missing lesson is asked for.' })
  lessonReminderDays!: number;
  @ApiProperty({
    enum: headlines,
    description:
      'Which improvements the headline improvement rate counts: data-backed (the measure showed an improvement signal after the change; the default) or self-reported.',
  })
  headlineImprovements!: Headline;
  @ApiProperty({ description: 'Send it back when updating; a stale one gets 409.' }) version!: number;
}

export class UpdateOrganisationDto {
  @VersionProperty()
  version!: number;

  @ApiPropertyOptional({ minLength: 2, maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(2, 120)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Amsterdam' })
  @IsOptional()
  @Satisfies('isTimeZone', isTimeZone, timeZoneRule)
  timeZone?: string;

  @ApiPropertyOptional({ enum: ['en', 'nl'] })
  @IsOptional()
  @IsIn(['en', 'nl'])
  locale?: 'en' | 'nl';

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217 code' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  approvalThresholdHours?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Minor units of the currency, e.g. cents.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  approvalThresholdAmountMinor?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 720,
    description: 'Hours before a waiting proposal escalates.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  approvalSlaHours?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 60, description: 'Days before a missing lesson is asked for.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  lessonReminderDays?: number;

  @ApiPropertyOptional({
    enum: headlines,
    description: 'Which improvements the headline improvement rate counts.',
  })
  @IsOptional()
  @IsIn(headlines)
  headlineImprovements?: Headline;
}

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty({ type: [String], description: 'Membership ids of the current department heads.' })
  headIds!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
}

export class DepartmentPageDto extends PageDto(DepartmentDto) {}

export class CreateDepartmentDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null moves it to the top level.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId?: string | null;
}

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' }) membershipId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['member', 'lead'] }) position!: 'member' | 'lead';
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class TeamDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) departmentId!: string;
  @ApiProperty({ type: [TeamMemberDto] }) members!: TeamMemberDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
}

export class TeamPageDto extends PageDto(TeamDto) {}

export class TeamQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class CreateTeamDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId!: string;
}

export class UpdateTeamDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class PlaceMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  membershipId!: string;

  @ApiProperty({ enum: ['member', 'lead'] })
  @IsIn(['member', 'lead'])
  position!: 'member' | 'lead';
}

export class AppointHeadDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  membershipId!: string;
}

export class MemberTeamDto {
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ enum: ['member', 'lead'] }) position!: 'member' | 'lead';
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: roles }) role!: Role;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status!: 'active' | 'deactivated';
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
  @ApiProperty({ type: [MemberTeamDto] }) teams!: MemberTeamDto[];
  @ApiProperty() version!: number;
}

export class MemberPageDto extends PageDto(MemberDto) {}

export class UpdateMemberDto {
  @VersionProperty()
  version!: number;

  @ApiPropertyOptional({ enum: roles })
  @IsOptional()
  @IsIn(roles)
  role?: Role;

  @ApiPropertyOptional({
    enum: ['active', 'deactivated'],
    description: 'Deactivated people keep their history and authorship.',
  })
  @IsOptional()
  @IsIn(['active', 'deactivated'])
  status?: 'active' | 'deactivated';
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: roles }) role!: Role;
  @ApiProperty({ enum: ['open', 'accepted', 'revoked', 'expired'] }) state!:
    'open' | 'accepted' | 'revoked' | 'expired';
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class InvitationPageDto extends PageDto(InvitationDto) {}

export class CreateInvitationDto {
  @ApiProperty({ example: 'sam@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: roles })
  @IsIn(roles)
  role!: Role;

  @ApiPropertyOptional({
    enum: ['en', 'nl'],
    description: 'Language of the invitation email; the organisation language otherwise.',
  })
  @IsOptional()
  @IsIn(['en', 'nl'])
  locale?: 'en' | 'nl';
}
