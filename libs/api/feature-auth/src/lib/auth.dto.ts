import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { roles, type Role } from '@kaizen/shared/domain-access';

const locales = ['en', 'nl'] as const;
type Locale = (typeof locales)[number];

class PasswordField {
  @ApiProperty({ minLength: 10, maxLength: 200, example: 'correct horse battery staple' })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password!: string;
}

export class SignUpDto extends PasswordField {
  @ApiProperty({ example: 'Zorggroep Noord', minLength: 2, maxLength: 120 })
  @IsString()
  @Length(2, 120)
  organisationName!: string;

  @ApiProperty({ example: 'Anna de Vries', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ example: 'anna@example.com', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ enum: locales, default: 'en' })
  @IsOptional()
  @IsIn(locales)
  locale?: Locale;
}

export class SignInDto {
  @ApiProperty({ example: 'anna@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Which organisation to act in; the most recent one otherwise.',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class TwoFactorChallengeDto {
  @ApiProperty({
    enum: ['verify', 'enrol'],
    description:
      '`verify`: send a code to /auth/sign-in/second-factor. `enrol`: the organisation requires a second factor this account lacks; set one up with /auth/two-factor/enrolment first.',
  })
  twoFactor!: 'verify' | 'enrol';

  @ApiProperty({ description: 'Single-use, valid for a few minutes.' })
  challengeToken!: string;

  @ApiProperty({ description: 'Seconds until the challenge expires.', example: 300 })
  expiresIn!: number;
}

export class SecondFactorDto {
  @ApiProperty({ description: 'The challenge token the password step returned.' })
  @IsString()
  @Length(20, 200)
  challengeToken!: string;

  @ApiPropertyOptional({ pattern: '^\\d{6}$', description: 'A code from the authenticator app.' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits the authenticator app shows' })
  code?: string;

  @ApiPropertyOptional({
    description: 'Instead of a code: an unused recovery code.',
    minLength: 10,
    maxLength: 20,
  })
  @IsOptional()
  @IsString()
  @Length(10, 20)
  recoveryCode?: string;
}

export class SwitchOrganisationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'anna@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
}

export class PasswordResetConfirmDto extends PasswordField {
  @ApiProperty({ description: 'The token from the emailed link.' })
  @IsString()
  @Length(20, 200)
  token!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the emailed link.' })
  @IsString()
  @Length(20, 200)
  token!: string;

  @ApiProperty({ description: 'For a new account, the password to set; for an existing one, its password.' })
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ description: 'Required when the email has no account yet.', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;
}

export class SessionDto {
  @ApiProperty({
    description:
      'Send as "Authorization: Bearer <accessToken>". The refresh token travels in an httpOnly cookie.',
  })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 600 })
  expiresIn!: number;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ enum: roles })
  role!: Role;
}

export class SecondFactorSessionDto extends SessionDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'When the account set up its second factor in this step: its recovery codes, shown once.',
  })
  recoveryCodes?: string[];
}

export class MembershipSummaryDto {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({
    example: 'EUR',
    description: "The organisation's currency (ISO 4217), for showing its amounts.",
  })
  currency!: string;

  @ApiProperty({
    example: 'Europe/Amsterdam',
    description: "The organisation's IANA time zone, for showing its dates and times.",
  })
  timeZone!: string;

  @ApiProperty({ enum: roles })
  role!: Role;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ enum: locales })
  locale!: Locale;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ format: 'uuid' })
  membershipId!: string;

  @ApiProperty({ enum: roles })
  role!: Role;

  @ApiProperty({
    description:
      'Whether this person now leads a team or heads a department here, which opens the approval inbox whatever the role.',
  })
  leadsOrHeads!: boolean;

  @ApiProperty({
    type: [MembershipSummaryDto],
    description: 'Every organisation this account may switch to.',
  })
  memberships!: MembershipSummaryDto[];
}

/** A refresh answers who is signed in too: a page restoring its session then needs no second round trip. */
export class RefreshedSessionDto extends SessionDto {
  @ApiProperty({ type: MeDto, description: 'Who is signed in, as GET /api/auth/me answers.' })
  me!: MeDto;
}

export class InvitationPreviewDto {
  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ description: 'The name of the person who sent the invitation.' })
  invitedBy!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: roles })
  role!: Role;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ description: 'Whether an account exists for this email (then its password is asked).' })
  accountExists!: boolean;
}
