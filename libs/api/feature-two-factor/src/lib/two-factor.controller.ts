import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Public, Requires, type Actor } from '@kaizen/api/data-access-auth';
import {
  DisableTwoFactorDto,
  RecoveryCodesDto,
  SignInChallengeTokenDto,
  TwoFactorCodeDto,
  TwoFactorEnrolmentDto,
  TwoFactorPolicyDto,
  TwoFactorStatusDto,
} from './two-factor.dto';
import { TwoFactorService } from './two-factor.service';

/** A person's own second factor, set up and turned off from the account page. */
@ApiTags('two-factor')
@ApiBearerAuth()
@Controller('account/two-factor')
export class AccountTwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  @ApiOperation({
    operationId: 'getTwoFactor',
    summary: 'Whether sign-in asks this account for a second factor',
  })
  @ApiOkResponse({ type: TwoFactorStatusDto })
  status(@CurrentActor() actor: Actor): Promise<TwoFactorStatusDto> {
    return this.twoFactor.status(actor);
  }

  @Post('enrolment')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'startTwoFactorEnrolment',
    summary: 'A new authenticator secret, shown once; confirm it with a first code',
  })
  @ApiOkResponse({ type: TwoFactorEnrolmentDto })
  startEnrolment(@CurrentActor() actor: Actor): Promise<TwoFactorEnrolmentDto> {
    return this.twoFactor.startEnrolment(actor);
  }

  @Post('enrolment/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'confirmTwoFactorEnrolment',
    summary: 'Turn two-factor sign-in on with a first code; answers the recovery codes, once',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  confirmEnrolment(
    @CurrentActor() actor: Actor,
    @Body() dto: TwoFactorCodeDto,
    @Req() request: FastifyRequest,
  ): Promise<RecoveryCodesDto> {
    return this.twoFactor.confirmEnrolment(actor, dto.code, request.ip);
  }

  @Post('disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'disableTwoFactor',
    summary: 'Turn two-factor sign-in off, with password and code',
  })
  @ApiNoContentResponse()
  async disable(
    @CurrentActor() actor: Actor,
    @Body() dto: DisableTwoFactorDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.twoFactor.disable(actor, dto, request.ip);
  }
}

/** Whether the organisation requires a second factor of every member. */
@ApiTags('two-factor')
@ApiBearerAuth()
@Controller('organisation/two-factor-policy')
export class TwoFactorPolicyController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  @Requires('organisation.read')
  @ApiOperation({ operationId: 'getTwoFactorPolicy' })
  @ApiOkResponse({ type: TwoFactorPolicyDto })
  get(@CurrentActor() actor: Actor): Promise<TwoFactorPolicyDto> {
    return this.twoFactor.policy(actor);
  }

  @Put()
  @Requires('organisation.manage')
  @ApiOperation({
    operationId: 'setTwoFactorPolicy',
    summary: 'Require a second factor of every member (asked at their next sign-in) or not',
  })
  @ApiOkResponse({ type: TwoFactorPolicyDto })
  set(
    @CurrentActor() actor: Actor,
    @Body() dto: TwoFactorPolicyDto,
    @Req() request: FastifyRequest,
  ): Promise<TwoFactorPolicyDto> {
    return this.twoFactor.setPolicy(actor, dto.required, request.ip);
  }
}

/** Setting up a second factor halfway through a sign-in, when the organisation requires one. */
@ApiTags('auth')
@Controller('auth/two-factor')
export class SignInEnrolmentController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Public()
  @Post('enrolment')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'startSignInTwoFactorEnrolment',
    summary: 'For a sign-in challenge of kind "enrol": the new authenticator secret, shown once',
  })
  @ApiOkResponse({ type: TwoFactorEnrolmentDto })
  start(
    @Body() dto: SignInChallengeTokenDto,
    @Req() request: FastifyRequest,
  ): Promise<TwoFactorEnrolmentDto> {
    return this.twoFactor.startSignInEnrolment(dto.challengeToken, request.ip);
  }
}
