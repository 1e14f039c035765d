import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { roles, type Role } from '@kaizen/shared/domain-access';
import { EMAIL_DOMAIN_PATTERN, SSO_SLUG_PATTERN } from '@kaizen/shared/domain-sso';

/** An organisation's single sign-on, as an admin sees it: the client secret never leaves the server. */
export class SsoSettingsDto {
  @ApiProperty({ description: 'The name people type on the sign-in page.', example: 'zorg-noord' })
  slug!: string;

  @ApiProperty({ example: 'https://login.zorg-noord.nl/realms/staff' })
  issuer!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ description: 'Always true: a secret is stored. It is never sent back.' })
  clientSecretSet!: boolean;

  @ApiProperty({ type: [String], example: ['zorg-noord.nl'] })
  allowedDomains!: string[];

  @ApiProperty({ enum: roles, description: 'The role of a member whose account SSO creates.' })
  defaultRole!: Role;

  @ApiProperty({
    description: 'Members may not sign in or reset with a password (except the break-glass admin).',
  })
  required!: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  breakGlassMembershipId!: string | null;

  @ApiProperty({ description: 'Where the provider must send people back to (register it there).' })
  redirectUri!: string;

  @ApiProperty({ example: 1 })
  version!: number;
}

/** What the settings page opens on: the settings, or null while the organisation signs in with passwords only. */
export class CurrentSsoSettingsDto {
  @ApiProperty({ type: SsoSettingsDto, nullable: true })
  settings!: SsoSettingsDto | null;
}

export class SaveSsoSettingsDto {
  @ApiProperty({ pattern: SSO_SLUG_PATTERN.source, maxLength: 40, example: 'zorg-noord' })
  @IsString()
  @Matches(SSO_SLUG_PATTERN, {
    message: 'slug must be 1 to 40 lower-case letters, digits or inner hyphens',
  })
  slug!: string;

  @ApiProperty({ format: 'uri', maxLength: 500, example: 'https://login.zorg-noord.nl/realms/staff' })
  @IsString()
  @MaxLength(500)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true, require_tld: false },
    { message: 'issuer must be an https:// URL' },
  )
  issuer!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  clientId!: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 500,
    description: 'Required the first time; leave out to keep the stored one.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  clientSecret?: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 253, pattern: EMAIL_DOMAIN_PATTERN.source },
    minItems: 1,
    maxItems: 20,
    example: ['zorg-noord.nl'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  @Matches(EMAIL_DOMAIN_PATTERN, {
    each: true,
    message: 'allowedDomains must be e-mail domains such as example.org',
  })
  allowedDomains!: string[];

  @ApiProperty({ enum: roles })
  @IsIn(roles)
  defaultRole!: Role;

  @ApiProperty()
  @IsBoolean()
  required!: boolean;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  breakGlassMembershipId?: string | null;
}

export class SsoSlugParamDto {
  @ApiProperty({ pattern: SSO_SLUG_PATTERN.source, example: 'zorg-noord' })
  @IsString()
  @Matches(SSO_SLUG_PATTERN, {
    message: 'organisationSlug must be 1 to 40 lower-case letters, digits or inner hyphens',
  })
  organisationSlug!: string;
}
