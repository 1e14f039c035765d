import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches, MaxLength } from 'class-validator';

const CODE_RULE = { message: 'code must be the 6 digits the authenticator app shows' };

export class TwoFactorStatusDto {
  @ApiProperty({ description: 'Whether sign-in asks this account for a code from an authenticator app.' })
  enabled!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  enabledAt!: string | null;

  @ApiProperty({ description: 'Unused recovery codes.' })
  recoveryCodesLeft!: number;

  @ApiProperty({ description: 'Whether the organisation acted in requires a second factor of every member.' })
  requiredByOrganisation!: boolean;
}

export class TwoFactorEnrolmentDto {
  @ApiProperty({
    description: 'The secret (base32), shown once: enter it in the app, or scan the URI as a QR code.',
  })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Kaizen%20Loop:anna%40example.com?secret=…&issuer=Kaizen%20Loop' })
  otpauthUri!: string;
}

export class TwoFactorCodeDto {
  @ApiProperty({ pattern: '^\\d{6}$', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, CODE_RULE)
  code!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: 'Shown once; each signs in once when the authenticator app is not at hand.',
  })
  recoveryCodes!: string[];
}

export class DisableTwoFactorDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiProperty({
    description: 'A code from the app, or an unused recovery code.',
    minLength: 6,
    maxLength: 20,
  })
  @IsString()
  @Length(6, 20)
  code!: string;
}

export class SignInChallengeTokenDto {
  @ApiProperty({ description: 'The challenge token the password step returned.' })
  @IsString()
  @Length(20, 200)
  challengeToken!: string;
}

export class TwoFactorPolicyDto {
  @ApiProperty({
    description: 'Members without a second factor are asked to set one up at their next sign-in.',
  })
  @IsBoolean()
  required!: boolean;
}
