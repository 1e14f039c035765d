import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiExtraModels,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import '@fastify/cookie'; // adds setCookie and clearCookie to FastifyReply
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CurrentActor,
  Public,
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  setRefreshCookie,
  type Actor,
  type IssuedSession,
} from '@kaizen/api/data-access-auth';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import {
  AcceptInvitationDto,
  InvitationPreviewDto,
  MeDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshedSessionDto,
  SecondFactorDto,
  SecondFactorSessionDto,
  SessionDto,
  SignInDto,
  SignUpDto,
  SwitchOrganisationDto,
  TwoFactorChallengeDto,
} from './auth.dto';
import { AuthService } from './auth.service';

type CookieRequest = FastifyRequest & { cookies: Record<string, string | undefined> };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('sign-up')
  @ApiOperation({ operationId: 'signUp', summary: 'Create an organisation and its first admin, and sign in' })
  @ApiCreatedResponse({ type: SessionDto })
  async signUp(
    @Body() dto: SignUpDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    return this.withCookie(reply, await this.auth.signUp(dto, request.ip));
  }

  @Public()
  @Post('sign-in')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'signIn',
    summary:
      'Sign in with email and password; accounts with a second factor get a challenge for the second step',
  })
  @ApiExtraModels(SessionDto, TwoFactorChallengeDto)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(SessionDto) }, { $ref: getSchemaPath(TwoFactorChallengeDto) }] },
  })
  async signIn(
    @Body() dto: SignInDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto | TwoFactorChallengeDto> {
    const outcome = await this.auth.signIn(dto, request.ip);
    return 'challengeToken' in outcome ? outcome : this.withCookie(reply, outcome);
  }

  @Public()
  @Post('sign-in/second-factor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'signInSecondFactor',
    summary: 'The second step of sign-in: a code from the authenticator app, or a recovery code',
  })
  @ApiOkResponse({ type: SecondFactorSessionDto })
  async signInSecondFactor(
    @Body() dto: SecondFactorDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SecondFactorSessionDto> {
    const issued = await this.auth.completeSignIn(dto, request.ip);
    return { ...this.withCookie(reply, issued), recoveryCodes: issued.recoveryCodes };
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'refreshSession',
    summary: 'Trade the refresh cookie for a new access token and cookie',
  })
  @ApiOkResponse({ type: RefreshedSessionDto })
  async refresh(
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefreshedSessionDto> {
    const refreshed = await this.auth.refresh(request.cookies[REFRESH_COOKIE], request.ip);
    return { ...this.withCookie(reply, refreshed), me: refreshed.me };
  }

  @Public()
  @Post('sign-out')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'signOut', summary: 'End this session on this device' })
  @ApiNoContentResponse()
  async signOut(
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.signOut(request.cookies[REFRESH_COOKIE], request.ip);
    reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  @Post('switch')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'switchOrganisation',
    summary: 'Act in another organisation this account belongs to',
  })
  @ApiOkResponse({ type: SessionDto })
  async switchOrganisation(
    @CurrentActor() actor: Actor,
    @Body() dto: SwitchOrganisationDto,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    return this.withCookie(
      reply,
      await this.auth.switchOrganisation(
        actor,
        dto.organisationId,
        request.cookies[REFRESH_COOKIE],
        request.ip,
      ),
    );
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'getMe',
    summary: 'Who is signed in, where, and where else they may switch to',
  })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'requestPasswordReset',
    summary: 'Email a single-use reset link, if the email has an account',
  })
  @ApiAcceptedResponse({ description: 'The same answer whether or not the email has an account.' })
  async requestPasswordReset(
    @Body() dto: PasswordResetRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.auth.requestPasswordReset(dto.email, request.ip);
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with the emailed token; ends every session',
  })
  @ApiNoContentResponse()
  async confirmPasswordReset(
    @Body() dto: PasswordResetConfirmDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.auth.confirmPasswordReset(dto.token, dto.password, request.ip);
  }

  @Public()
  @Get('invitations/:token')
  @ApiOperation({ operationId: 'previewInvitation', summary: 'What an invitation link offers' })
  @ApiOkResponse({ type: InvitationPreviewDto })
  previewInvitation(@Param('token') token: string): Promise<InvitationPreviewDto> {
    return this.auth.previewInvitation(token);
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'acceptInvitation',
    summary: 'Accept an invitation: creates the account, or links an existing one',
  })
  @ApiExtraModels(SessionDto, TwoFactorChallengeDto)
  @ApiOkResponse({
    description: 'A session; for an existing account with a second factor, the challenge of the second step.',
    schema: { oneOf: [{ $ref: getSchemaPath(SessionDto) }, { $ref: getSchemaPath(TwoFactorChallengeDto) }] },
  })
  async acceptInvitation(
    @Body() dto: AcceptInvitationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto | TwoFactorChallengeDto> {
    const outcome = await this.auth.acceptInvitation(dto, request.ip);
    return 'challengeToken' in outcome ? outcome : this.withCookie(reply, outcome);
  }

  private withCookie(reply: FastifyReply, issued: IssuedSession): SessionDto {
    setRefreshCookie(reply, issued, this.config.COOKIE_SECURE);
    return issued.session;
  }
}
